/**
 * The loopback Slack of the open-loop sweep: just enough Web API for `lm-doctor serve` (auth.test at start,
 * chat.postMessage, chat.postEphemeral, apps.connections.open) and a Socket Mode WebSocket under /link/ that sends
 * `hello`, pings like Slack, pushes envelopes and reports each ack. It records only what the sweep measures: when a
 * reply lands in which thread. Leaner than test/support/slack-api-server.ts (no per-envelope timers or call log, and
 * it pings, so the client's 30-s server-ping timeout never fires during a long sweep).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BENCH_BOT = { botId: 'BBOT', botUserId: 'UBOT', teamId: 'T1' } as const;
const PING_EVERY_MS = 5000;

export interface LoadFakeSlack {
  /** http://127.0.0.1:PORT/api/ */
  apiUrl: string;
  /** Arrival times (performance.now()) of chat.postMessage calls, by thread_ts. */
  posts: Map<string, number[]>;
  /** chat.postEphemeral calls (a "busy" answer to a mention or command). */
  ephemerals: number;
  /** Socket Mode connections opened so far (more than one means the app reconnected). */
  connections: number;
  /** Sends a serialised envelope on the current Socket Mode connection; false when there is none. */
  sendEnvelope(json: string): boolean;
  /** Called with (envelope_id, performance.now()) for every ack. */
  onAck?: (envelopeId: string, at: number) => void;
  waitForConnection(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

function threadOf(raw: string, contentType: string | undefined): string {
  if (contentType?.includes('application/json')) return String((JSON.parse(raw) as { thread_ts?: unknown }).thread_ts ?? '');
  return new URLSearchParams(raw).get('thread_ts') ?? '';
}

export async function startLoadFakeSlack(): Promise<LoadFakeSlack> {
  let current: WebSocket | undefined;
  let seq = 0;
  let base = '';
  const fake: LoadFakeSlack = {
    apiUrl: '', posts: new Map(), ephemerals: 0, connections: 0,
    sendEnvelope(json) {
      if (current?.readyState !== 1) return false;
      current.send(json);
      return true;
    },
    async waitForConnection(timeoutMs) {
      const until = performance.now() + timeoutMs;
      while (current?.readyState !== 1) {
        if (performance.now() > until) throw new Error(`the app opened no Socket Mode connection within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      clearInterval(pinger);
      for (const s of wss.clients) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const answer = (method: string, raw: string, req: IncomingMessage, at: number): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://bench.slack.com/', team: 'bench', user: 'lm-doctor', team_id: BENCH_BOT.teamId, user_id: BENCH_BOT.botUserId, bot_id: BENCH_BOT.botId };
      case 'chat.postMessage': {
        const thread = threadOf(raw, req.headers['content-type']);
        const seen = fake.posts.get(thread);
        if (seen) seen.push(at); else fake.posts.set(thread, [at]);
        return { ok: true, ts: `1800000000.${String(++seq).padStart(6, '0')}` };
      }
      case 'chat.postEphemeral':
        fake.ephemerals++;
        return { ok: true, message_ts: `1800000000.${String(++seq).padStart(6, '0')}` };
      case 'apps.connections.open':
        return { ok: true, url: `${base.replace(/^http/, 'ws')}/link/?ticket=bench&app_id=A1` };
      default:
        return { ok: true };
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const method = (req.url ?? '').split('?')[0].replace(/^\/api\//, '');
      let body: Record<string, unknown>;
      try {
        body = answer(method, Buffer.concat(chunks).toString('utf8'), req, at);
      } catch (error) {
        body = { ok: false, error: `bench_fake: ${(error as Error).message}` };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  // Keep idle Web API connections open as Slack's edge does; Node's 5-s default races the app's keep-alive pool when
  // its event loop is busy, and the app logs "fetch failed" for a socket the fake closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const wss = new WebSocketServer({ server, path: '/link/' });
  wss.on('connection', (socket) => {
    current = socket;
    fake.connections++;
    socket.on('close', () => { if (current === socket) current = undefined; });
    socket.on('message', (data) => {
      const at = performance.now();
      const id = (JSON.parse(String(data)) as { envelope_id?: unknown }).envelope_id;
      if (typeof id === 'string') fake.onAck?.(id, at);
    });
    socket.send(JSON.stringify({
      type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' },
      debug_info: { host: 'bench-fake-slack', build_number: 1, approximate_connection_time: 18060 },
    }));
  });
  const pinger = setInterval(() => { for (const s of wss.clients) s.ping(); }, PING_EVERY_MS);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = `${base}/api/`;
  return fake;
}
