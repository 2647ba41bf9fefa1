/**
 * The SQLite store (the default) on a real database file in a temporary directory: duplicates, retention,
 * counts only, answer counts, the file's mode, reading while another connection writes, and the one-time import of
 * an earlier version's feedback.jsonl.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteFeedbackStore, FEEDBACK_DB } from '../../src/feedback/sqlite-store';
import { openLocalFeedbackStore } from '../../src/feedback/open-local-store';
import type { FeedbackConfig } from '../../src/config/feedback-settings';
import { DAY_MS, NOW, record } from './records';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lm-feedback-db-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (patch: Partial<FeedbackConfig> = {}): FeedbackConfig => ({ dataDir: dir, retentionDays: 90, mode: 'records', maxRecords: 1000, ...patch });
const open = (patch: Partial<FeedbackConfig> = {}, now = NOW) => createSqliteFeedbackStore(config(patch), { now: () => now });
const iso = (ms: number) => new Date(ms).toISOString();

test('it is the default local store, in LM_DATA_DIR/feedback.db, mode 0600', async () => {
  const local = openLocalFeedbackStore(config());
  expect(local.kind).toBe('sqlite');
  expect(local.fallback).toBeUndefined();
  expect(local.store.file).toBe(join(dir, FEEDBACK_DB));
  await local.store.add(record({ id: 'fb-1', at: iso(Date.now()) }));
  expect(statSync(local.store.file).mode & 0o777).toBe(0o600);
  await local.store.close();
});

test('a duplicate id is stored once, also after a restart and from a second connection', async () => {
  const a = open();
  const b = open();
  expect(await Promise.all([a.add(record({ id: 'fb-1' })), b.add(record({ id: 'fb-1', chosen: null }))])).toEqual([true, false]);
  await a.close();
  await b.close();
  const again = open();
  expect(await again.add(record({ id: 'fb-1', chosen: 'other' }))).toBe(false);
  expect(await again.list()).toEqual([record({ id: 'fb-1' })]);
  await again.close();
});

test('retention: old records are never listed and prune() deletes them; since filters', async () => {
  const store = open({ retentionDays: 30 });
  await store.add(record({ id: 'fb-old', at: iso(NOW - 40 * DAY_MS) }));
  await store.add(record({ id: 'fb-mid', at: iso(NOW - 20 * DAY_MS) }));
  await store.add(record({ id: 'fb-new', at: iso(NOW - DAY_MS) }));
  expect((await store.list()).map((r) => r.id)).toEqual(['fb-mid', 'fb-new']);
  expect((await store.list({ since: NOW - 7 * DAY_MS })).map((r) => r.id)).toEqual(['fb-new']);
  expect(await store.prune()).toBe(1);
  expect(await store.prune(NOW + 15 * DAY_MS)).toBe(1);
  await store.close();
  // Deleted, not just hidden: a store with a long retention does not see them either.
  const reopened = open({ retentionDays: 3650 });
  expect((await reopened.list()).map((r) => r.id)).toEqual(['fb-new']);
  await reopened.close();
});

test('LM_FEEDBACK_STORE=counts keeps no text, signals, channel or user hash in the database', async () => {
  const store = open({ mode: 'counts' });
  await store.add(record({ id: 'fb-1' }));
  const [kept] = await store.list();
  expect(kept).toEqual(expect.objectContaining({ id: 'fb-1', answered: 'credssp-double-hop', chosen: 'credssp-double-hop', source: 'fixed' }));
  await store.close();
  const bytes = readFileSync(join(dir, FEEDBACK_DB)).toString('latin1') + (existsSync(join(dir, `${FEEDBACK_DB}-wal`)) ? readFileSync(join(dir, `${FEEDBACK_DB}-wal`)).toString('latin1') : '');
  for (const secret of ['0x8009030E', 'HOST1', 'C1AAA', '0123456789abcdef']) expect(bytes).not.toContain(secret);
});

test('answers are counted per entry and day, within the retention and since a time', async () => {
  const store = open({ retentionDays: 30 });
  await store.countAnswer?.('credssp-double-hop', iso(NOW - DAY_MS));
  await store.countAnswer?.('credssp-double-hop', iso(NOW));
  await store.countAnswer?.('kcd-migration-service-missing', iso(NOW - 10 * DAY_MS));
  await store.countAnswer?.('kcd-migration-service-missing', iso(NOW - 40 * DAY_MS));
  expect(await store.answerCounts?.()).toEqual(new Map([['credssp-double-hop', 2], ['kcd-migration-service-missing', 1]]));
  expect(await store.answerCounts?.({ since: NOW - 2 * DAY_MS })).toEqual(new Map([['credssp-double-hop', 2]]));
  await store.close();
  const reopened = open({ retentionDays: 30 });
  expect((await reopened.answerCounts?.())?.get('credssp-double-hop')).toBe(2);
  await reopened.close();
});

test("an earlier version's feedback.jsonl is imported once and set aside; a torn line is skipped", async () => {
  const legacy = join(dir, 'feedback.jsonl');
  writeFileSync(legacy, `${JSON.stringify(record({ id: 'fb-a' }))}\n{"id":"fb-torn",\n${JSON.stringify(record({ id: 'fb-b' }))}\n`);
  const store = open();
  expect((await store.list()).map((r) => r.id)).toEqual(['fb-a', 'fb-b']);
  await store.close();
  expect(existsSync(legacy)).toBe(false);
  expect(existsSync(`${legacy}.imported`)).toBe(true);
  const again = open();
  expect(await again.list()).toHaveLength(2);
  await again.close();
});
