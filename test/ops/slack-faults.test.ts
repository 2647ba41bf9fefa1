/**
 * Slack failures against the loopback fake: HTTP 429 with Retry-After is retried after the delay and metered;
 * HTTP 500 and `ok: false` answers are logged and counted without crashing; a Socket Mode connection that drops
 * without a goodbye reconnects, and readiness follows the connection.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { MEMORY_PASTE } from '../support/slack-pastes';
import { metricValue } from '../support/prometheus-text';
import { createMetrics, type Metrics } from '../../src/support/metrics';
import { createHealth } from '../../src/support/health';
import { readiness } from '../../src/support/health';

jest.setTimeout(30_000);

let fake: SlackApiServer;
beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  fake.intercept = undefined;
  await fake?.close();
});

const repliesIn = (ts: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts);
const metric = async (m: Metrics, name: string, labels?: Record<string, string>) => metricValue(await m.registry.metrics(), name, labels);

describe('Slack Web API failures (HTTP mode)', () => {
  let app: TestApp;
  let metrics: Metrics;
  beforeAll(async () => {
    metrics = createMetrics();
    // Production retry settings (2 retries), so a 429 is retried.
    app = await startTestApp({ mode: 'http', fake, services: { metrics }, tuning: { clientRetries: 2 } });
  });
  afterAll(async () => { await app?.stop(); });

  it('retries chat.postMessage after Retry-After when Slack answers 429 ratelimited', async () => {
    const ts = nextTs();
    let limited = 0;
    fake.intercept = (method, params) => {
      if (method !== 'chat.postMessage' || params.thread_ts !== ts || limited > 0) return undefined;
      limited++;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    };
    try {
      await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: MEMORY_PASTE })));
      await fake.waitFor(() => repliesIn(ts).length === 2 && app.logger.events('lm_reply').some((e) => e.ts === ts), 8000, 'retried reply');
    } finally {
      fake.intercept = undefined;
    }
    const [first, second] = repliesIn(ts);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    expect(await metric(metrics, 'lm_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(app.logger.events('lm_reply_failed').filter((e) => e.ts === ts)).toHaveLength(0);
  });

  it('logs and counts an HTTP 500 and an ok:false answer, then answers the next paste', async () => {
    const broken = [nextTs(), nextTs()];
    fake.intercept = (method, params) => {
      if (method !== 'chat.postMessage') return undefined;
      if (params.thread_ts === broken[0]) return { status: 500, body: { ok: false } };
      if (params.thread_ts === broken[1]) return { body: { ok: false, error: 'not_in_channel' } };
      return undefined;
    };
    try {
      for (const ts of broken) await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: MEMORY_PASTE })));
      await fake.waitFor(() => app.logger.events('lm_reply_failed').filter((e) => broken.includes(String(e.ts))).length === 2, 10_000, 'two failures');
    } finally {
      fake.intercept = undefined;
    }
    expect(await metric(metrics, 'lm_slack_api_errors_total', { method: 'chat.postMessage', error: 'not_in_channel' })).toBe(1);
    expect(await metric(metrics, 'lm_slack_api_errors_total', { method: 'chat.postMessage' })).toBe(2);
    const ts = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: MEMORY_PASTE })));
    await fake.waitFor(() => repliesIn(ts).length === 1, 3000, 'reply after failures');
  });
});

describe('Socket Mode connection lost', () => {
  it('reconnects after the WebSocket drops without a disconnect message, and readiness follows', async () => {
    const health = createHealth();
    const app = await startTestApp({ mode: 'socket', fake, autoReconnect: true, clientPingTimeoutMs: 600, services: { health } });
    try {
      expect(readiness(health).status).toBe(200);
      const opened = fake.connections;
      fake.dropConnection();
      // The client notices a silent drop by its ping timeout; on a loaded 2-core machine that can take a few seconds.
      await fake.waitFor(() => !health.slackConnected, 10_000, 'readiness to notice the drop');
      expect(readiness(health).status).toBe(503);
      await fake.waitForConnection(opened + 1, 10_000);
      await fake.waitFor(() => health.slackConnected, 5000, 'connected again');
      const ts = nextTs();
      const ack = await fake.sendEnvelope({
        envelope_id: 'env-drop-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '',
        payload: eventCallback(messageEvent({ ts, text: MEMORY_PASTE })),
      });
      expect(ack.envelope_id).toBe('env-drop-1');
      await fake.waitFor(() => repliesIn(ts).length === 1, 3000, 'reply after reconnect');
    } finally {
      await app.stop();
    }
  });
});
