/**
 * Metrics, health and message logs through the real Bolt app in HTTP mode against the loopback fake Slack: every
 * counter the issue lists moves when its event happens, /readyz reports the directory without failing, and log
 * lines about a message carry channel, ts and event id with the text only as a hash.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { CHANNEL } from '../support/slack-constants';
import { CHATTER, CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';
import { getJson, getText, metricValue } from '../support/prometheus-text';
import { createMetrics, type Metrics } from '../../src/support/metrics';
import { createHealth, type Health } from '../../src/support/health';
import { instrumentDirectory } from '../../src/ops/instrument-directory';
import { createOpsHandler, startOpsServer, type OpsServer } from '../../src/ops/ops-server';
import { ACTION_FIXED } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';
import { DirectoryUnavailableError } from '../../src/support/errors';
import type { Directory } from '../../src/core/delegation/directory';

let fake: SlackApiServer;
let app: TestApp;
let metrics: Metrics;
let health: Health;
let ops: OpsServer;
let dcDown = false;
let n = 0;

/** The mesh HV01/HV02, or a DC that cannot be reached while dcDown is set. */
const switchable = (inner: Directory): Directory => ({
  session: (work) => inner.session((reader) => work({
    findComputers: async (names) => { if (dcDown) throw new DirectoryUnavailableError('cannot reach ldaps://dc01: ECONNREFUSED'); return reader.findComputers(names); },
    findSpnHolders: (spns) => reader.findSpnHolders(spns),
    findOperator: (name) => reader.findOperator(name),
  })),
});

beforeAll(async () => {
  fake = await startSlackApiServer();
  metrics = createMetrics();
  health = createHealth();
  const directory = instrumentDirectory(switchable(new InMemoryDirectory(mesh(['HV01', 'HV02']))), metrics, health);
  app = await startTestApp({ mode: 'http', fake, directory, services: { metrics, health } });
  health.slackConnected = true; // startSlackApp sets this after listening; startTestApp starts the app itself
  ops = await startOpsServer(createOpsHandler(health, metrics.registry), 0, '127.0.0.1');
});

afterAll(async () => {
  await app?.stop();
  await ops?.close();
  await fake?.close();
});

const opsUrl = (path: string) => `http://127.0.0.1:${ops.port}${path}`;
const metricsText = async () => (await getText(opsUrl('/metrics'))).text;
const send = (event: Record<string, unknown>, eventId?: string, headers?: Record<string, string>) =>
  postSigned(app.eventsUrl, eventCallback(event, eventId), { headers });
const replyTo = (ts: string) => fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 3000, `reply ${ts}`);
async function command(text: string, user = `U0OPS${++n}`) {
  const id = `ops-${++n}`;
  await postSigned(app.eventsUrl, slashCommand(text, fake.responseUrl(id), { user_id: user }), { kind: 'command' });
  return fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, `response ${id}`);
}

describe('health endpoints', () => {
  it('/healthz answers 200 {"status":"ok"} and /readyz reports Slack, knowledge, directory and Redis', async () => {
    expect(await getJson(opsUrl('/healthz'))).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(opsUrl('/readyz'));
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', slack: 'connected', redis: 'not configured' });
    expect(ready.body.knowledgeEntries).toBeGreaterThan(10);
  });

  it('/readyz stays 200 while the directory is unreachable, saying so, and reports ok again after recovery', async () => {
    dcDown = true;
    expect((await command('HV01 HV02')).body.text).toMatch(/directory/i);
    const down = await getJson(opsUrl('/readyz'));
    expect(down).toMatchObject({ status: 200, body: { directory: 'unreachable' } });
    expect(down.body.directoryError).toBe('directory_unavailable'); // the class only: the message names the server
    expect(JSON.stringify(down.body)).not.toMatch(/ldaps:|dc01|ECONNREFUSED/);
    dcDown = false;
    await command('HV01 HV02');
    expect((await getJson(opsUrl('/readyz'))).body.directory).toBe('ok');
  });

  it('/readyz is 503 with reasons when Slack is not connected or the process is draining', async () => {
    health.slackConnected = false;
    const res = await getJson(opsUrl('/readyz'));
    health.slackConnected = true;
    expect(res).toMatchObject({ status: 503, body: { status: 'not ready', reasons: ['not connected to Slack'] } });
    health.draining = true;
    const draining = await getJson(opsUrl('/readyz'));
    const live = await getJson(opsUrl('/healthz'));
    health.draining = false;
    expect(draining.status).toBe(503);
    expect(live).toMatchObject({ status: 200, body: { status: 'draining' } });
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await fetch(opsUrl('/nope'))).status).toBe(404);
    expect((await fetch(opsUrl('/metrics'), { method: 'POST' })).status).toBe(405);
  });
});

describe('metrics', () => {
  it('counts messages seen, diagnoses by entry, silences and deduplicated retries', async () => {
    const before = await metricsText();
    const ts = nextTs();
    await send(messageEvent({ ts, text: CREDSSP_PASTE }), 'EvMET1');
    await send(messageEvent({ ts, text: CREDSSP_PASTE }), 'EvMET1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    for (const text of CHATTER) await send(messageEvent({ text }));
    await replyTo(ts);
    const sentinel = nextTs();
    await send(messageEvent({ ts: sentinel, text: MEMORY_PASTE }));
    await replyTo(sentinel);
    const after = await getText(opsUrl('/metrics'));
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const delta = (name: string, labels?: Record<string, string>) => metricValue(after.text, name, labels) - metricValue(before, name, labels);
    expect(delta('lm_messages_seen_total', { type: 'message' })).toBe(2 + CHATTER.length + 1);
    expect(delta('lm_diagnoses_total', { entry: 'credssp-double-hop' })).toBe(1);
    expect(delta('lm_diagnoses_total', { entry: 'insufficient-memory-destination' })).toBe(1);
    expect(delta('lm_silences_total')).toBe(CHATTER.length);
    expect(delta('lm_event_retries_deduplicated_total', { retry: 'true' })).toBe(1);
  });

  it('counts /lm-check results by verdict, LDAP durations, and rate-limited requests', async () => {
    const before = await metricsText();
    await command('HV01 HV02', 'U0SAME');
    const limited = await postSigned(app.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl('never'), { user_id: 'U0SAME' }), { kind: 'command' });
    expect(limited.body).toMatch(/try again in/); // same user within 5 s: answered in the ack
    const after = await metricsText();
    const delta = (name: string, labels?: Record<string, string>) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('lm_checks_total', { verdict: 'ok', source: 'command' })).toBe(2); // both ordered pairs
    expect(delta('lm_rate_limited_total', { limit: 'lm_check_user' })).toBe(1);
    expect(delta('lm_ldap_request_duration_seconds_count', { operation: 'findComputers', outcome: 'ok' })).toBe(1);
    expect(after).toMatch(/lm_ldap_request_duration_seconds_bucket\{le="0.005",operation="findComputers",outcome="ok"\}/);
  });

  it('counts feedback by entry and kind, with unknown entry ids folded into one label', async () => {
    const click = (entry: string) => postSigned(app.eventsUrl, blockAction(ACTION_FIXED, encodeFeedbackRef({ entry, alternatives: [], names: {} }), fake.responseUrl(`fb-${++n}`)), { kind: 'interaction' });
    await click('credssp-double-hop');
    await click('made-up-entry');
    await fake.waitFor(() => fake.responds.filter((r) => r.path.includes('/fb-')).length >= 2, 3000, 'feedback answers');
    const text = await metricsText();
    expect(metricValue(text, 'lm_feedback_total', { entry: 'credssp-double-hop', kind: 'fixed' })).toBe(1);
    expect(metricValue(text, 'lm_feedback_total', { entry: 'unknown', kind: 'fixed' })).toBe(1);
    expect(text).not.toContain('made-up-entry');
  });

  it('counts a failed chat.postMessage by method and Slack error, logs it, and keeps answering', async () => {
    const ts = nextTs();
    fake.intercept = (method, params) => (method === 'chat.postMessage' && params.thread_ts === ts ? { body: { ok: false, error: 'channel_not_found' } } : undefined);
    try {
      await send(messageEvent({ ts, text: MEMORY_PASTE }));
      await fake.waitFor(() => app.logger.events('lm_reply_failed').find((e) => e.ts === ts), 3000, 'failure log');
    } finally {
      fake.intercept = undefined;
    }
    expect(metricValue(await metricsText(), 'lm_slack_api_errors_total', { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(1);
    const next = nextTs();
    await send(messageEvent({ ts: next, text: MEMORY_PASTE }));
    await replyTo(next);
  });
});

describe('message logs', () => {
  it('carry channel, ts and event id, and the text only as a short hash', async () => {
    const ts = nextTs();
    await send(messageEvent({ ts, text: CREDSSP_PASTE }), 'EvLOG1');
    await send(messageEvent({ text: 'lunch at noon, anyone?' }), 'EvLOG2');
    await fake.waitFor(() => app.logger.events('lm_reply').find((e) => e.eventId === 'EvLOG1'), 3000, 'reply log');
    const about = app.logger.records.filter((r) => ['lm_reply', 'lm_silent', 'lm_duplicate'].includes(String(r.fields.event)));
    expect(about.length).toBeGreaterThan(1);
    for (const { fields } of about) {
      expect(fields).toEqual(expect.objectContaining({ channel: CHANNEL, ts: expect.any(String), eventId: expect.any(String) }));
    }
    const reply = app.logger.events('lm_reply').find((e) => e.eventId === 'EvLOG1');
    expect(reply?.textHash).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(app.logger.records)).not.toContain('No credentials are available');
    expect(JSON.stringify(app.logger.records)).not.toContain('lunch at noon');
  });

  it('include the text with LOG_PASTES=true', async () => {
    const verbose = await startTestApp({ mode: 'http', fake, services: { logPastes: true } });
    try {
      const ts = nextTs();
      await postSigned(verbose.eventsUrl, eventCallback(messageEvent({ ts, text: MEMORY_PASTE })));
      const logged = await fake.waitFor(() => verbose.logger.events('lm_reply')[0], 3000, 'reply log');
      expect(String(logged.text)).toContain('could not initialize memory');
    } finally {
      await verbose.stop();
    }
  });
});
