/**
 * The two ways the sweep delivers its schedule, both open loop: each delivery leaves at its due time whether or not
 * earlier ones were answered. HTTP mode: signed POSTs to /slack/events over a keep-alive http.Agent of up to many
 * connections (ack = the HTTP response). Socket Mode: envelopes on the fake Slack's WebSocket (ack = the app's
 * `{envelope_id}` message). Times are performance.now() in this process.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { eventCallback, type Delivery } from './load-schedule';
import type { LoadFakeSlack } from './load-fake-slack';

export interface StepTimes {
  /** When each delivery was handed to the socket (NaN: not sent). */
  sentAt: Float64Array;
  /** When its ack arrived (NaN: none). */
  ackAt: Float64Array;
  /** Deliveries answered with something other than a 200, or failed, by reason. */
  failures: Map<string, number>;
  failed: number;
  /** HTTP: deliveries sent again once because their keep-alive connection had been closed. */
  resent: number;
  maxInFlight: number;
}

export interface Sender {
  /** Sends the schedule; resolves with the step's start (performance.now()) once the last delivery has left. */
  run(schedule: readonly Delivery[], times: StepTimes, step: number): Promise<number>;
  /** Sent and neither acknowledged nor failed. */
  inFlight(): number;
  /** Stops waiting for the step's outstanding acks. */
  abandon(): void;
}

export function newStepTimes(n: number): StepTimes {
  return { sentAt: new Float64Array(n).fill(NaN), ackAt: new Float64Array(n).fill(NaN), failures: new Map(), failed: 0, resent: 0, maxInFlight: 0 };
}

function fail(times: StepTimes, reason: string): void {
  times.failures.set(reason, (times.failures.get(reason) ?? 0) + 1);
  times.failed++;
}

/** Calls send(k) for every k at started + dueMs(k); timers wake it at most every millisecond. */
function openLoop(schedule: readonly Delivery[], send: (k: number) => void): Promise<number> {
  const started = performance.now();
  let k = 0;
  return new Promise((resolve) => {
    const tick = () => {
      while (k < schedule.length && started + schedule[k].dueMs <= performance.now()) send(k++);
      if (k >= schedule.length) return resolve(started);
      setTimeout(tick, Math.max(0, started + schedule[k].dueMs - performance.now() - 0.5));
    };
    tick();
  });
}

/** One GET /healthz on the pool: opens (or reuses) a keep-alive connection; any answer will do. */
function openConnection(pool: Agent, target: { host: string; port: number }): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ agent: pool, host: target.host, port: target.port, path: '/healthz', method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end();
  });
}

/**
 * `connections`: the most keep-alive connections the pool opens, as deliveries need them (a sender that meets a slow
 * app opens more). `warm`: open them all before the step's clock starts instead.
 */
export function httpSender(target: { host: string; port: number; path: string }, secret: string, connections: number, warm = false): Sender {
  let agent: Agent | undefined;
  // Per step, so that requests of an abandoned step that fail later never count against the next one.
  let step = { inFlight: 0 };
  return {
    inFlight: () => step.inFlight,
    abandon() {
      agent?.destroy();
      agent = undefined;
      step = { inFlight: 0 };
    },
    async run(schedule, times) {
      // A fresh pool per step: no socket the server may have closed for idling between steps. fifo: every open
      // connection takes its turn, so none idles into the server's keep-alive timeout at high rates.
      agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'fifo' });
      const pool = agent;
      const mine = step;
      if (warm) await Promise.all(Array.from({ length: connections }, () => openConnection(pool, target)));
      const bodies = schedule.map((d) => Buffer.from(JSON.stringify(eventCallback(d))));
      // One resend when a reused keep-alive connection turns out closed by the server (ECONNRESET before any answer),
      // as HTTP clients do; the time still counts from the first send.
      const post = (k: number, resend: boolean) => {
        const body = bodies[k];
        const t = String(Math.floor(Date.now() / 1000));
        const headers: Record<string, string | number> = {
          'content-type': 'application/json', 'content-length': body.length, 'x-slack-request-timestamp': t,
          'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${t}:`).update(body).digest('hex')}`,
          ...(schedule[k].again === 'retry' ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
        };
        let answered = false;
        const req = request({ agent: pool, host: target.host, port: target.port, path: target.path, method: 'POST', headers }, (res) => {
          answered = true;
          if (res.statusCode === 200) times.ackAt[k] = performance.now();
          else fail(times, `HTTP ${res.statusCode}`);
          mine.inFlight--;
          res.resume();
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (answered || mine !== step) return;
          if (!resend && req.reusedSocket && error.code === 'ECONNRESET') {
            times.resent++;
            post(k, true);
            return;
          }
          fail(times, error.code ?? error.message);
          mine.inFlight--;
        });
        req.end(body);
      };
      return openLoop(schedule, (k) => {
        times.sentAt[k] = performance.now();
        mine.inFlight++;
        if (mine.inFlight > times.maxInFlight) times.maxInFlight = mine.inFlight;
        post(k, false);
      });
    },
  };
}

export function socketSender(fake: LoadFakeSlack): Sender {
  let inFlight = 0;
  let current: StepTimes | undefined;
  let prefix = '';
  fake.onAck = (id, at) => {
    if (!current || !id.startsWith(prefix)) return;
    const k = Number(id.slice(prefix.length));
    if (Number.isNaN(current.ackAt[k])) {
      current.ackAt[k] = at;
      inFlight--;
    }
  };
  return {
    inFlight: () => inFlight,
    abandon() {
      current = undefined;
      inFlight = 0;
    },
    async run(schedule, times, step) {
      current = times;
      prefix = `bench-${step}-`;
      const envelopes = schedule.map((d, k) => JSON.stringify({
        envelope_id: `${prefix}${k}`, payload: eventCallback(d), type: 'events_api', accepts_response_payload: false,
        retry_attempt: d.again === 'retry' ? 1 : 0, retry_reason: d.again === 'retry' ? 'timeout' : '',
      }));
      return openLoop(schedule, (k) => {
        times.sentAt[k] = performance.now();
        if (!fake.sendEnvelope(envelopes[k])) {
          fail(times, 'no Socket Mode connection');
          return;
        }
        inFlight++;
        if (inFlight > times.maxInFlight) times.maxInFlight = inFlight;
      });
    },
  };
}
