/**
 * Feedback records as evaluation lines (`lm-doctor feedback export`): the same `{id, text, label, source, kind}`
 * objects as test/fixtures/eval/*.jsonl, so a line can go straight into an eval set or a knowledge entry's examples.
 * Records kept as counts only (no text) are skipped. Pure.
 */
import type { FeedbackRecord } from '../support/feedback-record';
import { isCountsOnly } from '../support/feedback-counts';

export interface EvaluationLine {
  id: string;
  text: string;
  /** The entry the person chose; null for "not a live-migration failure". */
  label: string | null;
  source: 'feedback';
  kind: 'powershell' | 'event-log' | 'chat';
}

export interface ExportOptions {
  /**
   * Only records a person labelled by choosing (after "Not it", or under an unanswered mention): the ones that teach
   * the matcher something. "That fixed it" records only confirm what lm-doctor already answered, so they are left out.
   */
  labelOnly?: boolean;
}

const POWERSHELL = /^\s*(?:\[[\w.-]+\]:\s*)?PS [^>\n]{0,200}>|^\s*[A-Z][a-z]+-[A-Z]\w+\b.*(?:-\w+|\|)|^\s*At line:\d+ char:\d+|^\s*\+ CategoryInfo\b/m;
const EVENT_LOG = /^\s*(?:Log Name|Event ID|Source|Task Category):\s/m;

/** What kind of paste it is, as far as a glance can tell. */
export function guessKind(text: string): EvaluationLine['kind'] {
  if (POWERSHELL.test(text)) return 'powershell';
  if (EVENT_LOG.test(text)) return 'event-log';
  return 'chat';
}

export function toEvaluationLines(records: readonly FeedbackRecord[], options: ExportOptions = {}): EvaluationLine[] {
  return records
    .filter((r) => !isCountsOnly(r) && r.text.trim() !== '')
    .filter((r) => !options.labelOnly || r.source !== 'fixed')
    .map((r) => ({ id: r.id, text: r.text, label: r.chosen, source: 'feedback' as const, kind: guessKind(r.text) }));
}
