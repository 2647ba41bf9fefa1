/**
 * The automatic pair check in paste replies shares the LM_MAX_CONCURRENT_CHECKS slots with /lm-check, but never
 * waits for one: a reply must not queue behind a busy directory. Its directory opens a session only in a free slot;
 * otherwise the session is refused with LoadShedError (metered as `lm_shed_total{kind="auto_check"}`), and
 * checkPastePair answers with the /lm-check pointer instead.
 */
import type { Directory } from '../core/delegation/directory';
import { LoadShedError } from '../support/errors';
import type { Metrics } from '../support/metrics';
import type { Semaphore } from '../support/semaphore';

export function withFreeCheckSlot(directory: Directory, slots: Semaphore, metrics?: Metrics): Directory {
  return {
    session: (work) => slots.tryRun(() => directory.session(work)) ?? refuse(metrics, slots),
  };
}

function refuse(metrics: Metrics | undefined, slots: Semaphore): Promise<never> {
  metrics?.shed.inc({ kind: 'auto_check' });
  return Promise.reject(new LoadShedError('auto_check', `all ${slots.limit} AD check slots are taken`));
}
