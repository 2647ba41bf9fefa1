/**
 * What a reply's buttons carry back: the entry shown, the alternatives, and the names found in the paste (so a
 * "Show this fix" reply fills the same placeholders). Encoded as compact JSON in the button `value` (≤ 2000 chars).
 * The payload arrives signed by Slack, but it is still validated like any input.
 */
import type { ExtractedNames } from '../core/types';

export interface FeedbackRef {
  /** Knowledge entry id shown in the reply. */
  entry: string;
  /** Alternative entry ids, best first. */
  alternatives: string[];
  names: Pick<ExtractedNames, 'source' | 'destination' | 'vm'>;
  /** thread_ts of the conversation the reply is in, so a chosen alternative is posted there. */
  thread?: string;
  /**
   * The reply's key in the reply memory when it has no message ts of its own: an answer only its person sees (the
   * shortcut's response_url), whose button clicks carry no `message`. A reply in a channel is found by its ts.
   */
  key?: string;
}

/** A knowledge entry id, as a button value may carry it. */
export const ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;
/** A Slack message ts. */
export const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;
/** A key lm-doctor made for a reply without a ts (see FeedbackRef.key). */
export const REPLY_KEY = /^k[0-9a-f]{16}$/;
/** How a reply is found in the reply memory: its message ts, or the key lm-doctor made for it. */
export const REPLY_REF = new RegExp(`${SLACK_TS.source}|${REPLY_KEY.source}`);
const ID = ENTRY_ID;
const TS = SLACK_TS;

export function encodeFeedbackRef(ref: FeedbackRef): string {
  const n = ref.names;
  return JSON.stringify({
    e: ref.entry, a: ref.alternatives.slice(0, 5),
    ...(n.source && NAME.test(n.source) ? { s: n.source } : {}),
    ...(n.destination && NAME.test(n.destination) ? { d: n.destination } : {}),
    ...(n.vm && NAME.test(n.vm) ? { v: n.vm } : {}),
    ...(ref.thread && TS.test(ref.thread) ? { t: ref.thread } : {}),
    ...(ref.key && REPLY_KEY.test(ref.key) ? { k: ref.key } : {}),
  });
}

/** Returns undefined for anything that is not a value this app wrote. */
export function decodeFeedbackRef(value: string | undefined): FeedbackRef | undefined {
  if (!value || value.length > 2000) return undefined;
  let raw: unknown;
  try { raw = JSON.parse(value); } catch { return undefined; }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.e !== 'string' || !ID.test(r.e)) return undefined;
  const alternatives = Array.isArray(r.a) ? r.a.filter((x): x is string => typeof x === 'string' && ID.test(x)).slice(0, 5) : [];
  const name = (x: unknown) => (typeof x === 'string' && NAME.test(x) ? x : undefined);
  const names: FeedbackRef['names'] = {};
  const s = name(r.s); const d = name(r.d); const v = name(r.v);
  if (s) names.source = s;
  if (d) names.destination = d;
  if (v) names.vm = v;
  const thread = typeof r.t === 'string' && TS.test(r.t) ? r.t : undefined;
  const key = typeof r.k === 'string' && REPLY_KEY.test(r.k) ? r.k : undefined;
  return { entry: r.e, alternatives, names, ...(thread ? { thread } : {}), ...(key ? { key } : {}) };
}
