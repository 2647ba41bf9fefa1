/**
 * Work in progress (replies, checks, button answers), so shutdown can wait for it: `track` registers a promise,
 * `drain(ms)` resolves true when everything finished, or false when the bound passed first.
 */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly count: number;
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      const settled = work.then(() => undefined, () => undefined);
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return work;
    },
    get count() { return pending.size; },
    async drain(timeoutMs: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
      try {
        // New work may start while draining (a listener already past its ack); wait until none is left.
        while (pending.size > 0) {
          if ((await Promise.race([Promise.all([...pending]).then(() => true as const), timeout])) === false) return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
