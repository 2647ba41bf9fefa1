/**
 * A small Slack on loopback for end-to-end tests of the real Bolt app (reference/slack-platform.md §4–5):
 * - Web API under /api/: auth.test, chat.postMessage, chat.postEphemeral, chat.update, files.info, users.info, views.publish,
 *   apps.connections.open (form-urlencoded or JSON bodies; every call recorded);
 * - response_url endpoints under /respond/ (JSON bodies recorded);
 * - file downloads under /files/ (bot token required, like url_private);
 * - a ws:// Socket Mode endpoint under /link/ that sends hello, pushes envelopes, records acks and can disconnect.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BOT_ID, BOT_TOKEN, BOT_USER_ID, TEAM_ID } from './slack-constants';

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  authorization?: string;
  at: number;
  /** What the fake answered (e.g. the ts of a posted message). */
  response?: Record<string, unknown>;
}

export interface RespondCall {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
}

export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  mode?: string;
  /** Text, or the bytes of a binary file such as a screenshot. */
  content: string | Buffer;
}

export interface Intercepted {
  status?: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  delayMs?: number;
}

export interface SlackApiServer {
  /** e.g. http://127.0.0.1:PORT/api/ */
  apiUrl: string;
  baseUrl: string;
  calls: ApiCall[];
  responds: RespondCall[];
  acks: SocketAck[];
  fileDownloads: { id: string; authorization?: string }[];
  /** Number of Socket Mode connections opened so far. */
  connections: number;
  /**
   * Fault injection for Web API calls: return a status/headers/body (e.g. 429 with Retry-After) and/or a delay in
   * ms; undefined answers normally. The call is recorded either way.
   */
  intercept?: (method: string, params: Record<string, unknown>) => Intercepted | undefined;
  /** Closes the Socket Mode connection abruptly (no `disconnect` message), like a network failure. */
  dropConnection(): void;
  /** Override the answer of one Web API method (e.g. `{ ok: false, error: 'invalid_auth' }`). */
  setResponse(method: string, body: Record<string, unknown>): void;
  addFile(file: FakeFile): void;
  callsTo(method: string): ApiCall[];
  /** A response_url on this server. */
  responseUrl(id: string): string;
  /** Sends an envelope over the current Socket Mode connection and resolves with the client's ack. */
  sendEnvelope(envelope: Record<string, unknown> & { envelope_id: string }, timeoutMs?: number): Promise<SocketAck>;
  /** Asks the client to reconnect, as Slack does every few hours. */
  sendDisconnect(reason?: string): void;
  /** Resolves when the n-th Socket Mode connection has received its hello. */
  waitForConnection(n: number, timeoutMs?: number): Promise<void>;
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // blocks/attachments/view arrive as JSON strings inside form fields (slack-platform.md §6).
    params[k] = (k === 'blocks' || k === 'attachments' || k === 'view') ? JSON.parse(v) : v;
  }
  return params;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startSlackApiServer(): Promise<SlackApiServer> {
  const overrides = new Map<string, Record<string, unknown>>();
  const files = new Map<string, FakeFile>();
  const sockets = new Set<WebSocket>();
  let current: WebSocket | undefined;
  let nextTs = 1;
  const pendingAcks = new Map<string, (ack: SocketAck) => void>();
  const helloWaiters: { n: number; resolve: () => void }[] = [];

  const fake: SlackApiServer = {
    apiUrl: '', baseUrl: '', calls: [], responds: [], acks: [], fileDownloads: [], connections: 0,
    setResponse: (method, body) => { overrides.set(method, body); },
    addFile: (file) => { files.set(file.id, file); },
    callsTo: (method) => fake.calls.filter((c) => c.method === method),
    responseUrl: (id) => `${fake.baseUrl}/respond/${TEAM_ID}/${id}`,
    sendEnvelope(envelope, timeoutMs = 5000) {
      if (!current) return Promise.reject(new Error('no Socket Mode connection'));
      const socket = current;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${envelope.envelope_id} within ${timeoutMs} ms`)), timeoutMs);
        pendingAcks.set(envelope.envelope_id, (ack) => { clearTimeout(timer); resolve(ack); });
        socket.send(JSON.stringify(envelope));
      });
    },
    dropConnection() { current?.terminate(); },
    sendDisconnect(reason = 'refresh_requested') {
      current?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },
    waitForConnection(n, timeoutMs = 5000) {
      if (fake.connections >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`connection #${n} did not come within ${timeoutMs} ms`)), timeoutMs);
        helloWaiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    async waitFor(probe, timeoutMs = 3000, what = 'condition') {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v !== undefined && v !== false) return v as never;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: async () => {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const answer = (method: string, params: Record<string, unknown>): Record<string, unknown> => {
    const override = overrides.get(method);
    if (override) return override;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://ops.slack.com/', team: 'ops', user: 'lm-doctor', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: `1800000000.${String(nextTs++).padStart(6, '0')}`, message: { text: params.text } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1800000000.${String(nextTs++).padStart(6, '0')}` };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts };
      case 'files.info': {
        const f = files.get(String(params.file));
        if (!f) return { ok: false, error: 'file_not_found' };
        const url = `${fake.baseUrl}/files/${f.id}/${encodeURIComponent(f.name)}`;
        return { ok: true, file: { id: f.id, name: f.name, mimetype: f.mimetype, filetype: f.filetype, mode: f.mode, size: Buffer.byteLength(f.content), url_private: url, url_private_download: `${url}?download=1` } };
      }
      case 'views.publish':
        return { ok: true, view: { id: `V${String(nextTs++).padStart(8, '0')}`, type: 'home', blocks: (params.view as { blocks?: unknown } | undefined)?.blocks } };
      case 'users.info':
        return { ok: true, user: { id: params.user, name: 'alice', profile: { email: 'alice@contoso.example' } } };
      case 'apps.connections.open':
        return { ok: true, url: `${fake.baseUrl.replace(/^http/, 'ws')}/link/?ticket=fake-ticket&app_id=A1` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', fake.baseUrl);
      const raw = await readBody(req);
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        const params = parseParams(raw, req.headers['content-type']);
        const call: ApiCall = { method, params, authorization: req.headers.authorization, at: Date.now() };
        fake.calls.push(call);
        const fault = fake.intercept?.(method, params);
        if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs).unref());
        if (fault?.status || fault?.body) {
          res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
          return res.end(JSON.stringify(fault.body ?? {}));
        }
        call.response = answer(method, params);
        return json(res, 200, call.response);
      }
      if (url.pathname.startsWith('/respond/')) {
        fake.responds.push({ path: url.pathname, body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      if (url.pathname.startsWith('/files/')) {
        const id = url.pathname.split('/')[2];
        fake.fileDownloads.push({ id, authorization: req.headers.authorization });
        const f = files.get(id);
        if (!f || req.headers.authorization !== `Bearer ${BOT_TOKEN}`) return json(res, 404, { ok: false });
        res.writeHead(200, { 'content-type': f.mimetype });
        return res.end(f.content);
      }
      json(res, 404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => json(res, 500, { ok: false, error: String(error) }));
  });

  const wss = new WebSocketServer({ server, path: '/link/' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    current = socket;
    fake.connections++;
    socket.on('close', () => { sockets.delete(socket); if (current === socket) current = undefined; });
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (!msg.envelope_id) return;
      const ack: SocketAck = { envelope_id: msg.envelope_id, ...(msg.payload ? { payload: msg.payload } : {}), at: Date.now() };
      fake.acks.push(ack);
      pendingAcks.get(msg.envelope_id)?.(ack);
      pendingAcks.delete(msg.envelope_id);
    });
    socket.send(JSON.stringify({
      type: 'hello', num_connections: 1,
      debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A1' },
    }));
    for (const w of helloWaiters.filter((x) => x.n <= fake.connections)) {
      helloWaiters.splice(helloWaiters.indexOf(w), 1);
      w.resolve();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.apiUrl = `${fake.baseUrl}/api/`;
  return fake;
}
