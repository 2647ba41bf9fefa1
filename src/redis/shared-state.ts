/**
 * Dedupe and rate limits shared by replicas through Redis, each backed by the in-process version: the local one is
 * always updated, and answers alone while Redis is unavailable. Claims are one atomic `SET key 1 NX EX ttl` (the
 * local store's cap applies first: a full store sheds the work before Redis is asked); a rate
 * limit is one Lua script (INCR, PEXPIRE on the window's first take, else PTTL when over the limit), so replicas
 * never hand out more slots than the limit between them.
 */
import { createRecentKeys, DEDUPE_TTL_MS, type Dedupe, type RecentKeys } from '../support/recent-keys';
import { createRateLimiter, type RateLimit, type RateLimiter } from '../support/rate-limiter';
import type { ReplicaState } from '../support/replica-state';
import type { RedisLink } from './redis-link';

/** Claims as `claim:<namespace:>key` with an expiry of `ttlMs`, rounded up to whole seconds (EX). */
export function createSharedDedupe(link: RedisLink, local: RecentKeys, ttlMs = DEDUPE_TTL_MS, namespace?: string): Dedupe {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  const prefix = namespace ? `claim:${namespace}:` : 'claim:';
  return {
    async claim(key: string): Promise<boolean> {
      const localNew = local.claim(key);
      const shared = await link.run('dedupe', (r) => r.set(`${prefix}${key}`, '1', 'EX', seconds, 'NX'));
      if (shared === undefined) return localNew;
      // Both must agree: Redis may have lost a key this replica already answered (restart without persistence).
      return shared === 'OK' && localNew;
    },
  };
}

/** KEYS[1] = window key; ARGV = window ms, limit. Returns 0 (slot taken) or the window's remaining milliseconds. */
const TAKE_SLOT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n <= tonumber(ARGV[2]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end
return ttl`;

export function createSharedRateLimiter(link: RedisLink, local: RateLimiter, rate: RateLimit, name: string): RateLimiter {
  return {
    async take(key: string): Promise<number> {
      const localWait = await local.take(key);
      const shared = await link.run('rate_limit', (r) => r.eval(TAKE_SLOT, 1, `rate:${name}:${key}`, String(rate.windowMs), String(rate.limit)) as Promise<number>);
      if (shared === undefined) return localWait;
      return Math.max(Number(shared) > 0 ? Number(shared) : 0, localWait);
    },
  };
}

/** Replica state through Redis, each piece backed by its in-process twin (which answers alone while Redis is down). */
export function createRedisState(link: RedisLink): ReplicaState {
  return {
    dedupe: (options = {}) => createSharedDedupe(
      link, createRecentKeys({ maxKeys: options.maxKeys, ttlMs: options.ttlMs }), options.ttlMs, options.namespace,
    ),
    limiter: (rate, name) => createSharedRateLimiter(link, createRateLimiter(rate), rate, name),
  };
}
