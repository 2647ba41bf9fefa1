/**
 * A bounded set of recently seen keys with a time-to-live: the dedupe memory for Slack retries and duplicate
 * deliveries. Slack's last retry lands about 5 minutes after the first try, so the default TTL is 10 minutes
 * (vercel/chat raised theirs from 5 to 10 for that reason; see reference/slack-platform.md §1.2).
 */
/** Claims a message once across retries and redeliveries; in-process (RecentKeys) or shared by replicas (Redis). */
export interface Dedupe {
  claim(key: string): boolean | Promise<boolean>;
}

export interface RecentKeys extends Dedupe {
  /** Records the key and returns true when it is new; false when it was seen within the TTL. */
  claim(key: string): boolean;
  readonly size: number;
}

export interface RecentKeysOptions {
  /** Default 10 minutes. */
  ttlMs?: number;
  /** Oldest keys are dropped beyond this many. Default 10,000. */
  maxKeys?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export function createRecentKeys(options: RecentKeysOptions = {}): RecentKeys {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the oldest entries are first and expiry is a scan from the front.
  const seen = new Map<string, number>();
  const expire = (t: number) => {
    for (const [key, at] of seen) {
      if (t - at < ttlMs && seen.size <= maxKeys) break;
      seen.delete(key);
    }
  };
  return {
    claim(key: string): boolean {
      const t = now();
      expire(t);
      const at = seen.get(key);
      if (at !== undefined && t - at < ttlMs) return false;
      seen.set(key, t);
      expire(t);
      return true;
    },
    get size() { return seen.size; },
  };
}
