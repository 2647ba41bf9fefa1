/**
 * The real process under SIGTERM/SIGINT: it stops taking events, finishes the reply in flight, closes Socket Mode
 * and Redis, and exits 0, within SHUTDOWN_TIMEOUT_MS even when a reply hangs (slow clients: bounded-shutdown.test.ts). Its stdout is JSON lines only, and no
 * token, signing secret, bind password or Redis password ever appears in it, even at debug level.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestRedis, type TestRedis } from '../support/redis-server';
import { startAppProcess, waitForJson } from '../support/app-process';
import { eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';

jest.setTimeout(40_000);

let fake: SlackApiServer;
let redis: TestRedis;
beforeAll(async () => {
  fake = await startSlackApiServer();
  redis = await startTestRedis();
});
afterAll(async () => {
  fake.intercept = undefined;
  await redis?.stop();
  await fake?.close();
});

/** Holds chat.postMessage for this thread for `ms`, like a slow Slack. */
function slowReplies(ts: string, ms: number): void {
  fake.intercept = (method, params) => (method === 'chat.postMessage' && params.thread_ts === ts ? { delayMs: ms } : undefined);
}

describe('graceful shutdown', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: finishes the reply in flight, refuses new events, closes Redis and exits 0', async (signal) => {
    const app = await startAppProcess(fake.apiUrl, { REDIS_URL: redis.url });
    try {
      await waitForJson(`${app.opsUrl}/readyz`, (s, body) => s === 200 && body.redis === 'ok');
      const ts = nextTs();
      slowReplies(ts, 1500);
      await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'reply started');
      const signalledAt = Date.now();
      app.child.kill(signal);
      await app.waitForLog((r) => r.event === 'lm_stopping', 3000, 'lm_stopping');
      await expect(postSigned(app.eventsUrl, eventCallback(messageEvent({ text: MEMORY_PASTE })))).rejects.toThrow();
      const { code } = await app.exited;
      expect(code).toBe(0);
      expect(Date.now() - signalledAt).toBeGreaterThan(1000); // it waited for the slow reply
      const events = app.logs.map((r) => r.event);
      expect(events.indexOf('lm_reply')).toBeGreaterThan(events.indexOf('lm_stopping'));
      expect(events.slice(-1)).toEqual(['lm_stopped']);
      expect(events).not.toContain('lm_shutdown_timeout');
    } finally {
      fake.intercept = undefined;
      await app.stop();
    }
  });

  it('gives up on a hung reply after SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const app = await startAppProcess(fake.apiUrl, { SHUTDOWN_TIMEOUT_MS: '500' });
    try {
      const ts = nextTs();
      slowReplies(ts, 20_000);
      await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'reply started');
      const signalledAt = Date.now();
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(1500); // the whole shutdown is bounded by SHUTDOWN_TIMEOUT_MS
      // The Slack app drains for 400 ms; the last 100 ms (a fifth, at most 1 s) close Redis, the ops server and workers.
      expect(app.logs.find((r) => r.event === 'lm_shutdown_timeout')).toMatchObject({ abandoned: 1, budgetMs: 400 });
    } finally {
      fake.intercept = undefined;
      await app.stop();
    }
  });

  it('Socket Mode: closes the WebSocket and exits 0', async () => {
    const before = fake.connections;
    const app = await startAppProcess(fake.apiUrl, { SLACK_APP_TOKEN: APP_TOKEN });
    try {
      await fake.waitForConnection(before + 1, 5000);
      await waitForJson(`${app.opsUrl}/readyz`, (s, body) => s === 200 && body.slack === 'connected');
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      await expect(fake.sendEnvelope({ envelope_id: 'after-exit' }, 500)).rejects.toThrow(/no Socket Mode connection/);
    } finally {
      await app.stop();
    }
  });
});

describe('logs of the real process', () => {
  it('are JSON lines only and never contain a token, the signing secret or a password, even at debug level', async () => {
    const bindPassword = 'Svc-B1nd.Secret-value';
    const redisPassword = 'redis-Pa55-word';
    const app = await startAppProcess(fake.apiUrl, {
      LOG_LEVEL: 'debug', SLACK_LOG_LEVEL: 'debug', LDAP_URL: 'ldaps://127.0.0.1:1', LDAP_BIND_DN: 'svc-lmcheck@lab.example',
      LDAP_BIND_PASSWORD: bindPassword, LDAP_TIMEOUT_MS: '500', REDIS_URL: `redis://:${redisPassword}@127.0.0.1:1`,
    });
    try {
      const ready = await waitForJson(`${app.opsUrl}/readyz`, (s, body) => s === 200 && body.directory === 'unreachable');
      expect(ready).toMatchObject({ redis: 'degraded' });
      const ts = nextTs();
      await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
      await postSigned(app.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl('redact-1')), { kind: 'command' });
      await fake.waitFor(() => fake.responds.some((r) => r.path.endsWith('/redact-1')), 5000, 'check answer');
      await app.waitForLog((r) => r.event === 'lm_reply' && r.ts === ts, 5000, 'reply log');
    } finally {
      await app.stop();
    }
    expect(app.lines.length).toBeGreaterThan(5);
    expect(app.lines.filter((l) => !l.startsWith('{'))).toEqual([]);
    expect(app.logs).toHaveLength(app.lines.length);
    expect(app.logs.some((r) => r.event === 'lm_slack_sdk')).toBe(true); // Bolt's own debug output, as JSON
    const all = app.lines.join('\n') + app.stderr.join('');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, bindPassword, redisPassword]) expect(all).not.toContain(secret);
    // lm-doctor's own lines carry the paste only as a hash (the SDK's debug lines show request bodies, i.e. the reply).
    const own = app.lines.filter((l) => !l.includes('"event":"lm_slack_sdk"')).join('\n');
    expect(own).not.toContain('No credentials are available in the security package');
  });
});
