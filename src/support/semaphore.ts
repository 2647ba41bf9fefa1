/**
 * A counting semaphore with a bounded, first-come queue: at most `limit` pieces of work run at once, and at most
 * `maxWaiting` more wait for a slot. Used to cap simultaneous directory checks (LM_MAX_CONCURRENT_CHECKS) across
 * /lm-check and the automatic pair check, so a busy hour cannot open hundreds of LDAP sessions against a DC.
 */
import { LoadShedError } from './errors';

export interface Semaphore {
  readonly limit: number;
  /** Work running now. */
  readonly running: number;
  /** Work waiting for a slot. */
  readonly waiting: number;
  /** True when `run` would refuse new work now (every slot taken and `maxWaiting` waiting). */
  readonly full: boolean;
  /**
   * Runs `work` when a slot frees up and resolves with its result. When it has to wait, `onQueued(ahead)` is called
   * at once, before `work` starts, with the number of pieces of work running or waiting before it. Rejects with
   * LoadShedError, without running `work`, when `maxWaiting` are already waiting.
   */
  run<T>(work: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T>;
  /** Runs `work` in a free slot, or returns undefined at once (work not started) when every slot is taken. */
  tryRun<T>(work: () => Promise<T>): Promise<T> | undefined;
}

export interface SemaphoreOptions {
  /** Work allowed to run at once (at least 1). */
  limit: number;
  /** Work allowed to wait; more is refused. Default 100. */
  maxWaiting?: number;
  /** The LoadShedError kind for refused work (`lm_shed_total{kind}`). Default `queue`. */
  kind?: string;
}

export function createSemaphore(options: SemaphoreOptions): Semaphore {
  const limit = Math.max(1, options.limit);
  const maxWaiting = options.maxWaiting ?? 100;
  const queue: (() => void)[] = [];
  let running = 0;
  const release = () => {
    const next = queue.shift();
    if (next) next(); // the slot passes straight to the next in line, so `running` stays the same
    else running--;
  };
  const start = <T>(work: () => Promise<T>): Promise<T> => {
    let result: Promise<T>;
    try {
      result = work();
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(release);
  };
  return {
    limit,
    get running() { return running; },
    get waiting() { return queue.length; },
    get full() { return running >= limit && queue.length >= maxWaiting; },
    tryRun(work) {
      if (running >= limit) return undefined;
      running++;
      return start(work);
    },
    run(work, onQueued) {
      if (running < limit) {
        running++;
        return start(work);
      }
      if (queue.length >= maxWaiting) {
        return Promise.reject(new LoadShedError(options.kind ?? 'queue', `${queue.length} waiting for ${limit} slots`));
      }
      try {
        onQueued?.(running + queue.length);
      } catch (error) {
        return Promise.reject(error); // not queued, so no slot is held for it
      }
      return new Promise<void>((resolve) => queue.push(resolve)).then(() => start(work));
    },
  };
}
