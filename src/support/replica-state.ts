/**
 * The state replicas must agree on: which events and requests were already handled (dedupe) and how many slots a
 * rate limit has left. The Slack app asks for it through this interface; the composition root hands it either the
 * in-process version below or the Redis-backed one (redis/shared-state.ts), so the Slack adapter never knows which.
 */
import { createRecentKeys, type Dedupe } from './recent-keys';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limiter';

export interface DedupeOptions {
  /** Keeps one kind of key apart from the others in a shared store (`command`, `action` …); none for messages. */
  namespace?: string;
  /** Keys held at most before new work is shed (LM_DEDUPE_MAX_KEYS). Default 50,000. */
  maxKeys?: number;
  /** How long a key is remembered. Default 1 hour. */
  ttlMs?: number;
}

export interface ReplicaState {
  /** A fresh dedupe store for one kind of key. */
  dedupe(options?: DedupeOptions): Dedupe;
  /** A rate limiter with this rate; `name` keeps limits apart in a shared store. */
  limiter(rate: RateLimit, name: string): RateLimiter;
}

/** One process only: what a single replica (or a test) uses. */
export function createLocalState(): ReplicaState {
  return {
    dedupe: (options = {}) => createRecentKeys({ maxKeys: options.maxKeys, ttlMs: options.ttlMs }),
    limiter: (rate) => createRateLimiter(rate),
  };
}
