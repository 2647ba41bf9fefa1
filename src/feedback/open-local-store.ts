/**
 * The feedback store of a single replica (no REDIS_URL): the SQLite database when better-sqlite3 is installed (it is
 * an optional dependency with a native build), otherwise the JSONL file, with the reason, so the service can say
 * which one it uses and why.
 */
import type { FeedbackConfig } from '../config/feedback-settings';
import type { FeedbackStore } from '../support/feedback-record';
import { createFileFeedbackStore } from './file-store';
import { createSqliteFeedbackStore, loadSqlite } from './sqlite-store';

export interface LocalFeedbackStore {
  store: FeedbackStore & { file: string };
  kind: 'sqlite' | 'jsonl';
  /** Why the JSONL file is used instead of SQLite. */
  fallback?: string;
}

export function openLocalFeedbackStore(config: FeedbackConfig): LocalFeedbackStore {
  try {
    loadSqlite();
  } catch (error) {
    return { store: createFileFeedbackStore(config), kind: 'jsonl', fallback: (error as Error).message };
  }
  return { store: createSqliteFeedbackStore(config), kind: 'sqlite' };
}
