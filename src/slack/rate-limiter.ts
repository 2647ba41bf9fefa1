/** Per-user rate limit for /lm-check: one check per interval; answers how long to wait otherwise. */
export interface RateLimiter {
  /** Takes the user's slot and returns 0, or returns the milliseconds until the next check is allowed. */
  take(key: string): number | Promise<number>;
}

/** The in-process limiter answers synchronously. */
export interface LocalRateLimiter extends RateLimiter {
  take(key: string): number;
}

export interface RateLimiterOptions {
  /** Default 5000 ms. */
  intervalMs?: number;
  now?: () => number;
}

export function createRateLimiter(options: RateLimiterOptions = {}): LocalRateLimiter {
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? Date.now;
  const last = new Map<string, number>();
  return {
    take(key: string): number {
      const t = now();
      const previous = last.get(key);
      if (previous !== undefined && t - previous < intervalMs) return intervalMs - (t - previous);
      last.set(key, t);
      if (last.size > 10_000) {
        for (const [k, at] of last) if (t - at >= intervalMs) last.delete(k);
      }
      return 0;
    },
  };
}
