/**
 * The default FeedbackStore: an embedded SQLite database, `<LM_DATA_DIR>/feedback.db` (better-sqlite3), that
 * survives restarts. Two tables:
 * - `records`: one labelled record per row, keyed by its id, so a second record with the same id is ignored;
 * - `answers`: how many answers lm-doctor posted per day and entry (no text), for the App Home's figures.
 * Both are pruned by LM_FEEDBACK_RETENTION_DAYS, at open, on prune() and at most once a day by the writer. WAL mode,
 * so `lm-doctor feedback …` can read while the service writes; the file is mode 0600 in a 0700 directory. A
 * `feedback.jsonl` left by an earlier version is imported once and renamed `feedback.jsonl.imported`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { FeedbackConfig } from '../config/feedback-settings';
import type { AnswerCountQuery, FeedbackQuery, FeedbackRecord, FeedbackStore } from '../support/feedback-record';
import { keepCountsOnly, parseFeedbackRecord, retentionCutoff } from '../support/feedback-counts';
import { FEEDBACK_FILE } from './file-store';

export const FEEDBACK_DB = 'feedback.db';
const DAY_MS = 86_400_000;

export interface SqliteFeedbackStoreOptions {
  /** The clock, ms since the epoch (tests). Default Date.now. */
  now?: () => number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, at TEXT NOT NULL, record TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS records_at ON records (at);
  CREATE TABLE IF NOT EXISTS answers (day TEXT NOT NULL, entry TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, entry));
`;

/** Loads the native module; throws a clear error when it is not installed (it is an optional dependency). */
export function loadSqlite(): typeof BetterSqlite3 {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new Error(`better-sqlite3 is not installed or did not build (${(error as Error).message.split('\n')[0]})`);
  }
}

export function createSqliteFeedbackStore(config: FeedbackConfig, options: SqliteFeedbackStoreOptions = {}): FeedbackStore & { file: string } {
  const Database = loadSqlite();
  const now = options.now ?? Date.now;
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, FEEDBACK_DB);
  const db = new Database(file);
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT OR IGNORE INTO records (id, at, record) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT record FROM records WHERE at >= ? ORDER BY rowid');
  const count = db.prepare('INSERT INTO answers (day, entry, n) VALUES (?, ?, 1) ON CONFLICT (day, entry) DO UPDATE SET n = n + 1');
  const counts = db.prepare('SELECT entry, SUM(n) AS n FROM answers WHERE day >= ? GROUP BY entry');
  const dropRecords = db.prepare('DELETE FROM records WHERE at < ?');
  const dropAnswers = db.prepare('DELETE FROM answers WHERE day < ?');
  const keep = (record: FeedbackRecord) => (config.mode === 'counts' ? keepCountsOnly(record) : record);
  const store = (record: FeedbackRecord) => insert.run(record.id, record.at, JSON.stringify(keep(record))).changes === 1;
  const cutoffIso = (at: number) => new Date(retentionCutoff(config.retentionDays, at)).toISOString();

  importJsonl(dir, db, store);
  let prunedAt = -Infinity;
  const prune = (at: number): number => {
    prunedAt = now();
    const cutoff = cutoffIso(at);
    dropAnswers.run(cutoff.slice(0, 10));
    return dropRecords.run(cutoff).changes;
  };
  prune(now());
  const pruneDaily = () => { if (now() - prunedAt >= DAY_MS) prune(now()); };
  let closed = false;

  return {
    file,
    async add(record) {
      pruneDaily();
      return store(record);
    },
    async list(query: FeedbackQuery = {}) {
      const cutoff = Math.max(query.since ?? -Infinity, retentionCutoff(config.retentionDays, now()));
      return (select.all(new Date(cutoff).toISOString()) as { record: string }[])
        .map((row) => parseFeedbackRecord(row.record)).filter((r): r is FeedbackRecord => r !== undefined);
    },
    async countAnswer(entry, at) {
      pruneDaily();
      count.run(at.slice(0, 10), entry);
    },
    async answerCounts(query: AnswerCountQuery = {}) {
      const cutoff = Math.max(query.since ?? -Infinity, retentionCutoff(config.retentionDays, now()));
      const rows = counts.all(new Date(cutoff).toISOString().slice(0, 10)) as { entry: string; n: number }[];
      return new Map(rows.map((r) => [r.entry, r.n]));
    },
    async prune(at = now()) {
      return prune(at);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** Records of an earlier version's feedback.jsonl, imported once (ids already present are skipped). */
function importJsonl(dir: string, db: BetterSqlite3.Database, store: (record: FeedbackRecord) => boolean): void {
  const legacy = join(dir, FEEDBACK_FILE);
  if (!existsSync(legacy)) return;
  const records = readFileSync(legacy, 'utf8').split('\n').map(parseFeedbackRecord).filter((r): r is FeedbackRecord => r !== undefined);
  db.transaction(() => { for (const r of records) store(r); })();
  renameSync(legacy, `${legacy}.imported`);
}
