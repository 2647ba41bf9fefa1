/**
 * "Diagnose with lm-doctor" (a message shortcut) through the real Bolt app: in a channel lm-doctor is in, the answer
 * goes in the message's thread; in one it is not in (not_in_channel), only to the person, through the response_url.
 * Outside LM_CHANNELS too; once per trigger_id; HTTP mode and Socket Mode.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, messageShortcut, nextTs, postSigned } from '../support/slack-payloads';
import { ACTION_NOT_IT } from '../../src/slack/render-diagnosis-blocks';
import { ACTION_CHOOSE } from '../../src/slack/render-choice-blocks';
import { CHANNEL } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { SHORTCUT_DIAGNOSE } from '../../src/slack/on-shortcut';
import { createTempFeedbackStore, type TempFeedbackStore } from '../support/temp-feedback-store';

const NOT_IN = 'C0NOTMEMBER';

describe.each(['http', 'socket'] as const)('the message shortcut (%s)', (mode) => {
  let fake: SlackApiServer;
  let app: TestApp;
  let n = 0;
  let feedback: TempFeedbackStore;

  beforeAll(async () => {
    feedback = createTempFeedbackStore();
    fake = await startSlackApiServer();
    fake.intercept = (method, params) => (method === 'chat.postMessage' && params.channel === NOT_IN ? { body: { ok: false, error: 'not_in_channel' } } : undefined);
    // LM_CHANNELS leaves the paste channel out: the shortcut answers anyway, because someone asked.
    app = await startTestApp({
      mode, fake, env: { LM_CHANNELS: 'C0ELSEWHERE' },
      services: { labels: feedback.labels },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await feedback?.close();
  });

  async function send(payload: Record<string, unknown>): Promise<void> {
    if (mode === 'http') {
      expect((await postSigned(app.eventsUrl, payload, { kind: 'interaction' })).status).toBe(200);
    } else {
      const ack = await fake.sendEnvelope({ envelope_id: `env-sc-${++n}`, type: 'interactive', accepts_response_payload: false, payload });
      expect(ack.envelope_id).toBe(`env-sc-${n}`);
    }
  }

  it('answers in the message\'s thread in a channel lm-doctor is in, and remembers the reply for feedback', async () => {
    const ts = nextTs();
    await send(messageShortcut(SHORTCUT_DIAGNOSE, { ts, text: CREDSSP_PASTE, user: 'U0BOB' }, fake.responseUrl(`sc-${mode}-1`)));
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts && c.response), 3000, 'the reply');
    expect(reply.params.channel).toBe(CHANNEL);
    expect(JSON.stringify(reply.params.blocks)).toContain('credssp-double-hop');
    // lm_reply is logged once the reply is posted and remembered.
    await fake.waitFor(() => app.logger.events('lm_reply').some((e) => e.ts === ts && e.entry === 'credssp-double-hop'), 3000, 'lm_reply');
    expect(app.replyMemory?.recall(CHANNEL, String(reply.response?.ts))).toMatchObject({ answered: 'credssp-double-hop', text: CREDSSP_PASTE });
  });

  it('answers the person only (response_url, ephemeral) in a channel lm-doctor is not in', async () => {
    const ts = nextTs();
    const id = `sc-${mode}-2`;
    await send(messageShortcut(SHORTCUT_DIAGNOSE, { ts, text: CREDSSP_PASTE, user: 'U0BOB' }, fake.responseUrl(id), { channel: NOT_IN }));
    const answer = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, 'the private answer');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer.body.blocks)).toContain('credssp-double-hop');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.channel === NOT_IN)).toHaveLength(1); // the refused try
    expect(app.logger.events('lm_shortcut_private').some((e) => e.ts === ts)).toBe(true);
  });

  it('the private answer can be labelled: "Not it" on it, a cause chosen, one record with the paste redacted', async () => {
    const ts = nextTs();
    const id = `sc-${mode}-label`;
    await send(messageShortcut(SHORTCUT_DIAGNOSE, { ts, text: CREDSSP_PASTE, user: 'U0BOB' }, fake.responseUrl(id), { channel: NOT_IN }));
    const answer = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, 'the private answer');
    type Block = { elements?: { action_id?: string; value?: string }[] };
    const notIt = (answer.body.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_NOT_IT)?.value ?? '';
    await fake.waitFor(() => app.logger.events('lm_reply').some((e) => e.ts === ts), 3000, 'lm_reply');
    // Slack sends a click on an ephemeral message without `message`: the reply is found by the key its buttons carry.
    await send(blockAction(ACTION_NOT_IT, notIt, fake.responseUrl(`${id}-not-it`), { user: 'U0BOB', channel: NOT_IN, ephemeral: true }));
    const choices = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}-not-it`)), 3000, 'the choice');
    const choose = (choices.body.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_CHOOSE)?.value ?? '';
    expect(choose).not.toBe('');
    await send(blockAction(ACTION_CHOOSE, choose, fake.responseUrl(`${id}-chosen`), { user: 'U0BOB', channel: NOT_IN, ephemeral: true }));
    await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}-chosen`)), 3000, 'the thanks');
    const records = (await feedback.store.list()).filter((r) => r.channel === NOT_IN && r.source === 'not_it');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ answered: 'credssp-double-hop', chosen: JSON.parse(choose).c });
    expect(records[0].text).toContain('0x8009030E');
    expect(records[0].text).not.toMatch(/HV11|HV12|WEB03/);
  });

  it('runs once for a replayed shortcut (same trigger_id)', async () => {
    const ts = nextTs();
    const payload = messageShortcut(SHORTCUT_DIAGNOSE, { ts, text: CREDSSP_PASTE, user: 'U0BOB' }, fake.responseUrl(`sc-${mode}-3`));
    await send(payload);
    await send(payload);
    await fake.waitFor(() => app.logger.events('lm_duplicate').some((e) => e.ts === ts), 3000, 'the replay noticed');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toHaveLength(1);
  });
});
