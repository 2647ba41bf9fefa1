/**
 * The App Home through the real Bolt app: app_home_opened (tab home) → views.publish for that person, within the
 * Home tab's limits, with how to use lm-doctor, every live-migration class grouped and linked, and the store's
 * figures for the last 30 days. HTTP mode and Socket Mode.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { knowledgeIndex, startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { createTempFeedbackStore, type TempFeedbackStore } from '../support/temp-feedback-store';
import { makeFeedbackRecord } from '../../src/feedback/make-record';
import { LIMITS } from '../../src/slack/block-kit';
import { COMMAND, HOME } from '../../src/slack/messages';
import { renderHomeView, summarizeFeedback } from '../../src/slack/render-home';
import type { FeedbackRecord } from '../../src/support/feedback-record';
import type { KnowledgeEntry } from '../../src/core/types';

const KB_URL = 'https://git.example/ops/lm-doctor/blob/main/knowledge/';
const DAY = 86_400_000;

type LooseBlock = { type: string; text?: { text: string }; elements?: { text?: string }[] };

function record(i: number, fields: Partial<FeedbackRecord>, daysAgo = 1): FeedbackRecord {
  return makeFeedbackRecord({
    text: 'x', answered: 'credssp-double-hop', chosen: 'credssp-double-hop', source: 'fixed', signals: [], channel: 'C1',
    user: `U${i}`, replyTs: `1.${i}`, at: new Date(Date.now() - daysAgo * DAY).toISOString(), version: 't', ...fields,
  });
}

function expectWithinHomeLimits(blocks: LooseBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.homeBlocks);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'context') for (const e of b.elements ?? []) expect(e.text?.length).toBeLessThanOrEqual(LIMITS.sectionText);
  }
}

const homeOpened = (user: string, tab = 'home') => eventCallback({ type: 'app_home_opened', user, channel: 'D0HOME', tab, event_ts: '1700000000.000100' });

describe.each(['http', 'socket'] as const)('the App Home (%s)', (mode) => {
  let fake: SlackApiServer;
  let app: TestApp;
  let feedback: TempFeedbackStore;

  beforeAll(async () => {
    feedback = createTempFeedbackStore();
    const { store } = feedback;
    // 3 fixed, 2 not it (chosen kcd-migration-service-missing), 1 unanswered mention labelled, and one 40 days old.
    for (let i = 0; i < 3; i++) await store.add(record(i, {}));
    for (let i = 3; i < 5; i++) await store.add(record(i, { source: 'not_it', chosen: 'kcd-migration-service-missing' }));
    await store.add(record(5, { source: 'mention_unanswered', answered: null, chosen: 'kcd-migration-service-missing' }));
    await store.add(record(6, { source: 'not_it', chosen: null }, 40));
    fake = await startSlackApiServer();
    app = await startTestApp({ mode, fake, env: { LM_KNOWLEDGE_URL: KB_URL }, services: { labels: feedback.labels } });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await feedback?.close();
  });

  async function open(user: string, tab = 'home'): Promise<void> {
    if (mode === 'http') expect((await postSigned(app.eventsUrl, homeOpened(user, tab))).status).toBe(200);
    else await fake.sendEnvelope({ envelope_id: `env-home-${user}-${tab}`, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: homeOpened(user, tab) });
  }

  it('publishes the Home view for the person, within limits, with the store\'s figures for the last 30 days', async () => {
    await open('U0HOME');
    const call: ApiCall = await fake.waitFor(() => fake.callsTo('views.publish').find((c) => c.params.user_id === 'U0HOME'), 3000, 'views.publish');
    const view = call.params.view as { type: string; blocks: LooseBlock[] };
    expect(view.type).toBe('home');
    expectWithinHomeLimits(view.blocks);
    const text = JSON.stringify(view.blocks);
    for (const s of [COMMAND, 'Diagnose with lm-doctor', 'Paste', 'Mention']) expect(text).toContain(s);
    expect(text).toContain(JSON.stringify(HOME.feedbackFigures(undefined, 5, 3, 2, 1)).slice(1, -1));
    expect(text).toMatch(/kcd-migration-service-missing`: 3/);
    for (const e of knowledgeIndex().entries.filter((x) => !x.outOfScope)) expect(text).toContain(`<${KB_URL}${e.id}.md|`);
    expect(text).toContain(HOME.groupLabel('cluster'));
  });

  it('leaves the Messages tab alone', async () => {
    await open('U0MSG', 'messages');
    await open('U0AFTER');
    await fake.waitFor(() => fake.callsTo('views.publish').some((c) => c.params.user_id === 'U0AFTER'), 3000, 'the later publish');
    expect(fake.callsTo('views.publish').some((c) => c.params.user_id === 'U0MSG')).toBe(false);
  });
});

describe('the App Home with the SQLite store (the default)', () => {
  let fake: SlackApiServer;
  let app: TestApp;
  let feedback: TempFeedbackStore;

  beforeAll(async () => {
    feedback = createTempFeedbackStore('9.9.9-test', 'sqlite');
    fake = await startSlackApiServer();
    app = await startTestApp({ mode: 'http', fake, env: { LM_KNOWLEDGE_URL: KB_URL }, services: { labels: feedback.labels } });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await feedback?.close();
  });

  it('counts every answer posted, rated or not, and names the entries answered most', async () => {
    for (const text of [CREDSSP_PASTE, CREDSSP_PASTE.replace('HV11', 'HV21')]) {
      const ts = nextTs();
      await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text })));
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, `the answer to ${ts}`);
    }
    // Counted after the reply is posted, without waiting for it: poll the store.
    for (let i = 0; i < 300 && (await feedback.store.answerCounts?.())?.get('credssp-double-hop') !== 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await feedback.store.list()).toEqual([]); // nobody rated them
    expect((await postSigned(app.eventsUrl, homeOpened('U0COUNT'))).status).toBe(200);
    const call: ApiCall = await fake.waitFor(() => fake.callsTo('views.publish').find((c) => c.params.user_id === 'U0COUNT'), 3000, 'views.publish');
    const text = JSON.stringify((call.params.view as { blocks: LooseBlock[] }).blocks);
    expect(text).toMatch(/\*2\* answers posted; \*0\* answers rated/);
    expect(text).toMatch(/credssp-double-hop`: 2/);
  });
});

describe('renderHomeView', () => {
  it('stays within 100 blocks and the text limits with 400 classes, and cuts the list with a note', () => {
    const base = knowledgeIndex().entries[0];
    const entries: KnowledgeEntry[] = Array.from({ length: 400 }, (_, i) => ({ ...base, id: `p${i % 150}-entry-${i}`, title: `Class ${i} ${'long words '.repeat(10)}`, outOfScope: false }));
    const view = renderHomeView({ entries, knowledgeUrl: KB_URL, feedback: summarizeFeedback([], 30) });
    expectWithinHomeLimits(view.blocks as LooseBlock[]);
    expect(JSON.stringify(view.blocks)).toContain(HOME.classesCut);
    expect(JSON.stringify(view.blocks)).toContain(JSON.stringify(HOME.feedbackFigures(undefined, 0, 0, 0, 0)).slice(1, -1));
  });

  it('says when feedback is not stored, and names each class file without LM_KNOWLEDGE_URL', () => {
    const text = JSON.stringify(renderHomeView({ entries: knowledgeIndex().entries }).blocks);
    expect(text).toContain(HOME.feedbackNotStored);
    expect(text).toContain('`credssp-double-hop`');
    expect(text).toContain('Diagnose with lm-doctor');
  });
});
