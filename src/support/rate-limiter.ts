/**
 * Fixed-window rate limits: at most `limit` takes per key in a window that starts with the key's first take. Used
 * for one /lm-check per user per interval, and for bot replies and checks per channel per minute.
 */
export interface RateLimiter {
  /** Takes one of the key's slots and returns 0, or returns the milliseconds until a slot frees up. */
  take(key: string): number | Promise<number>;
}

/** The in-process limiter answers synchronously. */
export interface LocalRateLimiter extends RateLimiter {
  take(key: string): number;
}

export interface RateLimit {
  /** Takes allowed per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions {
  /** Default 1. */
  limit?: number;
  /** Default 5000 ms. */
  windowMs?: number;
  now?: () => number;
}

const MAX_KEYS = 10_000;

/** A limiter's wait as whole seconds for people: rounded up, at least 1. */
export function waitSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

export function createRateLimiter(options: RateLimiterOptions = {}): LocalRateLimiter {
  const limit = options.limit ?? 1;
  const windowMs = options.windowMs ?? 5000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key: string): number {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
        if (windows.size > MAX_KEYS) {
          for (const [k, old] of windows) if (t - old.start >= windowMs) windows.delete(k);
        }
      }
      w.count += 1;
      return w.count <= limit ? 0 : windowMs - (t - w.start);
    },
  };
}
