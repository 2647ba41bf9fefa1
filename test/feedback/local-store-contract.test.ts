/**
 * What both local stores promise, on a real temporary directory: the SQLite database (the default) and the JSONL
 * file (the fallback) keep every record across a restart, in the order stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileFeedbackStore } from '../../src/feedback/file-store';
import { createSqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import type { FeedbackConfig } from '../../src/config/feedback-settings';
import { NOW, record } from './records';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lm-feedback-contract-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (): FeedbackConfig => ({ dataDir: dir, retentionDays: 90, mode: 'records', maxRecords: 1000 });

describe.each([
  ['SQLite', createSqliteFeedbackStore],
  ['JSONL', createFileFeedbackStore],
] as const)('%s store', (_name, create) => {
  const open = () => create(config(), { now: () => NOW });

  test('a new store over the same directory (a restart) has every record, in the order stored', async () => {
    const first = open();
    await first.add(record({ id: 'fb-1' }));
    await first.add(record({ id: 'fb-2', chosen: null, source: 'not_it' }));
    await first.close();
    const second = open();
    expect((await second.list()).map((r) => [r.id, r.chosen])).toEqual([['fb-1', 'credssp-double-hop'], ['fb-2', null]]);
    await second.add(record({ id: 'fb-3' }));
    expect((await second.list()).map((r) => r.id)).toEqual(['fb-1', 'fb-2', 'fb-3']);
    await second.close();
  });
});
