/**
 * The state replicas must agree on: which events were already answered (dedupe) and how many slots a rate limit has
 * left. The Slack app asks for it through this interface; the composition root hands it either the in-process
 * version below or the Redis-backed one (redis/shared-state.ts), so the Slack adapter never knows which.
 */
import { createRecentKeys, type Dedupe } from './recent-keys';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limiter';

export interface ReplicaState {
  /** A fresh dedupe store for one kind of key. */
  dedupe(): Dedupe;
  /** A rate limiter with this rate; `name` keeps limits apart in a shared store. */
  limiter(rate: RateLimit, name: string): RateLimiter;
}

/** One process only: what a single replica (or a test) uses. */
export function createLocalState(): ReplicaState {
  return {
    dedupe: () => createRecentKeys(),
    limiter: (rate) => createRateLimiter(rate),
  };
}
