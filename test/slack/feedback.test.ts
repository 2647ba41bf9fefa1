/**
 * The reply's buttons through the real Bolt app in HTTP mode: each records a structured feedback event with
 * per-entry counts; "Not it" and "Show other matches" offer the alternatives; "Show this fix" posts in the thread,
 * once per person, entry and thread, within the channel's reply limit.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CHANNEL, USER } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { MESSAGES } from '../../src/slack/messages';
import { ACTION_FIXED, ACTION_NOT_IT, ACTION_OTHERS, ACTION_SHOW_ENTRY } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';
import { createMetrics } from '../../src/support/metrics';
import { metricValue } from '../support/prometheus-text';

let fake: SlackApiServer;
let app: TestApp;
let reply: ApiCall;
let pasteTs: string;
let n = 0;

type Button = { action_id: string; value: string };

beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startTestApp({ mode: 'http', fake });
  pasteTs = nextTs();
  await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
  reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs), 3000, 'reply');
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function buttons(blocks: unknown): Button[] {
  return (blocks as { type: string; elements?: Button[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

async function click(actionId: string, value: string) {
  const id = `act-${++n}`;
  const res = await postSigned(app.eventsUrl, blockAction(actionId, value, fake.responseUrl(id)), { kind: 'interaction' });
  expect(res.status).toBe(200);
  return id;
}

const responseFor = (id: string) => fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, `response ${id}`);

describe('feedback buttons', () => {
  it('offers "That fixed it", "Not it" and "Show other matches" on a reply', () => {
    expect(buttons(reply.params.blocks).map((b) => b.action_id)).toEqual([ACTION_FIXED, ACTION_NOT_IT, ACTION_OTHERS]);
  });

  it('"That fixed it" thanks the person (ephemeral) and logs a counted feedback event', async () => {
    const value = buttons(reply.params.blocks)[0].value;
    const id = await click(ACTION_FIXED, value);
    expect((await responseFor(id)).body).toEqual({ response_type: 'ephemeral', replace_original: false, text: MESSAGES.feedbackThanks });
    await click(ACTION_FIXED, value);
    await fake.waitFor(() => app.logger.events('lm_feedback').filter((e) => e.kind === 'fixed').length === 2, 3000, 'second event');
    const events = app.logger.events('lm_feedback').filter((e) => e.kind === 'fixed');
    expect(events[1]).toMatchObject({ entry: 'credssp-double-hop', user: USER, channel: CHANNEL, counts: { fixed: 2, not_it: 0 } });
    expect(app.feedback.counts('credssp-double-hop').fixed).toBe(2);
  });

  it('"Not it" records the feedback and offers the alternatives, each with a button to show its fix', async () => {
    const id = await click(ACTION_NOT_IT, buttons(reply.params.blocks)[1].value);
    const body = (await responseFor(id)).body;
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const text = JSON.stringify(body.blocks);
    expect(text).toContain(MESSAGES.notItWithAlternatives);
    expect(text).toContain('kcd-migration-service-missing');
    expect(app.feedback.counts('credssp-double-hop').not_it).toBe(1);
    const show = buttons(body.blocks).find((b) => b.action_id === ACTION_SHOW_ENTRY);
    expect(show).toBeDefined();
  });

  it('"Show other matches" lists the alternatives without counting a "not it"', async () => {
    const before = app.feedback.counts('credssp-double-hop').not_it;
    const id = await click(ACTION_OTHERS, buttons(reply.params.blocks)[2].value);
    expect(JSON.stringify((await responseFor(id)).body.blocks)).toContain(MESSAGES.otherMatches);
    expect(app.feedback.counts('credssp-double-hop')).toMatchObject({ not_it: before, show_others: 1 });
  });

  it('"Show this fix" posts the chosen entry in the paste\'s thread with the same names filled in', async () => {
    const value = encodeFeedbackRef({ entry: 'kcd-migration-service-missing', alternatives: [], names: { source: 'HV11', destination: 'HV12' }, thread: pasteTs });
    await click(ACTION_SHOW_ENTRY, value);
    const post = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c !== reply), 3000, 'chosen entry');
    expect(post.params.channel).toBe(CHANNEL);
    const text = JSON.stringify(post.params.blocks);
    expect(text).toContain(`<@${USER}>`);
    expect(text).toContain('HV12');
    expect(buttons(post.params.blocks)).toHaveLength(0);
  });

  it('ignores a button value it did not write', async () => {
    await click(ACTION_FIXED, '{"e":"../../etc/passwd"}');
    await fake.waitFor(() => app.logger.events('lm_bad_action_value').length > 0, 3000, 'warning');
  });
});

describe('"Show this fix" and the channel\'s reply limit', () => {
  const showValue = (entry: string, thread: string) => encodeFeedbackRef({ entry, alternatives: [], names: {}, thread });
  const publicPosts = (thread: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === thread);
  async function show(a: TestApp, value: string, user: string): Promise<string> {
    const id = `show-${++n}`;
    expect((await postSigned(a.eventsUrl, blockAction(ACTION_SHOW_ENTRY, value, fake.responseUrl(id), { user }), { kind: 'interaction' })).status).toBe(200);
    return id;
  }

  it('posts a fix once per person and thread: 100 clicks by one person give one post, each later click a private note', async () => {
    const thread = nextTs();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await show(app, showValue('kcd-migration-service-missing', thread), 'U0CLICKER'));
    await fake.waitFor(() => fake.responds.filter((r) => ids.some((id) => r.path.endsWith(`/${id}`))).length === 99, 10_000, '99 notes');
    expect(publicPosts(thread)).toHaveLength(1);
    const notes = fake.responds.filter((r) => ids.some((id) => r.path.endsWith(`/${id}`)));
    expect(new Set(notes.map((r) => r.body.text))).toEqual(new Set([MESSAGES.entryAlreadyShown]));
    expect(notes.every((r) => r.body.response_type === 'ephemeral')).toBe(true);
  });

  it('posts once for each person who asks, and again for another entry', async () => {
    const thread = nextTs();
    await show(app, showValue('kcd-migration-service-missing', thread), 'U0ANNA');
    await show(app, showValue('kcd-migration-service-missing', thread), 'U0BORIS');
    await show(app, showValue('kcd-migration-service-missing', thread), 'U0ANNA');
    await show(app, showValue('credssp-double-hop', thread), 'U0ANNA');
    await fake.waitFor(() => publicPosts(thread).length === 3, 3000, 'three posts');
    expect(publicPosts(thread).map((c) => JSON.stringify(c.params.blocks).match(/<@(U0[A-Z]+)>/)?.[1])).toEqual(['U0ANNA', 'U0BORIS', 'U0ANNA']);
  });

  it('takes a slot of LM_CHANNEL_REPLIES_PER_MINUTE shared with paste answers; over it, only the clicker sees the fix', async () => {
    const metrics = createMetrics();
    const limited = await startTestApp({ mode: 'http', fake, env: { LM_CHANNEL_REPLIES_PER_MINUTE: '2' }, services: { metrics } });
    try {
      const thread = nextTs();
      const posted = await show(limited, showValue('kcd-migration-service-missing', thread), 'U0FIRST');
      await fake.waitFor(() => publicPosts(thread).length === 1, 3000, 'the first post');
      const pasteTs = nextTs();
      await postSigned(limited.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === pasteTs), 3000, 'the paste answered (slot 2)');
      const refused = await show(limited, showValue('kcd-migration-service-missing', thread), 'U0SECOND');
      const answers = await fake.waitFor(() => {
        const r = fake.responds.filter((x) => x.path.endsWith(`/${refused}`));
        return r.length === 2 ? r : undefined;
      }, 3000, 'the private answer');
      expect(answers[0].body).toMatchObject({ response_type: 'ephemeral', text: MESSAGES.entryShownPrivately });
      expect(answers[1].body).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(answers[1].body.blocks)).toContain('<@U0SECOND>');
      expect(publicPosts(thread)).toHaveLength(1);
      expect(fake.responds.filter((x) => x.path.endsWith(`/${posted}`))).toHaveLength(0);
      expect(metricValue(await metrics.registry.metrics(), 'lm_rate_limited_total', { limit: 'paste_channel' })).toBe(1);
    } finally {
      await limited.stop();
    }
  });
});
