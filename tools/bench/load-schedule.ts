/**
 * The input of the open-loop sweep (`npm run bench:load`): for one rate, a fixed schedule of message-event deliveries,
 * one every 1/rate seconds whatever the app answers. Mostly chatter, about 10 % pastes (the knowledge entries'
 * examples), and some pastes delivered again the way Slack does: a retry (same event_id, retry number 1) 3 s later,
 * when Slack's ack deadline would have passed, and a redelivery (new event_id, same message) 0.5 s later. Repeats
 * take the next free slot, so the offered rate counts every delivery. Deterministic: the same schedule on every run.
 */
import { seededRandom } from '../../src/core/seeded-random';

export interface Delivery {
  /** Milliseconds after the start of the step when it is due. */
  dueMs: number;
  kind: 'chatter' | 'paste';
  /** A repeat of an earlier paste: `retry` carries Slack's retry number, `redelivery` a new event_id. */
  again?: 'retry' | 'redelivery';
  eventId: string;
  channel: string;
  user: string;
  ts: string;
  text: string;
}

export interface ScheduleOptions {
  /** Deliveries per second. */
  rate: number;
  seconds: number;
  /** Keeps message ts and event ids unique across the steps of one app process. */
  step: number;
  pastes: readonly string[];
  chatter: readonly string[];
}

const PASTE_SHARE = 0.1;
const RETRY_SHARE = 0.2;
const REDELIVERY_SHARE = 0.05;
/** Slack retries an event it has not seen acknowledged within 3 s. */
export const RETRY_AFTER_MS = 3000;
const REDELIVERY_AFTER_MS = 500;
const CHANNELS = 20;
const USERS = 50;

export function buildSchedule(o: ScheduleOptions): Delivery[] {
  const rnd = seededRandom(20261203 + o.step);
  const slots = Math.round(o.rate * o.seconds);
  const pending: Delivery[] = []; // repeats waiting for their time, ordered by dueMs
  const out: Delivery[] = [];
  const queue = (d: Delivery) => {
    const at = pending.findIndex((p) => p.dueMs > d.dueMs);
    pending.splice(at === -1 ? pending.length : at, 0, d);
  };
  let messages = 0;
  for (let k = 0; k < slots; k++) {
    const dueMs = (k * 1000) / o.rate;
    if (pending.length > 0 && pending[0].dueMs <= dueMs) {
      out.push({ ...(pending.shift() as Delivery), dueMs });
      continue;
    }
    const i = messages++;
    const paste = rnd() < PASTE_SHARE;
    const text = paste ? o.pastes[Math.floor(rnd() * o.pastes.length)] : o.chatter[Math.floor(rnd() * o.chatter.length)];
    const d: Delivery = {
      dueMs, kind: paste ? 'paste' : 'chatter', eventId: `EvS${o.step}N${i}`, channel: `CBENCH${i % CHANNELS}`,
      user: `UBENCH${i % USERS}`, ts: `${1700000000 + o.step}.${String(i).padStart(6, '0')}`, text,
    };
    out.push(d);
    if (paste && rnd() < RETRY_SHARE) queue({ ...d, dueMs: dueMs + RETRY_AFTER_MS, again: 'retry' });
    if (paste && rnd() < REDELIVERY_SHARE) queue({ ...d, dueMs: dueMs + REDELIVERY_AFTER_MS, again: 'redelivery', eventId: `${d.eventId}b` });
  }
  return out;
}

/** The Events API body Slack POSTs (HTTP mode) or wraps in an envelope (Socket Mode). */
export function eventCallback(d: Delivery): Record<string, unknown> {
  return {
    token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: d.eventId, event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'message', channel: d.channel, user: d.user, text: d.text, ts: d.ts, event_ts: d.ts, channel_type: 'channel' },
  };
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
