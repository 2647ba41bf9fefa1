/**
 * HTTP mode's Bolt receiver. The listening socket lives in an intake thread (intake-thread.ts) that accepts, reads,
 * verifies and acknowledges; this side runs Bolt on what it hands over. Events arrive already acknowledged;
 * commands and interactivity are answered with what the listener passes to ack(), as Bolt's HTTPReceiver does
 * (500 when Bolt throws before ack, 401 on an AuthorizationError, 404 when nothing acknowledges within 3 s).
 *
 * It is also the HTTP intake of start-slack-app's bounded stop: stopIntake(), closeAll() and
 * refusedWhileStopping run in the thread.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { HTTPModuleFunctions, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../support/logger';
import type { Intake, IntakeStopped } from './slack-intake';
import type { Delivery, FromIntake, GetResponder, IntakeThreadOptions, ToIntake } from './intake-protocol';

export interface ThreadedReceiverOptions {
  signingSecret: string;
  path: string;
  /** The compiled intake thread (dist/slack/intake-thread.js). */
  threadFile: string;
  bodyLimit?: number;
  /** GET paths the main thread answers on this port (the ops endpoints when METRICS_PORT = PORT). */
  gets?: { paths: string[]; answer: GetResponder };
  /** Events that may wait for the main thread; beyond this they are acknowledged and dropped (LM_INTAKE_BACKLOG). */
  maxBacklog?: number;
  boltLogger: BoltLogger;
  /** lm-doctor's log (refused requests, shed reports); Bolt's logger when undefined. */
  log?: Logger;
  /** Counts events the intake dropped because the main thread was behind. */
  onShed?: (count: number) => void;
  /**
   * The intake thread ended while serving (a fault in it): nothing listens any more, so the service must stop rather
   * than run on deaf. Called once.
   */
  onFailure?: (error: Error) => void;
}

const UNHANDLED_REQUEST_TIMEOUT_MS = 3001;

export class ThreadedHttpReceiver implements Receiver, Intake {
  private app?: App;
  private worker?: Worker;
  private refused = 0;
  private readonly taken = new SharedArrayBuffer(4);
  private readonly takenCount = new Int32Array(this.taken);
  /** One-shot waiters for the thread's replies, by message type. */
  private readonly replies = new Map<FromIntake['t'], (m: FromIntake | undefined) => void>();

  constructor(private readonly o: ThreadedReceiverOptions) {
    if (!existsSync(o.threadFile)) throw new Error(`the HTTP intake thread ${o.threadFile} is missing: run npm run build`);
  }

  get refusedWhileStopping(): number { return this.refused; }

  /** The receiver is its own intake (the same shape as Socket Mode's `receiver.intake`). */
  get intake(): Intake { return this; }

  init(app: App): void { this.app = app; }

  /** Listens (in the thread); resolves with the port once it is listening. */
  start(listen: { port: number; host?: string }): Promise<{ port: number }> {
    const options: IntakeThreadOptions = {
      port: listen.port, ...(listen.host ? { host: listen.host } : {}), signingSecret: this.o.signingSecret, path: this.o.path,
      bodyLimit: this.o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit, forwardedGets: this.o.gets?.paths ?? [], plainHealth: !this.o.gets,
      maxBacklog: this.o.maxBacklog ?? 5000, taken: this.taken, unhandledRequestTimeoutMs: UNHANDLED_REQUEST_TIMEOUT_MS,
    };
    const worker = new Worker(this.o.threadFile, { workerData: options });
    let listening = false;
    this.worker = worker;
    worker.on('message', (m: FromIntake) => this.onMessage(m));
    worker.once('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.o.boltLogger.error(`the HTTP intake thread exited (${code})`);
        if (listening) this.o.onFailure?.(new Error(`the HTTP intake thread exited while serving (exit code ${code})`));
      }
      // Nothing will answer what is still asked of the thread.
      for (const [t, waiter] of [...this.replies]) {
        this.replies.delete(t);
        waiter(undefined);
      }
    });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once('error', failed);
      this.replies.set('listening', (m) => {
        this.replies.delete('listen-failed');
        if (!m) return reject(new Error('the HTTP intake thread exited before it listened'));
        listening = true;
        worker.off('error', failed);
        worker.on('error', (error) => this.o.boltLogger.error(`the HTTP intake thread failed: ${error.message}`));
        resolve({ port: (m as { port: number }).port });
      });
      this.replies.set('listen-failed', (m) => {
        this.replies.delete('listening');
        const { message, code } = (m ?? { message: 'the HTTP intake thread exited before it listened' }) as { message: string; code?: string };
        void worker.terminate();
        reject(Object.assign(new Error(message), code ? { code } : {}));
      });
    });
  }

  /** Closes the listening socket; resolves once every connection is gone (closeAll ends the stragglers). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.ask({ t: 'close-server' }, 'server-closed');
    this.worker = undefined;
    await worker.terminate();
  }

  /** Ends the thread whatever it is doing (after a bounded stop whose steps it did not answer). */
  async release(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  async stopIntake(): Promise<IntakeStopped> {
    const m = await this.ask({ t: 'stop-intake' }, 'intake-stopped');
    return m?.t === 'intake-stopped' ? { unread: m.unread, idleConnections: m.idleConnections } : { unread: 0, idleConnections: 0 };
  }

  async closeAll(): Promise<number> {
    const m = await this.ask({ t: 'close-all' }, 'closed-all');
    if (m?.t !== 'closed-all') return 0;
    this.refused = m.refusedWhileStopping;
    return m.connections;
  }

  /** One request to the thread and its reply; undefined when the thread is gone (or goes) before answering. */
  private ask(message: ToIntake, reply: FromIntake['t']): Promise<FromIntake | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.replies.set(reply, resolve);
      worker.postMessage(message);
    });
  }

  private post(message: ToIntake): void {
    this.worker?.postMessage(message);
  }

  private onMessage(m: FromIntake): void {
    const waiter = this.replies.get(m.t);
    if (waiter) {
      this.replies.delete(m.t);
      waiter(m);
      return;
    }
    switch (m.t) {
      case 'event':
        Atomics.add(this.takenCount, 0, 1);
        this.dispatch(m, async () => undefined).catch((error: unknown) => {
          this.o.boltLogger.error('An unhandled error occurred while Bolt processed an event');
          this.o.boltLogger.debug(`Error details: ${error}`);
        });
        return;
      case 'request':
        this.handleRequest(m.id, m);
        return;
      case 'get':
        this.answerGet(m.id, m.path);
        return;
      case 'log':
        this.logLine(m.level, m.msg, m.fields);
        return;
      case 'shed':
        this.o.onShed?.(m.count);
        this.logLine('warn', `too busy: ${m.count} events acknowledged and dropped (the main thread was behind)`, { event: 'lm_shed', kind: 'intake', count: m.count });
        return;
      default:
    }
  }

  private logLine(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    if (fields && this.o.log) this.o.log[level](fields, msg);
    else this.o.boltLogger[level](msg);
  }

  /** Bolt on one delivery; the body was parsed once in the intake thread, so it parses here. */
  private async dispatch(d: Delivery, ack: ReceiverEvent['ack']): Promise<void> {
    const body = (d.json !== undefined ? JSON.parse(d.json) : d.fields ?? {}) as ReceiverEvent['body'];
    const event: ReceiverEvent = {
      body, ack, customProperties: {},
      ...(d.retryNum !== undefined ? { retryNum: d.retryNum } : {}), ...(d.retryReason !== undefined ? { retryReason: d.retryReason } : {}),
    };
    await (this.app as App).processEvent(event);
  }

  private handleRequest(id: number, d: Delivery): void {
    let acked = false;
    const ack = async (response?: unknown) => {
      if (acked) {
        this.o.boltLogger.debug('ack() called again; the answer was already sent');
        return;
      }
      acked = true;
      if (!response) this.post({ t: 'respond', id, status: 200 });
      else if (typeof response === 'string') this.post({ t: 'respond', id, status: 200, body: response });
      else this.post({ t: 'respond', id, status: 200, contentType: 'application/json', body: JSON.stringify(response) });
    };
    this.dispatch(d, ack).catch((error: unknown) => {
      if (acked) {
        this.o.boltLogger.error('An unhandled error occurred after ack() called in a listener');
        this.o.boltLogger.debug(`Error details: ${error}`);
        return;
      }
      acked = true;
      const unauthorized = (error as { code?: string }).code === 'slack_bolt_authorization_error';
      if (!unauthorized) {
        this.o.boltLogger.error('An unhandled error occurred while Bolt processed an event');
        this.o.boltLogger.debug(`Error details: ${error}`);
      }
      this.post({ t: 'respond', id, status: unauthorized ? 401 : 500 });
    });
  }

  private answerGet(id: number, path: string): void {
    const gets = this.o.gets;
    if (!gets) return this.post({ t: 'respond', id, status: 404 });
    gets.answer('GET', path).then(
      (r) => this.post({ t: 'respond', id, status: r.status, contentType: r.contentType, body: r.body }),
      (error: unknown) => this.post({ t: 'respond', id, status: 500, contentType: 'text/plain', body: `${(error as Error).message}\n` }),
    );
  }
}
