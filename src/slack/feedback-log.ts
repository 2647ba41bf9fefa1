/**
 * Feedback on replies ("That fixed it", "Not it", "Show other matches"): counted per knowledge entry in memory and
 * written as one structured log event each, so counts survive in the log stream even though the process restarts.
 */
import type { Logger } from '../support/logger';

export type FeedbackKind = 'fixed' | 'not_it' | 'show_others' | 'show_entry';

export interface FeedbackEvent {
  kind: FeedbackKind;
  entry: string;
  user: string;
  channel?: string;
  /** ts of the reply the button was on. */
  messageTs?: string;
}

export type FeedbackCounts = Record<FeedbackKind, number>;

export interface FeedbackLog {
  record(event: FeedbackEvent): FeedbackCounts;
  counts(entry: string): FeedbackCounts;
}

const zero = (): FeedbackCounts => ({ fixed: 0, not_it: 0, show_others: 0, show_entry: 0 });

export function createFeedbackLog(logger: Logger): FeedbackLog {
  const perEntry = new Map<string, FeedbackCounts>();
  return {
    record(event: FeedbackEvent): FeedbackCounts {
      const counts = perEntry.get(event.entry) ?? zero();
      counts[event.kind]++;
      perEntry.set(event.entry, counts);
      logger.info({ event: 'lm_feedback', ...event, counts: { ...counts } }, 'feedback');
      return { ...counts };
    },
    counts: (entry: string) => ({ ...(perEntry.get(entry) ?? zero()) }),
  };
}
