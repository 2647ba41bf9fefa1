/** The JSONL file store on a real temporary directory: duplicates, retention, counts only, torn lines (restarts: local-store-contract). */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileFeedbackStore } from '../../src/feedback/file-store';
import type { FeedbackConfig } from '../../src/config/feedback-settings';
import { DAY_MS, NOW, record } from './records';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lm-feedback-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (patch: Partial<FeedbackConfig> = {}): FeedbackConfig => ({ dataDir: dir, retentionDays: 90, mode: 'records', maxRecords: 1000, ...patch });
const open = (patch: Partial<FeedbackConfig> = {}, now = NOW) => createFileFeedbackStore(config(patch), { now: () => now });

describe('file feedback store', () => {
  test('a duplicate id is stored once, also after a restart and from concurrent adds', async () => {
    const store = open();
    expect(await Promise.all([store.add(record({ id: 'fb-1' })), store.add(record({ id: 'fb-1', chosen: null }))])).toEqual([true, false]);
    await store.close();
    const again = open();
    await again.add(record({ id: 'fb-1', chosen: 'other' }));
    expect(await again.list()).toEqual([record({ id: 'fb-1' })]);
    expect(readFileSync(again.file, 'utf8').trim().split('\n')).toHaveLength(1);
    await again.close();
  });

  test('retention: old records are never listed, prune() rewrites the file without them, since filters', async () => {
    const store = open({ retentionDays: 30 });
    await store.add(record({ id: 'fb-old', at: new Date(NOW - 40 * DAY_MS).toISOString() }));
    await store.add(record({ id: 'fb-mid', at: new Date(NOW - 20 * DAY_MS).toISOString() }));
    await store.add(record({ id: 'fb-new', at: new Date(NOW - DAY_MS).toISOString() }));
    expect((await store.list()).map((r) => r.id)).toEqual(['fb-mid', 'fb-new']);
    expect((await store.list({ since: NOW - 7 * DAY_MS })).map((r) => r.id)).toEqual(['fb-new']);
    expect(await store.prune()).toBe(1);
    expect(readFileSync(store.file, 'utf8')).not.toContain('fb-old');
    expect(await store.prune(NOW + 15 * DAY_MS)).toBe(1);
    await store.close();
    expect((await open({}, NOW + 15 * DAY_MS).list()).map((r) => r.id)).toEqual(['fb-new']);
  });

  test('the writer prunes on its first add: a restart after the retention drops old lines from the file', async () => {
    const store = open({ retentionDays: 10 });
    await store.add(record({ id: 'fb-1' }));
    await store.close();
    const later = open({ retentionDays: 10 }, NOW + 30 * DAY_MS);
    await later.add(record({ id: 'fb-2', at: new Date(NOW + 30 * DAY_MS).toISOString() }));
    expect(readFileSync(later.file, 'utf8')).not.toContain('fb-1');
    await later.close();
  });

  test('counts mode keeps the labels and drops the text, signals, channel and user hash', async () => {
    const store = open({ mode: 'counts' });
    await store.add(record({ id: 'fb-1' }));
    const content = readFileSync(store.file, 'utf8');
    expect(content).not.toContain('HOST1');
    expect(content).not.toContain('C1AAA');
    expect(await store.list()).toEqual([record({ id: 'fb-1', text: '', signals: [], channel: '', userHash: '' })]);
    await store.close();
  });

  test('a line torn by a crash is skipped, and the next record starts on its own line', async () => {
    const store = open();
    await store.add(record({ id: 'fb-1' }));
    await store.close();
    appendFileSync(join(dir, 'feedback.jsonl'), '{"id":"fb-torn","at":"2026');
    const after = open();
    await after.add(record({ id: 'fb-2' }));
    expect((await after.list()).map((r) => r.id)).toEqual(['fb-1', 'fb-2']);
    await after.close();
  });

  test('reading a directory that does not exist yet lists nothing and creates nothing', async () => {
    const store = createFileFeedbackStore(config({ dataDir: join(dir, 'missing') }));
    expect(await store.list()).toEqual([]);
    expect(() => readFileSync(store.file)).toThrow();
    await store.close();
  });
});
