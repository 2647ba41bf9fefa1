/**
 * Labelled feedback through the real Bolt app: "Not it" offers a choice (the alternatives, "Another cause…" over
 * every live-migration entry, "Not a live-migration failure"); a choice stores one record; "That fixed it" stores
 * one with chosen = answered; an unanswered mention gets the same choice. HTTP mode, and one round trip in Socket
 * Mode.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { knowledgeIndex, startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextActionTs, nextTs, postSigned } from '../support/slack-payloads';
import { BOT_USER_ID, CHANNEL } from '../support/slack-constants';
import { CHATTER, CREDSSP_PASTE } from '../support/slack-pastes';
import { createTempFeedbackStore, type TempFeedbackStore } from '../support/temp-feedback-store';
import { hashUser, makeFeedbackRecord } from '../../src/feedback/make-record';
import type { FeedbackRecord } from '../../src/support/feedback-record';
import { MESSAGES } from '../../src/slack/messages';
import { ACTION_FIXED, ACTION_NOT_IT, ACTION_SHOW_ENTRY } from '../../src/slack/render-diagnosis-blocks';
import { ACTION_CHOOSE, ACTION_CHOOSE_OTHER, decodeChoice } from '../../src/slack/render-choice-blocks';
import { createMetrics } from '../../src/support/metrics';
import { FeedbackUnavailableError } from '../../src/support/errors';
import { describeFailure } from '../../src/support/describe-failure';
import type { FeedbackStore } from '../../src/support/feedback-record';
import { metricValue } from '../support/prometheus-text';

const VERSION = '9.9.9-test';

type Element = { type: string; action_id: string; value?: string; options?: { value: string; text: { text: string } }[] };

function elements(blocks: unknown): Element[] {
  return (blocks as { type: string; elements?: Element[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** A static_select choice, as Slack sends it (selected_option, no value). */
function selectAction(value: string, responseUrl: string, user: string, fromEphemeral = true): Record<string, unknown> {
  const body = blockAction(ACTION_CHOOSE_OTHER, '', responseUrl, { user });
  const action = { type: 'static_select', action_id: ACTION_CHOOSE_OTHER, block_id: 'lm_choice_more', selected_option: { text: { type: 'plain_text', text: 'x' }, value }, action_ts: nextActionTs() };
  const { message: _message, ...rest } = body;
  return { ...(fromEphemeral ? rest : body), container: { type: 'message', message_ts: '1800000000.999999', channel_id: CHANNEL, is_ephemeral: fromEphemeral }, actions: [action] };
}

describe('labelled feedback (HTTP mode)', () => {
  let fake: SlackApiServer;
  let app: TestApp;
  let feedback: TempFeedbackStore;
  const metrics = createMetrics();
  let reply: ApiCall;
  let replyTs: string;
  let n = 0;

  beforeAll(async () => {
    fake = await startSlackApiServer();
    feedback = createTempFeedbackStore(VERSION);
    app = await startTestApp({ mode: 'http', fake, services: { metrics, labels: feedback.labels } });
    const pasteTs = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
    reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c.response), 3000, 'reply');
    replyTs = String(reply.response?.ts);
    await fake.waitFor(() => app.logger.events('lm_reply').some((e) => e.ts === pasteTs), 3000, 'the reply remembered');
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await feedback?.close();
  });

  /** The records in the store, read again after each click. */
  const stored = (): Promise<FeedbackRecord[]> => feedback.store.list();

  async function post(payload: Record<string, unknown>): Promise<void> {
    expect((await postSigned(app.eventsUrl, payload, { kind: 'interaction' })).status).toBe(200);
  }
  async function click(actionId: string, value: string, user: string, messageTs = replyTs): Promise<string> {
    const id = `rec-${++n}`;
    await post(blockAction(actionId, value, fake.responseUrl(id), { user, messageTs }));
    return id;
  }
  const responseFor = (id: string) => fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, `response ${id}`);
  const replyButton = (actionId: string) => elements(reply.params.blocks).find((b) => b.action_id === actionId)?.value ?? '';

  it('"Not it" offers the alternatives, "Another cause…" over every live-migration entry and "Not a live-migration failure"', async () => {
    const body = (await responseFor(await click(ACTION_NOT_IT, replyButton(ACTION_NOT_IT), 'U0NOTIT'))).body;
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(body.blocks)).toContain(MESSAGES.notItChoose);
    const els = elements(body.blocks);
    const chooseButtons = els.filter((e) => e.action_id === ACTION_CHOOSE).map((e) => decodeChoice(e.value));
    expect(chooseButtons).toContainEqual({ replyTs, chosen: 'kcd-migration-service-missing' });
    expect(chooseButtons).toContainEqual({ replyTs, chosen: null });
    expect(els.some((e) => e.action_id === ACTION_SHOW_ENTRY)).toBe(true);
    const select = els.find((e) => e.action_id === ACTION_CHOOSE_OTHER);
    const live = knowledgeIndex().entries.filter((e) => !e.outOfScope);
    expect(select?.options?.map((o) => decodeChoice(o.value)?.chosen).sort()).toEqual(live.map((e) => e.id).sort());
    expect(select?.options?.every((o) => o.value.length <= 150 && o.text.text.length <= 75)).toBe(true);
    expect(await stored()).toHaveLength(0); // "Not it" alone labels nothing yet
  });

  it('a choice stores one record: the paste, answered, chosen, signals, version, channel, time and user hash', async () => {
    const before = Date.now();
    const value = JSON.stringify({ r: replyTs, c: 'kcd-migration-service-missing' });
    const id = await click(ACTION_CHOOSE, value, 'U0NOTIT', '1800000000.999999');
    expect((await responseFor(id)).body).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: expect.stringContaining('kcd-migration-service-missing') });
    const [record, ...more] = await stored();
    expect(more).toHaveLength(0);
    expect(record.text).toContain('0x8009030E'); // redacted: the codes stay, the names go
    expect(record.text).not.toMatch(/HV11|HV12|WEB03/);
    expect(record).toMatchObject({
      answered: 'credssp-double-hop', chosen: 'kcd-migration-service-missing', source: 'not_it',
      version: VERSION, channel: CHANNEL,
    });
    expect(record.signals).toContainEqual({ kind: 'code', value: expect.stringMatching(/8009030E/i) });
    expect(record.userHash).not.toContain('U0NOTIT');
    expect(Date.parse(record.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(metricValue(await metrics.registry.metrics(), 'lm_feedback_corrections_total', { answered: 'credssp-double-hop', chosen: 'kcd-migration-service-missing' })).toBe(1);
  });

  it('a replayed choice (the same request again) and a second click by the same person store nothing more', async () => {
    const payload = blockAction(ACTION_CHOOSE, JSON.stringify({ r: replyTs, c: null }), fake.responseUrl('replay'), { user: 'U0REPLAY' });
    await post(payload);
    await post(payload);
    await click(ACTION_CHOOSE, JSON.stringify({ r: replyTs, c: 'kcd-migration-service-missing' }), 'U0REPLAY');
    await fake.waitFor(() => app.logger.events('lm_duplicate').some((e) => e.user === 'U0REPLAY'), 3000, 'the replay noticed');
    await fake.waitFor(() => app.logger.events('lm_feedback_recorded').filter((e) => e.replyTs === replyTs).length === 3, 3000, 'two clicks handled');
    const mine = (await stored()).filter((r) => r.userHash === hashUser('U0REPLAY'));
    expect(mine).toHaveLength(1);
    expect(mine[0].chosen).toBeNull();
    expect(metricValue(await metrics.registry.metrics(), 'lm_feedback_corrections_total', { answered: 'credssp-double-hop', chosen: 'none' })).toBe(1);
    // The same person's second label was not stored, and is not counted as a correction either (U0NOTIT's stays 1).
    expect(metricValue(await metrics.registry.metrics(), 'lm_feedback_corrections_total', { answered: 'credssp-double-hop', chosen: 'kcd-migration-service-missing' })).toBe(1);
  });

  it('"Another cause…" stores the entry picked from the select', async () => {
    const id = `rec-${++n}`;
    await post(selectAction(JSON.stringify({ r: replyTs, c: 'spn-target-principal-incorrect' }), fake.responseUrl(id), 'U0SELECT'));
    await responseFor(id);
    const record = (await stored()).find((r) => r.userHash === hashUser('U0SELECT'));
    expect(record).toMatchObject({ answered: 'credssp-double-hop', chosen: 'spn-target-principal-incorrect', source: 'not_it' });
  });

  it('"That fixed it" stores the record with chosen = answered', async () => {
    await responseFor(await click(ACTION_FIXED, replyButton(ACTION_FIXED), 'U0FIXED'));
    const record = (await stored()).find((r) => r.userHash === hashUser('U0FIXED'));
    expect(record).toMatchObject({ answered: 'credssp-double-hop', chosen: 'credssp-double-hop', source: 'fixed' });
  });

  it('refuses a choice naming an entry that does not exist, and stores nothing for a reply it does not remember', async () => {
    const count = (await stored()).length;
    await click(ACTION_CHOOSE, JSON.stringify({ r: replyTs, c: 'no-such-entry' }), 'U0BAD');
    await fake.waitFor(() => app.logger.events('lm_bad_action_value').some((e) => e.user === 'U0BAD'), 3000, 'refused');
    const id = await click(ACTION_CHOOSE, JSON.stringify({ r: '1700000000.000001', c: null }), 'U0OLD');
    expect((await responseFor(id)).body.text).toBe(MESSAGES.choiceExpired);
    expect(await stored()).toHaveLength(count);
  });

  it('an unanswered mention gets the choice (ephemeral), and a choice stores source mention_unanswered, answered null', async () => {
    const ts = nextTs();
    await postSigned(app.eventsUrl, eventCallback({ type: 'app_mention', channel: CHANNEL, user: 'U0ASKER', text: `<@${BOT_USER_ID}> ${CHATTER[1]}`, ts, event_ts: ts }));
    const nothing = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts && c.response), 3000, 'the no-match answer');
    expect(nothing.params.text).toBe(MESSAGES.noMatchOnMention);
    const offer = await fake.waitFor(() => fake.callsTo('chat.postEphemeral').find((c) => c.params.user === 'U0ASKER'), 3000, 'the choice');
    expect(offer.params.thread_ts).toBe(ts);
    const select = elements(offer.params.blocks).find((e) => e.action_id === ACTION_CHOOSE_OTHER);
    const option = select?.options?.find((o) => decodeChoice(o.value)?.chosen === 'credssp-double-hop');
    expect(decodeChoice(option?.value)?.replyTs).toBe(nothing.response?.ts);
    const id = `rec-${++n}`;
    await post(selectAction(option?.value ?? '', fake.responseUrl(id), 'U0ASKER'));
    await responseFor(id);
    const record = (await stored()).find((r) => r.userHash === hashUser('U0ASKER'));
    expect(record).toMatchObject({ answered: null, chosen: 'credssp-double-hop', source: 'mention_unanswered' });
  });
});

describe('labelled feedback (Socket Mode)', () => {
  let fake: SlackApiServer;
  let app: TestApp;
  let feedback: TempFeedbackStore;

  beforeAll(async () => {
    fake = await startSlackApiServer();
    feedback = createTempFeedbackStore(VERSION);
    app = await startTestApp({ mode: 'socket', fake, services: { labels: feedback.labels } });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await feedback?.close();
  });

  it('"Not it" → choice → one stored record', async () => {
    const pasteTs = nextTs();
    await fake.sendEnvelope({ envelope_id: 'env-p', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })) });
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c.response), 3000, 'reply');
    const replyTs = String(reply.response?.ts);
    await fake.waitFor(() => app.logger.events('lm_reply').some((e) => e.ts === pasteTs), 3000, 'the reply remembered');
    const notIt = elements(reply.params.blocks).find((e) => e.action_id === ACTION_NOT_IT)?.value ?? '';
    const interactive = (payload: Record<string, unknown>, id: string) => fake.sendEnvelope({ envelope_id: id, type: 'interactive', accepts_response_payload: false, payload });
    await interactive(blockAction(ACTION_NOT_IT, notIt, fake.responseUrl('s1'), { messageTs: replyTs, user: 'U0SOCK' }), 'env-a1');
    const offer = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith('/s1')), 3000, 'the choice');
    const notLm = elements(offer.body.blocks).find((e) => e.action_id === ACTION_CHOOSE && decodeChoice(e.value)?.chosen === null);
    await interactive(blockAction(ACTION_CHOOSE, notLm?.value ?? '', fake.responseUrl('s2'), { user: 'U0SOCK' }), 'env-a2');
    await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith('/s2')), 3000, 'the thanks');
    expect(await feedback.store.list()).toEqual([expect.objectContaining({ answered: 'credssp-double-hop', chosen: null, source: 'not_it', channel: CHANNEL })]);
  });
});

describe('labelled feedback when the store is unreachable', () => {
  let fake: SlackApiServer;
  let app: TestApp;
  /** A store whose writes fail as the Redis store's do when Redis is down. */
  const unreachable: FeedbackStore = {
    add: async () => { throw new FeedbackUnavailableError(); },
    list: async () => { throw new FeedbackUnavailableError(); },
    prune: async () => 0,
    close: async () => undefined,
  };

  beforeAll(async () => {
    fake = await startSlackApiServer();
    app = await startTestApp({ mode: 'http', fake, services: { labels: { store: unreachable, makeRecord: makeFeedbackRecord, version: VERSION } } });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('tells the person the answer was not kept', async () => {
    const pasteTs = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c.response), 3000, 'reply');
    await fake.waitFor(() => app.logger.events('lm_reply').some((e) => e.ts === pasteTs), 3000, 'the reply remembered');
    const payload = blockAction(ACTION_CHOOSE, JSON.stringify({ r: reply.response?.ts, c: null }), fake.responseUrl('down'), { user: 'U0DOWN' });
    await postSigned(app.eventsUrl, payload, { kind: 'interaction' });
    const answer = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith('/down')), 3000, 'the answer');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: describeFailure(new FeedbackUnavailableError()).sentence });
    expect(app.logger.events('lm_feedback_unavailable')).toHaveLength(1);
  });
});
