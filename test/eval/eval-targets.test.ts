/**
 * Regression gate on honest figures: every labelled set in test/fixtures/eval/ is scored under 5-fold
 * cross-validation (each line diagnosed by models trained without it). The sealed sets are never scored here: they
 * are scored once, by hand, with `npm run eval -- --sealed`. The development set in ../shared (read-only, absent in
 * a fresh clone) is scored with the shipped model, which was never trained on it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidate, predict } from '../../src/eval/cross-validate';
import { scorePredictions } from '../../src/eval/score-predictions';
import { readTrainingSets, type LabelledPaste } from '../../src/knowledge/training-sets';
import { readCatalog } from '../../src/knowledge/catalog';
import { knowledgeIndex, KNOWLEDGE_CONFIG } from '../support/knowledge-index';
import { REPO_ROOT } from '../support/paths';

const index = knowledgeIndex();
const { rows } = readTrainingSets(KNOWLEDGE_CONFIG.trainingDir, new Set(index.entries.map((e) => e.id)));
const catalog = readCatalog(KNOWLEDGE_CONFIG.dir, new Set(index.entries.map((e) => e.id))).templates;
const cv = crossValidate(index.entries, rows, catalog, 5);

describe('5-fold cross-validation over every labelled set', () => {
  test('covers the verbatim and the constructed sets', () => {
    expect(cv.sets.map((s) => s.set)).toEqual(expect.arrayContaining(['real-pos.jsonl', 'real-neg.jsonl', 'workload.jsonl', 'holdout.jsonl']));
    expect(cv.all.positives).toBeGreaterThan(500);
    expect(cv.all.negatives).toBeGreaterThan(500);
  });
  test('recall@1 >= 0.85', () => expect(cv.all.recallAt1).toBeGreaterThanOrEqual(0.85));
  test('misdiagnosis <= 0.04', () => expect(cv.all.misdiagnosis).toBeLessThanOrEqual(0.04));
  test('false alarms <= 0.05', () => expect(cv.all.falseAlarmRate).toBeLessThanOrEqual(0.05));
  test('verbatim near-misses: false alarms <= 0.06', () => {
    expect(cv.sets.find((s) => s.set === 'real-neg.jsonl')?.score.falseAlarmRate).toBeLessThanOrEqual(0.06);
  });
  test('workload-named pastes: >= 0.85 answered right, products\' own errors silent', () => {
    const s = cv.sets.find((x) => x.set === 'workload.jsonl')!.score;
    expect(s.recallAt1).toBeGreaterThanOrEqual(0.85);
    expect(s.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});

const dev = join(REPO_ROOT, '..', 'shared', 'eval', 'dev.jsonl');
(existsSync(dev) ? describe : describe.skip)('development set (never trained on)', () => {
  const lines: LabelledPaste[] = existsSync(dev)
    ? readFileSync(dev, 'utf8').split('\n').filter((l) => l.trim()).map((l) => ({ ...(JSON.parse(l) as LabelledPaste), set: 'dev' }))
    : [];
  const s = scorePredictions(lines, predict(index, lines));
  test('recall@1 >= 0.8', () => expect(s.recallAt1).toBeGreaterThanOrEqual(0.8));
  test('misdiagnosis <= 0.05', () => expect(s.misdiagnosis).toBeLessThanOrEqual(0.05));
  test('false alarms <= 0.05', () => expect(s.falseAlarmRate).toBeLessThanOrEqual(0.05));
});
