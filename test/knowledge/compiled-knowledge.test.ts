/**
 * The compiled knowledge file: written once, read back without parsing Markdown, rebuilt when any input changes or
 * the file is damaged, and never in the way of a read-only install. Uses a copy of the real knowledge base and no
 * labelled sets, so each compile takes about a second.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeIndexWithStatus } from '../../src/knowledge/load-index';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import type { KnowledgeConfig } from '../../src/config/knowledge-settings';
import { FIXTURES, KNOWLEDGE_DIR } from '../support/paths';

const PASTES = readFileSync(join(FIXTURES, 'eval', 'holdout.jsonl'), 'utf8').split('\n').filter(Boolean)
  .slice(0, 40).map((l) => (JSON.parse(l) as { text: string }).text);

let root: string;
let config: KnowledgeConfig;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lm-compiled-'));
  cpSync(KNOWLEDGE_DIR, join(root, 'knowledge'), { recursive: true });
  mkdirSync(join(root, 'sets'));
  config = { dir: join(root, 'knowledge'), trainingDir: join(root, 'sets'), modelFile: join(root, 'out', 'knowledge.compiled') };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function outcomes(index: ReturnType<typeof loadKnowledgeIndexWithStatus>['index']) {
  return PASTES.map((p) => { const d = diagnosePaste(p, index); return [d.entry?.id ?? null, d.confidence]; });
}

test('the first load compiles and writes the file; the next reads it and diagnoses exactly the same', () => {
  const first = loadKnowledgeIndexWithStatus(config);
  expect(first).toMatchObject({ trained: true, written: true });
  expect(statSync(config.modelFile).size).toBeGreaterThan(100_000);
  const second = loadKnowledgeIndexWithStatus(config);
  expect(second.trained).toBe(false);
  expect(second.index.entries.map((e) => e.id)).toEqual(first.index.entries.map((e) => e.id));
  expect(outcomes(second.index)).toEqual(outcomes(first.index));
  expect(outcomes(first.index).filter(([id]) => id !== null).length).toBeGreaterThan(20);
});

test('an edit to a knowledge file or a new labelled set makes the next load compile again', () => {
  loadKnowledgeIndexWithStatus(config);
  const file = join(config.dir, 'credssp-double-hop.md');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
  expect(loadKnowledgeIndexWithStatus(config).trained).toBe(true);
  expect(loadKnowledgeIndexWithStatus(config).trained).toBe(false);
  writeFileSync(join(config.trainingDir, 'extra.jsonl'), `${JSON.stringify({ id: 'x-1', text: 'lunch at noon?', label: null })}\n`);
  expect(loadKnowledgeIndexWithStatus(config).trained).toBe(true);
  // A file in sealed/ is never trained on, so it does not count either.
  mkdirSync(join(config.trainingDir, 'sealed'), { recursive: true });
  writeFileSync(join(config.trainingDir, 'sealed', 'secret.jsonl'), `${JSON.stringify({ id: 's-1', text: 'x', label: null })}\n`);
  expect(loadKnowledgeIndexWithStatus(config).trained).toBe(false);
});

test.each([
  ['cut short', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
  ['another format', (b: Buffer) => Buffer.concat([Buffer.from('LMK0'), b.subarray(4)])],
  ['a damaged header', (b: Buffer) => { const c = Buffer.from(b); c.write('{{{{', 72, 'latin1'); return c; }],
])('a file %s is rebuilt, not trusted', (_name, damage) => {
  loadKnowledgeIndexWithStatus(config);
  writeFileSync(config.modelFile, damage(readFileSync(config.modelFile)));
  const loaded = loadKnowledgeIndexWithStatus(config);
  expect(loaded.trained).toBe(true);
  expect(outcomes(loaded.index).filter(([id]) => id !== null).length).toBeGreaterThan(20);
  expect(loadKnowledgeIndexWithStatus(config).trained).toBe(false);
});

test('a read-only install still serves: it compiles in memory and says the file was not written', () => {
  if (process.getuid?.() === 0) {
    // root ignores permissions: point the file below a regular file instead, which no one can create.
    writeFileSync(join(root, 'blocker'), '');
    const loaded = loadKnowledgeIndexWithStatus({ ...config, modelFile: join(root, 'blocker', 'knowledge.compiled') });
    expect(loaded).toMatchObject({ trained: true, written: false });
    expect(loaded.index.entries.length).toBeGreaterThan(50);
    return;
  }
  const dir = join(root, 'ro');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  const loaded = loadKnowledgeIndexWithStatus({ ...config, modelFile: join(dir, 'knowledge.compiled') });
  expect(loaded).toMatchObject({ trained: true, written: false });
});
