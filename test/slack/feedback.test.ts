/**
 * The reply's buttons through the real Bolt app in HTTP mode: each records a structured feedback event with
 * per-entry counts; "Not it" and "Show other matches" offer the alternatives; "Show this fix" posts in the thread.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CHANNEL, USER } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { MESSAGES } from '../../src/slack/messages';
import { ACTION_FIXED, ACTION_NOT_IT, ACTION_OTHERS, ACTION_SHOW_ENTRY } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';

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
