/** The work slice of the configuration: how many threads diagnose pastes and how many pastes may wait for one. */
import type { EnvReader } from './read-env';

export interface WorkConfig {
  /** LM_WORKER_THREADS: diagnosis threads; 0 diagnoses on the main thread. Undefined: one less than the CPUs (≥ 1). */
  threads?: number;
  /** LM_WORK_QUEUE_MAX: pastes that may wait for a thread before new ones are shed. Default 1000. */
  maxQueue: number;
}

export const DEFAULT_WORK_QUEUE_MAX = 1000;

export function readWorkConfig(r: EnvReader): WorkConfig {
  const threads = r.text('LM_WORKER_THREADS') === undefined
    ? undefined
    : r.integer('LM_WORKER_THREADS', { fallback: 1, min: 0, max: 64, unit: 'a number of threads (0 = the main thread)' });
  const maxQueue = r.integer('LM_WORK_QUEUE_MAX', { fallback: DEFAULT_WORK_QUEUE_MAX, min: 1, max: 100_000, unit: 'a number of pastes' });
  return { maxQueue, ...(threads !== undefined ? { threads } : {}) };
}
