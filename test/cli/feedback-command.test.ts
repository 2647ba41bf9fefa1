/**
 * `lm-doctor feedback export|report` through runCli, over records in a real temporary LM_DATA_DIR (and once over a
 * real redis-server): export lines are evaluation lines the eval-set loader reads back with the right labels, and
 * the report's figures are those of a known set of records.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { createFileFeedbackStore } from '../../src/feedback/file-store';
import { readTrainingSets } from '../../src/knowledge/training-sets';
import { lintKnowledge } from '../../src/knowledge/load-knowledge';
import type { FeedbackConfig } from '../../src/config/feedback-settings';
import type { FeedbackRecord } from '../../src/support/feedback-record';
import { KNOWLEDGE_DIR, REPO_ROOT } from '../support/paths';
import { startTestRedis } from '../support/redis-server';
import { freePort } from '../support/free-port';
import { connectRedis } from '../../src/redis/redis-link';
import { createRedisFeedbackStore } from '../../src/redis/feedback-stream';
import { createMetrics } from '../../src/support/metrics';
import { createHealth } from '../../src/support/health';
import { SILENT_LOGGER } from '../../src/support/logger';
import { DAY_MS, record } from '../feedback/records';

const DOUBLE_HOP = 'credssp-double-hop';
const KCD = 'kcd-migration-service-missing';
const OWNER = 'cluster-not-possible-owner';
const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const PS = "PS C:\\> Move-VM -Name VM1 -DestinationHost HOST2\nMove-VM : Failed to establish a connection with host 'HOST2': No credentials are available in the security package (0x8009030E).";

/** Known records: double-hop answered 4× (3 fixed, 1 → KCD), KCD answered 2× (1 → null, 1 → double-hop), 2 silent. */
const RECORDS: FeedbackRecord[] = [
  record({ id: 'fb-01', at: ago(1), answered: DOUBLE_HOP, chosen: DOUBLE_HOP, source: 'fixed' }),
  record({ id: 'fb-02', at: ago(2), answered: DOUBLE_HOP, chosen: DOUBLE_HOP, source: 'fixed' }),
  record({ id: 'fb-03', at: ago(40), answered: DOUBLE_HOP, chosen: DOUBLE_HOP, source: 'fixed' }),
  record({ id: 'fb-04', at: ago(3), answered: DOUBLE_HOP, chosen: KCD, source: 'not_it', text: PS }),
  record({ id: 'fb-05', at: ago(4), answered: KCD, chosen: null, source: 'not_it', text: 'lunch at 12? also the LM dashboard is slow' }),
  record({ id: 'fb-06', at: ago(5), answered: KCD, chosen: DOUBLE_HOP, source: 'not_it' }),
  record({ id: 'fb-07', at: ago(6), answered: null, chosen: OWNER, source: 'mention_unanswered', text: 'FCM Move to HOST1 -> 0x80071398, possible owners exclude HOST1' }),
  record({ id: 'fb-08', at: ago(50), answered: null, chosen: OWNER, source: 'mention_unanswered', text: 'Log Name: System\nEvent ID: 1069\nCluster resource failed, 0x80071398' }),
];

let dir: string;
let stdout = '';
let stderr = '';

async function run(argv: string[], env: Record<string, string> = {}): Promise<number> {
  stdout = '';
  stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '',
    env: { LM_DATA_DIR: dir, ...env }, packageRoot: REPO_ROOT,
  };
  return runCli(argv, io);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-feedback-cli-'));
  const config: FeedbackConfig = { dataDir: dir, retentionDays: 90, mode: 'records', maxRecords: 1000 };
  const store = createFileFeedbackStore(config);
  for (const r of RECORDS) await store.add(r);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = () => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('lm-doctor feedback export', () => {
  test('every record as an evaluation line the eval-set loader reads back with its label', async () => {
    expect(await run(['feedback', 'export'])).toBe(0);
    const out = lines();
    expect(out.map((l) => [l.id, l.label])).toEqual(RECORDS.map((r) => [r.id, r.chosen]));
    expect(out.every((l) => l.source === 'feedback' && Object.keys(l).sort().join() === 'id,kind,label,source,text')).toBe(true);
    expect(out.find((l) => l.id === 'fb-04')?.kind).toBe('powershell');
    expect(out.find((l) => l.id === 'fb-08')?.kind).toBe('event-log');
    expect(out.find((l) => l.id === 'fb-05')?.kind).toBe('chat');

    const evalDir = join(dir, 'eval');
    mkdirSync(evalDir);
    writeFileSync(join(evalDir, 'feedback.jsonl'), stdout);
    const known = new Set(lintKnowledge(KNOWLEDGE_DIR).entries.map((e) => e.id));
    const sets = readTrainingSets(evalDir, known);
    expect(sets.problems).toEqual([]);
    expect(sets.rows.map((r) => [r.id, r.label, r.text])).toEqual(RECORDS.map((r) => [r.id, r.chosen, r.text]));
  });

  test('--label-only leaves out "fixed" confirmations; --since leaves out older records', async () => {
    expect(await run(['feedback', 'export', '--label-only'])).toBe(0);
    expect(lines().map((l) => l.id)).toEqual(['fb-04', 'fb-05', 'fb-06', 'fb-07', 'fb-08']);
    expect(await run(['feedback', 'export', '--since', '30d', '--label-only'])).toBe(0);
    expect(lines().map((l) => l.id)).toEqual(['fb-04', 'fb-05', 'fb-06', 'fb-07']);
    expect(await run(['feedback', 'export', '--since=2d'])).toBe(0);
    expect(lines().map((l) => l.id)).toEqual(['fb-01']);
  });

  test.each([
    [['feedback'], /usage: lm-doctor feedback export/],
    [['feedback', 'export', '--since', 'last week'], /--since takes a duration/],
    [['feedback', 'export', '--json'], /unknown option "--json"/],
    [['feedback', 'report', '--label-only'], /unknown option "--label-only"/],
  ])('%j is a usage error', async (argv, message) => {
    expect(await run(argv)).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('lm-doctor feedback report', () => {
  test('--json: per entry answers, fixed, not it, precision and chosen; confusions; silent pastes', async () => {
    expect(await run(['feedback', 'report', '--json'])).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.records).toBe(8);
    expect(report.entries).toEqual([
      { entry: DOUBLE_HOP, answers: 4, fixed: 3, notIt: 1, precision: 0.75, chosen: 4 },
      { entry: KCD, answers: 2, fixed: 0, notIt: 2, precision: 0, chosen: 1 },
      { entry: OWNER, answers: 0, fixed: 0, notIt: 0, precision: null, chosen: 2 },
    ]);
    expect(report.confusions).toEqual([
      { answered: DOUBLE_HOP, chosen: KCD, count: 1 },
      { answered: KCD, chosen: null, count: 1 },
      { answered: KCD, chosen: DOUBLE_HOP, count: 1 },
    ]);
    expect(report.silent.map((s: { id: string; chosen: string }) => [s.id, s.chosen])).toEqual([['fb-08', OWNER], ['fb-07', OWNER]]);
  });

  test('text: a table, the confusions and the silent pastes; --since narrows it', async () => {
    expect(await run(['feedback', 'report', '--since', '30d'])).toBe(0);
    expect(stdout).toContain('6 feedback records');
    expect(stdout).toMatch(new RegExp(`${DOUBLE_HOP}\\s+3\\s+2\\s+1\\s+67 %\\s+3`));
    expect(stdout).toContain(`1× ${KCD} → (not a live-migration failure)`);
    expect(stdout).toContain(`fb-07 → ${OWNER}: FCM Move to HOST1 -> 0x80071398`);
  });

  test('an empty store says so', async () => {
    expect(await run(['feedback', 'report'], { LM_DATA_DIR: join(dir, 'empty') })).toBe(0);
    expect(stdout).toBe('No feedback recorded yet.\n');
  });
});

describe('with REDIS_URL, the Redis stream is read', () => {
  test('export reads the records the replicas stored', async () => {
    const redis = await startTestRedis();
    const link = connectRedis({ url: redis.url, logger: SILENT_LOGGER, metrics: createMetrics(), health: createHealth() });
    try {
      for (let i = 0; i < 100 && !link.up; i++) await new Promise((r) => setTimeout(r, 20));
      const store = createRedisFeedbackStore(link, { dataDir: dir, retentionDays: 90, mode: 'records', maxRecords: 1000 });
      await store.add(record({ id: 'fb-r1', at: ago(0), answered: null, chosen: OWNER, source: 'mention_unanswered' }));
      expect(await run(['feedback', 'export'], { REDIS_URL: redis.url })).toBe(0);
      expect(lines().map((l) => [l.id, l.label])).toEqual([['fb-r1', OWNER]]);
    } finally {
      await link.close();
      await redis.stop();
    }
  });

  test('an unreachable Redis is an error that names it without its password', async () => {
    const url = `redis://:s3cret@127.0.0.1:${await freePort()}`;
    expect(await run(['feedback', 'report'], { REDIS_URL: url })).toBe(1);
    expect(stderr).toMatch(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? did not answer/);
    expect(stderr).not.toContain('s3cret');
  });
});
