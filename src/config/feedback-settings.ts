/**
 * The feedback slice of the configuration: where labelled records from the channel are kept, for how long, and
 * whether their text is kept at all. With REDIS_URL (ops slice) the records go to a Redis stream shared by the
 * replicas; otherwise to an SQLite database in `dataDir` (a JSONL file there when better-sqlite3 is not installed).
 */
import type { EnvReader } from './read-env';

/** `records`: the redacted paste and its labels. `counts`: the labels only (no text, signals, channel or user hash). */
export const FEEDBACK_STORE_MODES = ['records', 'counts'] as const;
export type FeedbackStoreMode = (typeof FEEDBACK_STORE_MODES)[number];

export interface FeedbackConfig {
  /**
   * LM_DATA_DIR: the directory of the local store (`feedback.db`, or `feedback.jsonl`). Default `lm-data`, relative to the working
   * directory (never inside the installed package, which an upgrade replaces); a container should mount a volume
   * and point LM_DATA_DIR at it.
   */
  dataDir: string;
  /** LM_FEEDBACK_RETENTION_DAYS: records older than this are dropped. Default 90, 1–3650. */
  retentionDays: number;
  /** LM_FEEDBACK_STORE: `records` (default) or `counts`. */
  mode: FeedbackStoreMode;
  /** LM_FEEDBACK_MAX_RECORDS: the Redis stream's bound (MAXLEN ~). Default 100,000. */
  maxRecords: number;
}

export const DEFAULT_DATA_DIR = 'lm-data';
export const DEFAULT_FEEDBACK_RETENTION_DAYS = 90;
export const DEFAULT_FEEDBACK_MAX_RECORDS = 100_000;

export function readFeedbackConfig(r: EnvReader): FeedbackConfig {
  return {
    dataDir: r.text('LM_DATA_DIR') ?? DEFAULT_DATA_DIR,
    retentionDays: r.integer('LM_FEEDBACK_RETENTION_DAYS', { fallback: DEFAULT_FEEDBACK_RETENTION_DAYS, min: 1, max: 3650, unit: 'a number of days' }),
    mode: r.oneOf('LM_FEEDBACK_STORE', FEEDBACK_STORE_MODES, 'records'),
    maxRecords: r.integer('LM_FEEDBACK_MAX_RECORDS', { fallback: DEFAULT_FEEDBACK_MAX_RECORDS, min: 100, max: 10_000_000, unit: 'a number of records' }),
  };
}
