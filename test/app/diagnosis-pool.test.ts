/**
 * The diagnosis pool with real worker threads (dist/app/diagnose-worker.js, built by npm run build): the same
 * answers as the main thread, a full queue sheds at once, and close() leaves nothing running.
 */
import { join } from 'node:path';
import { createDiagnosisPool, type DiagnosisPool } from '../../src/app/diagnosis-pool';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { LoadShedError } from '../../src/support/errors';
import { KNOWLEDGE_CONFIG, knowledgeIndex } from '../support/knowledge-index';
import { REPO_ROOT } from '../support/paths';

const WORKER = join(REPO_ROOT, 'dist', 'app', 'diagnose-worker.js');
const index = knowledgeIndex();
const PASTES = index.entries.flatMap((e) => e.examples.slice(0, 1)).concat(['lunch?', 'anyone seen the new badge readers', '']);

let pool: DiagnosisPool | undefined;
afterEach(async () => { await pool?.close(); pool = undefined; });

test('workers give exactly the main thread\'s diagnosis', async () => {
  pool = createDiagnosisPool({ knowledge: KNOWLEDGE_CONFIG, entries: index.entries, workerFile: WORKER, threads: 2, maxQueue: 1000 });
  const fromWorkers = await Promise.all(PASTES.map((p) => pool!.diagnose(p)));
  expect(fromWorkers).toEqual(PASTES.map((p) => diagnosePaste(p, index)));
  expect(fromWorkers.filter((d) => d.entry).length).toBeGreaterThan(40);
});

test('beyond the queue bound, work is shed at once instead of waiting', async () => {
  pool = createDiagnosisPool({ knowledge: KNOWLEDGE_CONFIG, entries: index.entries, workerFile: WORKER, threads: 1, maxQueue: 2 });
  const long = `${PASTES[0]}\n${'Get-VM | fl *\n'.repeat(4000)}`;
  const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => pool!.diagnose(long)));
  const shed = outcomes.filter((o) => o.status === 'rejected');
  expect(shed.length).toBeGreaterThan(0);
  for (const o of shed) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(LoadShedError);
  expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  // Once the burst has passed, the pool answers again.
  await expect(pool.diagnose(PASTES[0])).resolves.toMatchObject({ entry: { id: expect.any(String) } });
});

test('a missing worker file is a clear error at start, not a silent stall', () => {
  expect(() => createDiagnosisPool({ knowledge: KNOWLEDGE_CONFIG, entries: index.entries, workerFile: '/nonexistent/w.js', threads: 1, maxQueue: 1 }))
    .toThrow(/npm run build/);
});
