/**
 * Regression gate on the labelled sets: the matcher must keep the targets of issue 2. The development set lives in
 * ../shared (read-only, may be absent in a fresh clone); the held-out and blind sets ship with the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge';
import { createKnowledgeIndex } from '../../src/core/knowledge-index';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { scorePredictions, type Labelled } from '../../src/eval/score-predictions';
import { FIXTURES, KNOWLEDGE_DIR, REPO_ROOT } from '../support/paths';

const index = createKnowledgeIndex(loadKnowledge(KNOWLEDGE_DIR));

function score(path: string) {
  const rows = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled & { text: string });
  const predictions = new Map(rows.map((r) => [r.id, diagnosePaste(r.text, index).entry?.id ?? null] as const));
  return scorePredictions(rows, predictions);
}

const sets = [
  { name: 'held-out set', path: join(FIXTURES, 'eval', 'holdout.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'blind set', path: join(FIXTURES, 'eval', 'blind.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'final blind set (scored blind once, then tuned on)', path: join(FIXTURES, 'eval', 'final.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'second final blind set (scored blind once, then tuned on)', path: join(FIXTURES, 'eval', 'final2.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'third final blind set (scored blind once, then tuned on)', path: join(FIXTURES, 'eval', 'final3.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'hard-negative blind set (final5: scored blind once, then tuned on)', path: join(FIXTURES, 'eval', 'final5.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'long-paste blind set (final6: scored blind once, then tuned on)', path: join(FIXTURES, 'eval', 'final6.jsonl'), recall: 0.9, misdiagnosis: 0.03, falseAlarms: 0.03 },
  { name: 'development set', path: join(REPO_ROOT, '..', 'shared', 'eval', 'dev.jsonl'), recall: 0.95, misdiagnosis: 0.03, falseAlarms: 0.02 },
].filter((s) => existsSync(s.path));

describe.each(sets)('$name', ({ path, recall, misdiagnosis, falseAlarms }) => {
  const s = score(path);
  test(`recall@1 >= ${recall}`, () => expect(s.recallAt1).toBeGreaterThanOrEqual(recall));
  test(`misdiagnosis <= ${misdiagnosis}`, () => expect(s.misdiagnosis).toBeLessThanOrEqual(misdiagnosis));
  test(`false alarms <= ${falseAlarms}`, () => expect(s.falseAlarmRate).toBeLessThanOrEqual(falseAlarms));
});

test('the shipped sets are present', () => {
  expect(sets.length).toBeGreaterThanOrEqual(2);
});
