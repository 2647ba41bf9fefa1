/**
 * The fallback FeedbackStore when better-sqlite3 is not installed (sqlite-store.ts is the default): one append-only JSONL file, `<LM_DATA_DIR>/feedback.jsonl`, one record per line, that
 * survives restarts. A record whose id is already in the file is ignored. Records older than the retention are never
 * listed, and are dropped by rewriting the file to a temporary file and renaming it over the old one (atomic on one
 * file system) on prune() and by the writer itself, at its first add() and then at most once a day. One writer per
 * file, the service; `lm-doctor feedback …` only reads (list never writes). A line torn by a crash is skipped when
 * read, and the next record starts on a new line.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FeedbackConfig } from '../config/feedback-settings';
import type { FeedbackQuery, FeedbackRecord, FeedbackStore } from '../support/feedback-record';
import { keepCountsOnly, parseFeedbackRecord, retentionCutoff } from '../support/feedback-counts';

export const FEEDBACK_FILE = 'feedback.jsonl';
const DAY_MS = 86_400_000;

export interface FileFeedbackStoreOptions {
  /** The clock, ms since the epoch (tests). Default Date.now. */
  now?: () => number;
}

export function createFileFeedbackStore(config: FeedbackConfig, options: FileFeedbackStoreOptions = {}): FeedbackStore & { file: string } {
  const now = options.now ?? Date.now;
  const file = join(resolve(config.dataDir), FEEDBACK_FILE);
  let ids: Set<string> | undefined;
  let prunedAt = -Infinity;
  let endsWithNewline = true;
  // Operations run one after the other, so an append never races a rewrite in this process.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const read = async (): Promise<FeedbackRecord[]> => {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    endsWithNewline = content === '' || content.endsWith('\n');
    return content.split('\n').map(parseFeedbackRecord).filter((r): r is FeedbackRecord => r !== undefined);
  };

  const rewrite = async (records: FeedbackRecord[]) => {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, records.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
    await rename(tmp, file);
    endsWithNewline = true;
  };

  const pruneNow = async (at: number): Promise<number> => {
    await mkdir(resolve(config.dataDir), { recursive: true, mode: 0o700 });
    prunedAt = now();
    const records = await read();
    const cutoff = retentionCutoff(config.retentionDays, at);
    const kept = records.filter((r) => Date.parse(r.at) >= cutoff);
    ids = new Set(kept.map((r) => r.id));
    if (kept.length < records.length || !endsWithNewline) await rewrite(kept);
    return records.length - kept.length;
  };

  /** The writer's view: every id in the file, pruned first when a day has passed. */
  const openForWriting = async (): Promise<Set<string>> => {
    if (!ids || now() - prunedAt >= DAY_MS) await pruneNow(now());
    return ids ?? new Set();
  };

  return {
    file,
    add: (record) => serial(async () => {
      const known = await openForWriting();
      if (known.has(record.id)) return false;
      const stored = config.mode === 'counts' ? keepCountsOnly(record) : record;
      await appendFile(file, `${endsWithNewline ? '' : '\n'}${JSON.stringify(stored)}\n`, { mode: 0o600 });
      endsWithNewline = true;
      known.add(record.id);
      return true;
    }),
    list: (query: FeedbackQuery = {}) => serial(async () => {
      const cutoff = Math.max(query.since ?? -Infinity, retentionCutoff(config.retentionDays, now()));
      return (await read()).filter((r) => Date.parse(r.at) >= cutoff);
    }),
    prune: (at = now()) => serial(() => pruneNow(at)),
    close: () => serial(async () => undefined),
  };
}
