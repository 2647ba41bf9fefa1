/**
 * The HTTP intake thread: it owns the listening socket, so accepting and acknowledging never wait for the main
 * thread's work. (libuv accepts one connection per event-loop iteration; on a busy main thread a burst of new
 * connections waited seconds to be accepted.)
 *
 * Every POST to the events path is read (up to the body limit), its signature verified and its body checked
 * (checkSlackBody) here. An Events API delivery is acknowledged at once and handed to the main thread; when the
 * main thread is `maxBacklog` deliveries behind, it is acknowledged and dropped (a `shed` report). Commands and
 * interactivity are handed over with an id and answered with what the listener's ack() sends back. url_verification
 * and ssl_check are answered here. On `stop-intake`, connections that carry no handed-over request are destroyed
 * (idle keep-alive, and slow clients still sending), and later requests get 503 with `Connection: close`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { parentPort, workerData } from 'node:worker_threads';
import { checkSlackBody } from './check-slack-body';
import { verifySignature } from './verify-signature';
import type { Delivery, FromIntake, IntakeThreadOptions, ToIntake } from './intake-protocol';

const o = workerData as IntakeThreadOptions;
const port = parentPort as NonNullable<typeof parentPort>;
const send = (m: FromIntake) => port.postMessage(m);
const taken = new Int32Array(o.taken);

interface Connection {
  /** Requests whose body is still arriving. */
  reading: number;
  /** Requests handed to the main thread whose answer is not written yet. */
  handed: number;
}

const connections = new Map<Socket, Connection>();
const waiting = new Map<number, { res: ServerResponse; timer: NodeJS.Timeout }>();
let nextId = 1;
let forwarded = 0;
let shedSinceReport = 0;
let stopping = false;
let refusedWhileStopping = 0;

function track(socket: Socket): Connection {
  let c = connections.get(socket);
  if (!c) {
    c = { reading: 0, handed: 0 };
    connections.set(socket, c);
    socket.once('close', () => connections.delete(socket));
  }
  return c;
}

function answer(res: ServerResponse, status: number, extra: { close?: boolean; contentType?: string; body?: string } = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...(extra.close ? { connection: 'close' } : {}), ...(extra.contentType ? { 'content-type': extra.contentType } : {}) });
  res.end(extra.body);
}

function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
  send({ t: 'log', level, msg, ...(fields ? { fields } : {}) });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > o.bodyLimit) {
      reject(Object.assign(new Error('request entity too large'), { tooLarge: true }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > o.bodyLimit) {
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error('request entity too large'), { tooLarge: true }));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
}

interface Parsed { body: Record<string, unknown>; wire: Pick<Delivery, 'json' | 'fields'> }

function parseBody(req: IncomingMessage, raw: string): Parsed | undefined {
  try {
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw) as Record<string, string>;
      if (typeof form.payload === 'string') return { body: JSON.parse(form.payload), wire: { json: form.payload } };
      return { body: form, wire: { fields: { ...form } } };
    }
    return { body: JSON.parse(raw), wire: { json: raw } };
  } catch {
    return undefined;
  }
}

function retryOf(req: IncomingMessage): { retryNum?: number; retryReason?: string } {
  const num = header(req, 'x-slack-retry-num');
  const reason = header(req, 'x-slack-retry-reason');
  return { ...(num !== undefined ? { retryNum: Number.parseInt(num, 10) } : {}), ...(reason !== undefined ? { retryReason: reason } : {}) };
}

async function admit(req: IncomingMessage, res: ServerResponse, c: Connection): Promise<void> {
  let raw: Buffer;
  c.reading++;
  try {
    raw = await readBody(req);
  } catch (error) {
    if (req.socket.destroyed) return; // cut short by shutdown, or the client went away
    if ((error as { tooLarge?: boolean }).tooLarge) {
      log('warn', `Request body exceeded the maximum allowed size (limit: ${o.bodyLimit} bytes)`);
      return answer(res, 413, { close: true });
    }
    log('warn', `Failed to read the request body: ${(error as Error).message}`);
    return answer(res, 400);
  } finally {
    c.reading--;
  }
  if (req.socket.destroyed) return;
  if (stopping) return refuseStopping(res);
  const text = raw.toString('utf8');
  const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
  // Slack's unsigned TLS probe: answered here, and nothing unsigned goes further.
  if (form && text.includes('ssl_check=') && parseQuery(text).ssl_check === '1') return answer(res, 200);
  const verdict = verifySignature({ rawBody: raw, timestamp: header(req, 'x-slack-request-timestamp'), signature: header(req, 'x-slack-signature') }, o.signingSecret, Date.now());
  if (!verdict.ok) {
    log('warn', `Failed to verify authenticity: ${verdict.reason}`);
    return answer(res, 401);
  }
  const parsed = parseBody(req, text);
  const checked = parsed === undefined ? { action: 'refuse' as const, reason: 'the body does not parse' } : checkSlackBody(parsed.body);
  if (checked.action !== 'handle') {
    const fields = { event: 'lm_request_refused', transport: 'http', action: checked.action, reason: checked.reason };
    if (checked.action === 'ignore') log('debug', 'ignored a Slack request lm-doctor has no use for', fields);
    else log('warn', 'refused a signed Slack request lm-doctor cannot handle', fields);
    return answer(res, checked.action === 'ignore' ? 200 : 400);
  }
  const { body, wire } = parsed as Parsed;
  if (body.type === 'url_verification') {
    return answer(res, 200, { contentType: 'application/json', body: JSON.stringify({ challenge: body.challenge }) });
  }
  if (body.type === 'event_callback') return handEvent(res, { ...wire, ...retryOf(req) });
  handRequest(res, c, { ...wire, ...retryOf(req) });
}

/** Acknowledges at once; the main thread gets the event unless it is already `maxBacklog` behind. */
function handEvent(res: ServerResponse, delivery: Delivery): void {
  answer(res, 200);
  if (forwarded - Atomics.load(taken, 0) >= o.maxBacklog) {
    shedSinceReport++;
    return;
  }
  forwarded++;
  send({ t: 'event', ...delivery });
}

function handRequest(res: ServerResponse, c: Connection, delivery: Delivery): void {
  const id = nextId++;
  c.handed++;
  res.once('close', () => {
    c.handed--;
    const w = waiting.get(id);
    if (w) clearTimeout(w.timer);
    waiting.delete(id);
  });
  const timer = setTimeout(() => {
    waiting.delete(id);
    log('error', 'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.');
    answer(res, 404);
  }, o.unhandledRequestTimeoutMs);
  waiting.set(id, { res, timer });
  send({ t: 'request', id, ...delivery });
}

function refuseStopping(res: ServerResponse): void {
  refusedWhileStopping++;
  answer(res, 503, { close: true });
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://intake').pathname;
  const method = req.method ?? 'GET';
  if (method === 'POST' && path === o.path) {
    const c = track(req.socket);
    if (stopping) return refuseStopping(res);
    admit(req, res, c).catch((error: unknown) => {
      log('error', `request intake failed: ${(error as Error).message}`);
      answer(res, 500);
    });
    return;
  }
  if ((method === 'GET' || method === 'HEAD') && o.forwardedGets.includes(path)) {
    const id = nextId++;
    const timer = setTimeout(() => { waiting.delete(id); answer(res, 503); }, 10_000);
    waiting.set(id, { res, timer });
    send({ t: 'get', id, path });
    return;
  }
  if (method === 'GET' && o.plainHealth && path === '/healthz') return answer(res, 200, { contentType: 'text/plain', body: 'ok\n' });
  log('info', `Unhandled HTTP request (${method}) made to ${path}`);
  answer(res, 404);
});
server.on('connection', (socket: Socket) => { track(socket); });

port.on('message', (m: ToIntake) => {
  switch (m.t) {
    case 'respond': {
      const w = waiting.get(m.id);
      if (!w) return; // already answered (timeout) or the client went away
      clearTimeout(w.timer);
      waiting.delete(m.id);
      answer(w.res, m.status, { ...(m.contentType ? { contentType: m.contentType } : {}), ...(m.body !== undefined ? { body: m.body } : {}) });
      return;
    }
    case 'stop-intake': {
      let unread = 0;
      let idleConnections = 0;
      if (!stopping) {
        stopping = true;
        for (const [socket, c] of connections) {
          if (c.handed > 0) continue;
          if (c.reading > 0) unread += c.reading;
          else idleConnections++;
          socket.destroy();
        }
      }
      send({ t: 'intake-stopped', unread, idleConnections });
      return;
    }
    case 'close-all': {
      const n = connections.size;
      for (const socket of connections.keys()) socket.destroy();
      send({ t: 'closed-all', connections: n, refusedWhileStopping });
      return;
    }
    case 'close-server':
      if (!server.listening) {
        send({ t: 'server-closed' });
        return;
      }
      server.close(() => send({ t: 'server-closed' }));
  }
});

// Shed events are reported at most once a second: a flood of drops is one line, not one per drop.
setInterval(() => {
  if (shedSinceReport === 0) return;
  send({ t: 'shed', count: shedSinceReport });
  shedSinceReport = 0;
}, 1000).unref();

server.once('error', (error: NodeJS.ErrnoException) => send({ t: 'listen-failed', message: error.message, ...(error.code ? { code: error.code } : {}) }));
server.listen(o.port, o.host, () => send({ t: 'listening', port: (server.address() as AddressInfo).port }));
