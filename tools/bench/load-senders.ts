/**
 * The two ways the sweep delivers its schedule, both open loop: each delivery leaves at its due time whether or not
 * earlier ones were answered. HTTP mode: signed POSTs to /slack/events over a keep-alive http.Agent with many
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
  return { sentAt: new Float64Array(n).fill(NaN), ackAt: new Float64Array(n).fill(NaN), failures: new Map(), failed: 0, maxInFlight: 0 };
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

export function httpSender(target: { host: string; port: number; path: string }, secret: string, connections: number): Sender {
  let agent: Agent | undefined;
  let inFlight = 0;
  return {
    inFlight: () => inFlight,
    abandon() {
      agent?.destroy();
      agent = undefined;
    },
    async run(schedule, times) {
      // A fresh pool per step: no socket the server may already have closed for idling between steps.
      agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
      const pool = agent;
      const bodies = schedule.map((d) => Buffer.from(JSON.stringify(eventCallback(d))));
      return openLoop(schedule, (k) => {
        const body = bodies[k];
        const t = String(Math.floor(Date.now() / 1000));
        const headers: Record<string, string | number> = {
          'content-type': 'application/json', 'content-length': body.length, 'x-slack-request-timestamp': t,
          'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${t}:`).update(body).digest('hex')}`,
          ...(schedule[k].again === 'retry' ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
        };
        let settled = false;
        const settle = () => { if (!settled) { settled = true; inFlight--; } };
        times.sentAt[k] = performance.now();
        inFlight++;
        if (inFlight > times.maxInFlight) times.maxInFlight = inFlight;
        const req = request({ agent: pool, host: target.host, port: target.port, path: target.path, method: 'POST', headers }, (res) => {
          if (res.statusCode === 200) times.ackAt[k] = performance.now();
          else fail(times, `HTTP ${res.statusCode}`);
          settle();
          res.resume();
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (settled) return;
          fail(times, error.code ?? error.message);
          settle();
        });
        req.end(body);
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
