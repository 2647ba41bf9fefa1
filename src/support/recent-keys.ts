/**
 * The dedupe memory for Slack retries, duplicate deliveries and replayed requests: a set of recently claimed keys,
 * each kept for its whole time-to-live. Slack retries an event up to three times, the last about 5 minutes after the
 * first try, and accepts a signed request for 5 minutes (reference/slack-platform.md §1.2), so keys live 1 hour by
 * default: well past both. Memory is bounded by time × rate, with a cap: when `maxKeys` keys are all still within
 * their TTL, a new key is refused with LoadShedError (the caller sheds that work) rather than forgetting an older
 * key early, which would let its retry through as a second reply.
 */
import { LoadShedError } from './errors';

/** Claims a message once across retries and redeliveries; in-process (RecentKeys) or shared by replicas (Redis). */
export interface Dedupe {
  /** True when the key is new; false when it was claimed within the TTL. Throws LoadShedError when the store is full. */
  claim(key: string): boolean | Promise<boolean>;
}

export interface RecentKeys extends Dedupe {
  /** Records the key and returns true when it is new; false when it was seen within the TTL. */
  claim(key: string): boolean;
  readonly size: number;
}

/** How long a key is remembered: 1 hour. */
export const DEDUPE_TTL_MS = 60 * 60_000;
/**
 * Keys per store (LM_DEDUPE_MAX_KEYS). Slack delivers at most 30,000 events per workspace per hour (Events API rate
 * limit), so a 1-hour window of real traffic fits; about 200 bytes per key, 10 MB per full store.
 */
export const DEDUPE_MAX_KEYS = 50_000;

export interface RecentKeysOptions {
  /** Milliseconds a key is remembered. Default 1 hour (DEDUPE_TTL_MS). */
  ttlMs?: number;
  /** Keys held at most; a new key beyond them throws LoadShedError. Default 50,000 (DEDUPE_MAX_KEYS). */
  maxKeys?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export function createRecentKeys(options: RecentKeysOptions = {}): RecentKeys {
  const ttlMs = options.ttlMs ?? DEDUPE_TTL_MS;
  const maxKeys = options.maxKeys ?? DEDUPE_MAX_KEYS;
  const now = options.now ?? Date.now;
  // Map keeps insertion order and a key is only ever appended, so the oldest claims are first and expiry is a scan
  // from the front that stops at the first live key.
  const seen = new Map<string, number>();
  const expire = (t: number) => {
    for (const [key, at] of seen) {
      if (t - at < ttlMs) break;
      seen.delete(key);
    }
  };
  return {
    claim(key: string): boolean {
      const t = now();
      expire(t);
      if (seen.has(key)) return false;
      if (seen.size >= maxKeys) {
        throw new LoadShedError('dedupe', `dedupe store full: ${maxKeys} keys claimed within ${Math.round(ttlMs / 60_000)} min (LM_DEDUPE_MAX_KEYS)`);
      }
      seen.set(key, t);
      return true;
    },
    get size() { return seen.size; },
  };
}
