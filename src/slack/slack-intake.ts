/**
 * What stands between the network and Bolt: the intake decides which deliveries Bolt may see, and stops taking them
 * on shutdown.
 *
 * - HTTP mode: each POST to /slack/events is read, its signature verified and its body parsed and checked
 *   (checkSlackBody) *before* Bolt's own listener runs (Bolt then finds the body already buffered). A body Bolt would
 *   trip over is answered 400 (or 200 for a kind lm-doctor ignores) with one log line. A request counts as taken in
 *   once its whole body has arrived, verified, and gone to Bolt, which acknowledges it at once (events) or through a
 *   listener (commands, buttons). On `stopIntake()` every connection that carries no such request is destroyed: idle
 *   keep-alive connections, and slow clients still sending headers or a body (they are not acknowledged work); a
 *   request that arrives afterwards on a surviving connection gets 503 and `Connection: close`.
 * - Socket Mode: the same body check before Bolt's processEvent (a bad envelope is acknowledged and dropped); after
 *   `stopIntake()` envelopes are left unacknowledged, so Slack redelivers them to another connection.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HTTPModuleFunctions, type App, type Logger as BoltLogger, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../support/logger';
import { checkSlackBody, type BodyVerdict } from './check-slack-body';

/** What shutdown cut short when the intake stopped. */
export interface IntakeStopped {
  /** Requests whose body had not fully arrived (slow or stalled clients); their connections were destroyed. */
  unread: number;
  /** Connections with nothing in progress (idle keep-alive, or still sending headers), destroyed. */
  idleConnections: number;
}

export interface Intake {
  /** Stops taking deliveries (see the file comment). Idempotent. */
  stopIntake(): IntakeStopped;
  /** Destroys every connection still open (HTTP; the end of the drain). Returns how many. */
  closeAll(): number;
  /** Deliveries refused because shutdown had begun (HTTP 503, or Socket Mode envelopes left unacknowledged). */
  readonly refusedWhileStopping: number;
}

export interface HttpIntake extends Intake {
  /** Bolt's request listener behind the guard. */
  wrap(bolt: RequestListener): RequestListener;
  /** Tracks the server's connections from now on (the server app.start() returned). */
  attach(server: Server): void;
}

export interface SocketIntake extends Intake {
  /** The app as the receiver should see it: processEvent behind the guard. */
  gate(app: App): App;
}

export interface IntakeOptions {
  /** lm-doctor's log: one `lm_request_refused` line per refused body. Bolt's logger when undefined. */
  log?: Logger;
  /** Bolt's logger, for the lines Bolt itself would have written (bad signature, body too large). */
  boltLogger: BoltLogger;
}

export interface HttpIntakeOptions extends IntakeOptions {
  signingSecret: string;
  /** The path Slack POSTs to (/slack/events). */
  path: string;
  /** Largest body accepted, in bytes. Default Bolt's (4 MB). */
  bodyLimit?: number;
}

interface Connection {
  /** Requests whose body is still arriving or being verified. */
  reading: number;
  /** Requests handed to Bolt whose response is not finished. */
  handed: number;
}

function reportVerdict(o: IntakeOptions, verdict: Exclude<BodyVerdict, { action: 'handle' }>, transport: 'http' | 'socket'): void {
  const fields = { event: 'lm_request_refused', transport, action: verdict.action, reason: verdict.reason };
  const message = verdict.action === 'ignore' ? 'ignored a Slack request lm-doctor has no use for' : 'refused a signed Slack request lm-doctor cannot handle';
  if (!o.log) return o.boltLogger.warn(`${message}: ${verdict.reason}`);
  if (verdict.action === 'ignore') o.log.debug(fields, message);
  else o.log.warn(fields, message);
}

function answer(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, close ? { connection: 'close' } : {});
  res.end();
}

export function createHttpIntake(o: HttpIntakeOptions): HttpIntake {
  const connections = new Map<Socket, Connection>();
  let stopping = false;
  let refusedWhileStopping = 0;
  const track = (socket: Socket): Connection => {
    let c = connections.get(socket);
    if (!c) {
      c = { reading: 0, handed: 0 };
      connections.set(socket, c);
      socket.once('close', () => connections.delete(socket));
    }
    return c;
  };
  const refuseStopping = (res: ServerResponse) => {
    refusedWhileStopping++;
    answer(res, 503, true);
  };

  async function admit(req: IncomingMessage, res: ServerResponse, c: Connection, bolt: RequestListener): Promise<void> {
    c.reading++;
    try {
      await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: o.signingSecret, bodyLimit: o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit }, req);
    } catch (error) {
      if (req.socket.destroyed) return; // cut short by shutdown, or the client went away
      if (HTTPModuleFunctions.isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413)) {
        o.boltLogger.warn(`Request body exceeded the maximum allowed size (limit: ${error.limit} bytes)`);
        return answer(res, 413);
      }
      o.boltLogger.warn(`Failed to parse and verify the request data: ${(error as Error).message}`);
      return answer(res, 401);
    } finally {
      c.reading--;
    }
    if (req.socket.destroyed) return;
    if (stopping) return refuseStopping(res);
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(req as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
    } catch {
      body = undefined;
    }
    const verdict = body === undefined ? { action: 'refuse' as const, reason: 'the body does not parse' } : checkSlackBody(body);
    if (verdict.action !== 'handle') {
      reportVerdict(o, verdict, 'http');
      return answer(res, verdict.action === 'ignore' ? 200 : 400);
    }
    c.handed++;
    res.once('close', () => { c.handed--; });
    bolt(req, res);
  }

  return {
    get refusedWhileStopping() { return refusedWhileStopping; },
    wrap: (bolt) => (req, res) => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://intake').pathname !== o.path) return bolt(req, res);
      const c = track(req.socket);
      if (stopping) return refuseStopping(res);
      admit(req, res, c, bolt).catch((error: unknown) => {
        o.boltLogger.error(`request intake failed: ${(error as Error).message}`);
        answer(res, 500);
      });
    },
    attach(server) {
      server.on('connection', (socket: Socket) => { track(socket); });
    },
    stopIntake() {
      const stopped: IntakeStopped = { unread: 0, idleConnections: 0 };
      if (stopping) return stopped;
      stopping = true;
      for (const [socket, c] of connections) {
        if (c.handed > 0) continue;
        if (c.reading > 0) stopped.unread += c.reading;
        else stopped.idleConnections++;
        socket.destroy();
      }
      return stopped;
    },
    closeAll() {
      const n = connections.size;
      for (const socket of connections.keys()) socket.destroy();
      return n;
    },
  };
}

export function createSocketIntake(o: IntakeOptions): SocketIntake {
  let stopping = false;
  let refusedWhileStopping = 0;
  return {
    get refusedWhileStopping() { return refusedWhileStopping; },
    gate(app) {
      const gated = Object.create(app) as App;
      gated.processEvent = async (event: ReceiverEvent) => {
        if (stopping) {
          refusedWhileStopping++;
          return; // not acknowledged: Slack redelivers it
        }
        const verdict = checkSlackBody(event.body);
        if (verdict.action !== 'handle') {
          reportVerdict(o, verdict, 'socket');
          await event.ack();
          return;
        }
        await app.processEvent(event);
      };
      return gated;
    },
    stopIntake() {
      stopping = true;
      return { unread: 0, idleConnections: 0 };
    },
    closeAll: () => 0,
  };
}
