/**
 * Shutdown is bounded whatever clients do (issue 14, item 1), with the real process (bin/lm-doctor serve) against
 * the loopback fake Slack: a slow client trickling a request body, an idle keep-alive connection and a reply that
 * hangs cannot hold it past SHUTDOWN_TIMEOUT_MS, in HTTP mode and in Socket Mode; deliveries that had not been taken
 * in when `lm_stopping` was logged are never answered, and the log says how many were cut short.
 */
import { connect, type Socket } from 'node:net';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, waitForJson, type AppProcess } from '../support/app-process';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { APP_TOKEN } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';

jest.setTimeout(40_000);

let fake: SlackApiServer;
beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  fake.intercept = undefined;
  await fake?.close();
});

interface SlowClient {
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  end(): void;
}

/**
 * A client that sends request headers announcing a 1000-byte body, then one byte every 500 ms: the slowloris the
 * issue describes (it used one byte per 5 s; the rate does not matter, the body never completes in time).
 */
async function slowClient(baseUrl: string, path: string): Promise<SlowClient> {
  const { port } = new URL(baseUrl);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  socket.on('error', () => undefined); // the server resets it: that is the point
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n` +
    `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\nX-Slack-Signature: v0=00\r\n\r\n{`);
  const timer = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 500);
  void closed.then(() => clearInterval(timer));
  await new Promise((r) => setTimeout(r, 300)); // the server has the headers and is reading the body
  return { closed, end: () => { clearInterval(timer); socket.destroy(); } };
}

/** A keep-alive connection that has finished one request and sits idle. */
async function idleConnection(baseUrl: string): Promise<SlowClient> {
  const { port } = new URL(baseUrl);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  await answered;
  return { closed, end: () => socket.destroy() };
}

/** Holds chat.postMessage for this thread for `ms`, like a slow Slack. */
function slowReplies(ts: string, ms: number): void {
  fake.intercept = (method, params) => (method === 'chat.postMessage' && params.thread_ts === ts ? { delayMs: ms } : undefined);
}

async function startReplyInFlight(app: AppProcess, hangMs: number): Promise<string> {
  const ts = nextTs();
  slowReplies(ts, hangMs);
  if (app.eventsUrl) await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
  else await fake.sendEnvelope({ envelope_id: `env-${ts}`, type: 'events_api', payload: eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })) });
  await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, 'reply started');
  return ts;
}

async function stopTimed(app: AppProcess): Promise<{ code: number | null; ms: number }> {
  const at = performance.now();
  app.child.kill('SIGTERM');
  const { code } = await app.exited;
  return { code, ms: performance.now() - at };
}

describe('HTTP mode', () => {
  it('a slow client trickling a body and an idle keep-alive connection do not hold shutdown; the slow request is cut short', async () => {
    const app = await startAppProcess(fake.apiUrl);
    try {
      const slow = await slowClient(app.eventsUrl, '/slack/events');
      const idle = await idleConnection(app.eventsUrl);
      const { code, ms } = await stopTimed(app);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(3000); // nothing in flight: no reason to wait at all
      await slow.closed;
      await idle.closed;
      expect(app.logs.find((r) => r.event === 'lm_slack_stopped')).toMatchObject({ unread: 1, refused: 0, abandoned: 0, cutShort: 1 });
      expect(app.logs.map((r) => r.event).slice(-1)).toEqual(['lm_stopped']);
    } finally {
      await app.stop();
    }
  });

  it('with a slow client and a reply that hangs, exits within the default 10 s bound', async () => {
    const app = await startAppProcess(fake.apiUrl);
    try {
      await startReplyInFlight(app, 60_000);
      const slow = await slowClient(app.eventsUrl, '/slack/events');
      const { code, ms } = await stopTimed(app);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_500);
      expect(ms).toBeGreaterThan(8000); // it did give the hung reply its time
      await slow.closed;
      expect(app.logs.find((r) => r.event === 'lm_shutdown_timeout')).toMatchObject({ abandoned: 1 });
      expect(app.logs.find((r) => r.event === 'lm_slack_stopped')).toMatchObject({ unread: 1, abandoned: 1, cutShort: 2 });
    } finally {
      fake.intercept = undefined;
      await app.stop();
    }
  });

  it('answers only deliveries taken in before lm_stopping: a burst cut by SIGTERM gets no reply to what was refused', async () => {
    const app = await startAppProcess(fake.apiUrl, { LM_CHANNEL_REPLIES_PER_MINUTE: '0', LOG_LEVEL: 'info' });
    try {
      await waitForJson(`${app.opsUrl}/readyz`, (s) => s === 200);
      const sent: { ts: string; status: number | 'failed' }[] = [];
      const post = async () => {
        const ts = nextTs();
        const entry: { ts: string; status: number | 'failed' } = { ts, status: 'failed' };
        sent.push(entry);
        entry.status = await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE }))).then((r) => r.status, () => 'failed' as const);
      };
      // A stream of events, one every 5 ms from 4 senders, that SIGTERM cuts in the middle.
      let sending = true;
      const senders = Array.from({ length: 4 }, async () => { while (sending) { await post(); await new Promise((r) => setTimeout(r, 5)); } });
      await new Promise((r) => setTimeout(r, 400));
      app.child.kill('SIGTERM');
      await app.waitForLog((r) => r.event === 'lm_stopping', 5000, 'lm_stopping');
      await new Promise((r) => setTimeout(r, 300));
      sending = false;
      await Promise.all(senders);
      expect((await app.exited).code).toBe(0);
      const acked = new Set(sent.filter((s) => s.status === 200).map((s) => s.ts));
      const refused = sent.filter((s) => s.status !== 200);
      expect(acked.size).toBeGreaterThan(5);
      expect(refused.length).toBeGreaterThan(5); // sent after lm_stopping: 503 or a closed connection
      expect(refused.every((s) => s.status === 503 || s.status === 'failed')).toBe(true);
      const repliedTo = fake.callsTo('chat.postMessage').map((c) => String(c.params.thread_ts)).filter((ts) => sent.some((s) => s.ts === ts));
      expect(repliedTo.filter((ts) => !acked.has(ts))).toEqual([]);
      expect(app.logs.find((r) => r.event === 'lm_slack_stopped')).toMatchObject({ abandoned: 0 });
    } finally {
      await app.stop();
    }
  });
});

describe('Socket Mode', () => {
  it('a slow client on the ops port and a reply that hangs do not hold shutdown past SHUTDOWN_TIMEOUT_MS', async () => {
    const before = fake.connections;
    const app = await startAppProcess(fake.apiUrl, { SLACK_APP_TOKEN: APP_TOKEN, SHUTDOWN_TIMEOUT_MS: '2000' });
    try {
      await fake.waitForConnection(before + 1, 5000);
      await waitForJson(`${app.opsUrl}/readyz`, (s, body) => s === 200 && body.slack === 'connected');
      await startReplyInFlight({ ...app, eventsUrl: '' }, 60_000);
      const slow = await slowClient(app.opsUrl, '/readyz');
      const idle = await idleConnection(app.opsUrl);
      const { code, ms } = await stopTimed(app);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(2500);
      await slow.closed;
      await idle.closed;
      expect(app.logs.find((r) => r.event === 'lm_slack_stopped')).toMatchObject({ abandoned: 1 });
      await expect(fake.sendEnvelope({ envelope_id: 'after-exit' }, 500)).rejects.toThrow(/no Socket Mode connection/);
    } finally {
      fake.intercept = undefined;
      await app.stop();
    }
  });

  it('with nothing in flight, exits at once even with a slow client', async () => {
    const before = fake.connections;
    const app = await startAppProcess(fake.apiUrl, { SLACK_APP_TOKEN: APP_TOKEN });
    try {
      await fake.waitForConnection(before + 1, 5000);
      const slow = await slowClient(app.opsUrl, '/readyz');
      const { code, ms } = await stopTimed(app);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(3000);
      await slow.closed;
    } finally {
      await app.stop();
    }
  });
});
