/**
 * A real feedback store in a temporary LM_DATA_DIR (the JSONL file, or the SQLite database that is the default), and
 * the labels the Slack app takes; close() removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileFeedbackStore } from '../../src/feedback/file-store';
import { createSqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { makeFeedbackRecord } from '../../src/feedback/make-record';
import { readFeedbackConfig } from '../../src/config/feedback-settings';
import { createEnvReader } from '../../src/config/read-env';
import type { FeedbackStore } from '../../src/support/feedback-record';
import type { LabelServices } from '../../src/slack/record-label';

export interface TempFeedbackStore {
  store: FeedbackStore;
  labels: LabelServices;
  /** Closes the store and removes its directory. */
  close(): Promise<void>;
}

export function createTempFeedbackStore(version = '9.9.9-test', kind: 'jsonl' | 'sqlite' = 'jsonl'): TempFeedbackStore {
  const dir = mkdtempSync(join(tmpdir(), 'lm-feedback-'));
  const config = readFeedbackConfig(createEnvReader({ LM_DATA_DIR: dir }));
  const store = kind === 'sqlite' ? createSqliteFeedbackStore(config) : createFileFeedbackStore(config);
  return {
    store,
    labels: { store, makeRecord: makeFeedbackRecord, version },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
