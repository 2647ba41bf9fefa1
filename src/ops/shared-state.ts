/**
 * Dedupe and rate limits shared by replicas through Redis, each backed by the in-process version: the local one is
 * always updated, and answers alone while Redis is unavailable. Claims are one atomic `SET key 1 PX ttl NX`; the
 * rate limit is one Lua script (SET NX PX, else PTTL), so two replicas never both win.
 */
import type { Dedupe, RecentKeys } from '../slack/recent-keys';
import type { RateLimiter } from '../slack/rate-limiter';
import type { RedisLink } from './redis-link';

export const DEDUPE_TTL_MS = 10 * 60_000;

export function createSharedDedupe(link: RedisLink, local: RecentKeys, ttlMs = DEDUPE_TTL_MS): Dedupe {
  return {
    async claim(key: string): Promise<boolean> {
      const localNew = local.claim(key);
      const shared = await link.run('dedupe', (r) => r.set(`claim:${key}`, '1', 'PX', ttlMs, 'NX'));
      if (shared === undefined) return localNew;
      // Both must agree: Redis may have lost a key this replica already answered (restart without persistence).
      return shared === 'OK' && localNew;
    },
  };
}

const TAKE_SLOT = "if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end return redis.call('PTTL', KEYS[1])";

export function createSharedRateLimiter(link: RedisLink, local: RateLimiter, intervalMs: number, name: string): RateLimiter {
  return {
    async take(key: string): Promise<number> {
      const localWait = await local.take(key);
      const shared = await link.run('rate_limit', (r) => r.eval(TAKE_SLOT, 1, `rate:${name}:${key}`, String(intervalMs)) as Promise<number>);
      if (shared === undefined) return localWait;
      return Math.max(Number(shared) > 0 ? Number(shared) : 0, localWait);
    },
  };
}
