/**
 * `npm run eval -- LABELLED.jsonl [PREDICTIONS.jsonl] [--verbose]`
 * Without PREDICTIONS, runs the matcher in-process (the same code as `lm-doctor diagnose --jsonl`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { loadCoreConfig } from '../config';
import { diagnoseLine } from '../cli/diagnose-command';
import { scorePredictions, type Labelled } from './score-predictions';

const TARGETS = { recallAt1: 0.95, misdiagnosis: 0.03, falseAlarmRate: 0.02 };

function readJsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function main(argv: string[]): number {
  const verbose = argv.includes('--verbose');
  const [labelledPath, predictionsPath] = argv.filter((a) => !a.startsWith('--'));
  if (!labelledPath) {
    process.stderr.write('usage: npm run eval -- LABELLED.jsonl [PREDICTIONS.jsonl] [--verbose]\n');
    return 2;
  }
  const rows = readJsonl(labelledPath);
  const items: Labelled[] = rows.map((r) => ({ id: String(r.id), label: (r.label as string | null) ?? null }));
  const predictions = new Map<string, string | null>();
  if (predictionsPath) {
    for (const p of readJsonl(predictionsPath)) if (typeof p.id === 'string') predictions.set(p.id, (p.entry as string | null) ?? null);
  } else {
    const index = loadKnowledgeIndex(loadCoreConfig(process.env, join(__dirname, '..', '..')).knowledge);
    for (const r of rows) {
      const out = diagnoseLine(JSON.stringify(r), index);
      predictions.set(String(r.id), (out.entry as string | null) ?? null);
    }
  }
  const s = scorePredictions(items, predictions);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  process.stdout.write([
    `${items.length} lines: ${s.positives} positives, ${s.negatives} negatives`,
    `recall@1      ${pct(s.recallAt1)} (${s.correct}/${s.positives})  target >= ${pct(TARGETS.recallAt1)}  ${mark(s.recallAt1 >= TARGETS.recallAt1)}`,
    `misdiagnosis  ${pct(s.misdiagnosis)} (${s.misdiagnosed}/${s.positives})  target <= ${pct(TARGETS.misdiagnosis)}  ${mark(s.misdiagnosis <= TARGETS.misdiagnosis)}`,
    `silent on positives ${s.missed}`,
    `false alarms  ${pct(s.falseAlarmRate)} (${s.falseAlarms}/${s.negatives})  target <= ${pct(TARGETS.falseAlarmRate)}  ${mark(s.falseAlarmRate <= TARGETS.falseAlarmRate)}`,
    'top confusions (label -> got):',
    ...s.confusions.map((c) => `  ${c.count}  ${c.label} -> ${c.got}`),
    ...(verbose ? ['errors:', ...s.errors.map((e) => `  ${e.id}  ${e.label ?? 'null'} -> ${e.got ?? 'silence'}`)] : []),
    '',
  ].join('\n'));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
