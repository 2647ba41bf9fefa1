/**
 * Exactly-once answers through the real Bolt app: dedupe keys live their whole window (1 hour) however many messages
 * come after them, a replayed /lm-check or button request (the same signed body, inside Slack's 5-minute signature
 * window) runs once, in HTTP mode and in Socket Mode, and a dedupe store at its cap (LM_DEDUPE_MAX_KEYS) sheds new
 * work with lm_shed_total{kind="dedupe"} instead of forgetting a key early.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { CHATTER, CREDSSP_PASTE } from '../support/slack-pastes';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';
import { metricValue } from '../support/prometheus-text';
import { createMetrics, type Metrics } from '../../src/support/metrics';
import { describeFailure } from '../../src/support/describe-failure';
import { LoadShedError } from '../../src/support/errors';
import { MESSAGES } from '../../src/slack/messages';
import { ACTION_FIXED } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';

jest.setTimeout(120_000);

const CHATTER_MESSAGES = 10_001;
const BUSY = describeFailure(new LoadShedError('dedupe', 'full')).sentence;
let fake: SlackApiServer;
const apps: TestApp[] = [];
let n = 0;

beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  for (const a of apps) await a.stop();
  await fake?.close();
});

async function app(options: { mode?: 'http' | 'socket'; env?: Record<string, string>; metrics?: Metrics } = {}): Promise<TestApp> {
  const a = await startTestApp({
    mode: options.mode ?? 'http', fake, env: options.env, services: { metrics: options.metrics ?? createMetrics() },
    directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])),
  });
  apps.push(a);
  return a;
}

const repliesIn = (channel: string, ts: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel && c.params.thread_ts === ts);
const respondsTo = (id: string) => fake.responds.filter((r) => r.path.endsWith(`/${id}`));
const silent = (a: TestApp) => a.logger.records.filter((r) => r.fields.event === 'lm_silent').length;

describe('a paste, 10,001 chatter messages, then Slack\'s retry of the paste', () => {
  it('is answered once: the paste\'s key outlives any number of newer keys', async () => {
    const metrics = createMetrics();
    const a = await app({ metrics });
    const channel = 'C0ONCE';
    const pasteTs = nextTs();
    const paste = eventCallback(messageEvent({ channel, ts: pasteTs, text: CREDSSP_PASTE }));
    await postSigned(a.eventsUrl, paste);
    await fake.waitFor(() => repliesIn(channel, pasteTs).length === 1, 5000, 'the first reply');

    const batch = 50;
    for (let i = 0; i < CHATTER_MESSAGES; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, CHATTER_MESSAGES - i) }, (_, j) =>
        postSigned(a.eventsUrl, eventCallback(messageEvent({ channel, ts: nextTs(), text: CHATTER[(i + j) % CHATTER.length] })))));
    }
    await fake.waitFor(() => silent(a) === CHATTER_MESSAGES, 30_000, 'every chatter message handled');

    // Slack's retry: the same event, with the retry headers.
    await postSigned(a.eventsUrl, paste, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    const handled = () => a.logger.events('lm_duplicate').some((e) => e.ts === pasteTs) || repliesIn(channel, pasteTs).length > 1;
    await fake.waitFor(handled, 5000, 'the retry handled');
    expect(repliesIn(channel, pasteTs)).toHaveLength(1); // no duplicate (with count eviction at 10,000 keys: 2)
    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'lm_event_retries_deduplicated_total', { retry: 'true' })).toBe(1);
    expect(metricValue(text, 'lm_shed_total')).toBe(0); // 10,002 keys are far below the default cap
  });
});

describe('a replayed /lm-check (the same signed body again)', () => {
  it.each(['http', 'socket'] as const)('runs once in %s mode; the replay is acknowledged silently', async (mode) => {
    const metrics = createMetrics();
    const a = await app({ mode, metrics });
    const id = `replay-${mode}-${++n}`;
    const command = slashCommand('HV01 HV02', fake.responseUrl(id), { user_id: `U0REPLAY${n}` });
    let acks: unknown[];
    if (mode === 'http') {
      const timestampSec = Math.floor(Date.now() / 1000);
      const first = await postSigned(a.eventsUrl, command, { kind: 'command', timestampSec });
      const again = await postSigned(a.eventsUrl, command, { kind: 'command', timestampSec });
      acks = [JSON.parse(first.body), again.body];
      expect(again.status).toBe(200);
    } else {
      const envelope = (e: string) => ({ envelope_id: e, type: 'slash_commands', accepts_response_payload: true, payload: command });
      acks = [(await fake.sendEnvelope(envelope(`${id}-1`))).payload, (await fake.sendEnvelope(envelope(`${id}-2`))).payload];
    }
    expect(acks[0]).toEqual({ response_type: 'ephemeral', text: MESSAGES.checkAck(['HV01', 'HV02']) });
    expect(acks[1] === '' || acks[1] === undefined || JSON.stringify(acks[1]) === '{}').toBe(true);
    await fake.waitFor(() => respondsTo(id).length === 1, 3000, 'the report');
    await fake.waitFor(() => a.logger.events('lm_duplicate').length === 1, 3000, 'the replay logged');
    expect(a.logger.events('lm_check')).toHaveLength(1);
    expect(respondsTo(id)).toHaveLength(1);
    expect(metricValue(await metrics.registry.metrics(), 'lm_event_retries_deduplicated_total')).toBe(1);
  });

  it('still runs a new command from the same person (a new trigger_id)', async () => {
    const a = await app({ env: { LM_CHECK_USER_INTERVAL_SECONDS: '0' } });
    const ids = [`again-${++n}`, `again-${++n}`];
    for (const id of ids) await postSigned(a.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl(id), { user_id: 'U0TWICE' }), { kind: 'command' });
    await fake.waitFor(() => ids.every((id) => respondsTo(id).length === 1), 3000, 'both reports');
  });
});

describe('a replayed button click', () => {
  it('is handled once: one feedback event, one answer', async () => {
    const a = await app();
    const id = `click-${++n}`;
    const click = blockAction(ACTION_FIXED, encodeFeedbackRef({ entry: 'credssp-double-hop', alternatives: [], names: {} }), fake.responseUrl(id));
    const timestampSec = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++) expect((await postSigned(a.eventsUrl, click, { kind: 'interaction', timestampSec })).status).toBe(200);
    await fake.waitFor(() => a.logger.events('lm_duplicate').length === 2, 3000, 'two replays logged');
    expect(a.logger.events('lm_feedback')).toHaveLength(1);
    expect(respondsTo(id)).toHaveLength(1);
    expect(a.feedback.counts('credssp-double-hop').fixed).toBe(1);
  });

  it('counts a second person\'s click on the same button (same action_ts, another user)', async () => {
    const a = await app();
    const value = encodeFeedbackRef({ entry: 'credssp-double-hop', alternatives: [], names: {} });
    for (const user of ['U0ANN', 'U0BEN']) {
      await postSigned(a.eventsUrl, blockAction(ACTION_FIXED, value, fake.responseUrl(`two-${++n}`), { user, actionTs: '1800000009.000001' }), { kind: 'interaction' });
    }
    await fake.waitFor(() => a.logger.events('lm_feedback').length === 2, 3000, 'both clicks');
  });
});

describe('a dedupe store at its cap (LM_DEDUPE_MAX_KEYS)', () => {
  it('sheds new commands with "busy" and lm_shed_total{kind="dedupe"}, and still recognises the replay of a kept one', async () => {
    const metrics = createMetrics();
    const a = await app({ metrics, env: { LM_DEDUPE_MAX_KEYS: '100' } });
    const first = slashCommand('help', fake.responseUrl('cap-0'), { user_id: 'U0CAP' });
    const timestampSec = Math.floor(Date.now() / 1000);
    const text = async (c: Record<string, string>) => (await postSigned(a.eventsUrl, c, { kind: 'command', timestampSec })).body;
    expect(JSON.parse(await text(first)).text).toMatch(/^Check Kerberos delegation/);
    for (let i = 1; i < 100; i++) await text(slashCommand('help', fake.responseUrl(`cap-${i}`), { user_id: 'U0CAP' }));
    expect(JSON.parse(await text(slashCommand('HV01 HV02', fake.responseUrl('cap-100'), { user_id: 'U0CAP' })))).toEqual({ response_type: 'ephemeral', text: BUSY });
    expect(await text(first)).toBe(''); // the replay of a kept key: silent, not "busy"
    const metricsText = await metrics.registry.metrics();
    expect(metricValue(metricsText, 'lm_shed_total', { kind: 'dedupe' })).toBe(1);
    expect(a.logger.events('lm_shed')).toEqual([expect.objectContaining({ kind: 'dedupe', user: 'U0CAP' })]);
    expect(respondsTo('cap-100')).toHaveLength(0);
  });

  it('sheds a new paste without a reply once the message store is full of chatter', async () => {
    const metrics = createMetrics();
    const a = await app({ metrics, env: { LM_DEDUPE_MAX_KEYS: '100' } });
    const channel = 'C0FULL';
    for (let i = 0; i < 100; i++) await postSigned(a.eventsUrl, eventCallback(messageEvent({ channel, ts: nextTs(), text: CHATTER[i % CHATTER.length] })));
    await fake.waitFor(() => silent(a) === 100, 10_000, 'the chatter handled');
    const ts = nextTs();
    await postSigned(a.eventsUrl, eventCallback(messageEvent({ channel, ts, text: CREDSSP_PASTE })));
    await fake.waitFor(() => a.logger.events('lm_shed').some((e) => e.ts === ts), 3000, 'the paste shed');
    expect(repliesIn(channel, ts)).toHaveLength(0);
    expect(metricValue(await metrics.registry.metrics(), 'lm_shed_total', { kind: 'dedupe' })).toBe(1);
  });
});
