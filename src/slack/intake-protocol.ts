/**
 * The messages between the HTTP intake thread (intake-thread.ts) and the main thread (threaded-receiver.ts). The
 * intake thread owns the listening socket: it accepts, reads, verifies and acknowledges; the main thread runs Bolt.
 */

/** What the intake thread is started with (workerData). */
export interface IntakeThreadOptions {
  port: number;
  host?: string;
  signingSecret: string;
  /** The path Slack POSTs to (/slack/events). */
  path: string;
  bodyLimit: number;
  /** GET paths answered by the main thread (the ops endpoints when METRICS_PORT = PORT). */
  forwardedGets: string[];
  /** GET /healthz answered `ok` by the intake thread itself (when the ops endpoints live on their own port). */
  plainHealth: boolean;
  /** Events handed to the main thread and not yet taken; beyond this the intake acknowledges and drops them. */
  maxBacklog: number;
  /** Int32Array[1] over this buffer: events the main thread has taken so far. */
  taken: SharedArrayBuffer;
  /** How long a request that needs a listener's answer (commands, buttons) waits for it. Bolt's default: 3001 ms. */
  unhandledRequestTimeoutMs: number;
}

/**
 * A delivery as it came in, checked: the body travels as text (a form body's `payload`, or the JSON), not as an
 * object, because cloning a deeply nested object between threads can exhaust the stack; the main thread parses it.
 */
export interface Delivery {
  /** JSON text: the whole body, or a form body's `payload`. */
  json?: string;
  /** A form body without `payload` (slash commands), as its fields. */
  fields?: Record<string, string>;
  retryNum?: number;
  retryReason?: string;
}

export type FromIntake =
  | { t: 'listening'; port: number }
  | { t: 'listen-failed'; message: string; code?: string }
  /** An Events API delivery, already acknowledged (200) by the intake. */
  | ({ t: 'event' } & Delivery)
  /** A delivery whose HTTP answer comes from a listener's ack() (commands, interactivity, options). */
  | ({ t: 'request'; id: number } & Delivery)
  | { t: 'get'; id: number; path: string }
  | { t: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields?: Record<string, unknown> }
  /** Events acknowledged but dropped because the main thread was `maxBacklog` events behind, since the last report. */
  | { t: 'shed'; count: number }
  | { t: 'intake-stopped'; unread: number; idleConnections: number }
  | { t: 'closed-all'; connections: number; refusedWhileStopping: number }
  | { t: 'server-closed' };

export type ToIntake =
  | { t: 'respond'; id: number; status: number; contentType?: string; body?: string }
  | { t: 'stop-intake' }
  | { t: 'close-all' }
  | { t: 'close-server' };

/** How the main thread answers a forwarded GET (the ops endpoints' responder has this shape). */
export type GetResponder = (method: string, path: string) => Promise<{ status: number; contentType: string; body: string }>;
