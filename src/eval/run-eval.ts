/**
 * `lm-doctor eval` (what `npm run eval` runs), for development: how well the matcher does on labelled sets.
 * `npm run eval -- LABELLED.jsonl [PREDICTIONS.jsonl] [--verbose]`: scores one labelled set (with the shipped model,
 * or a file of predictions).
 * `npm run eval -- --cv`: every labelled training set under 5-fold cross-validation (the honest figure for sets the
 * model trains on).
 * `npm run eval -- --sealed`: the sets in test/fixtures/eval/sealed/, scored with the shipped model, which never
 * trained on them. Report the first score; reading their errors would unseal them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeConfig } from '../config/knowledge-settings';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { readTrainingSets } from '../knowledge/training-sets';
import { readCatalog } from '../knowledge/catalog';
import { diagnoseLine } from '../core/diagnose-line';
import { crossValidate } from './cross-validate';
import { scorePredictions, type EvalScore, type Labelled } from './score-predictions';

const TARGETS = { recallAt1: 0.85, misdiagnosis: 0.04, falseAlarmRate: 0.06 };

/** Where the scores go. */
export interface EvalIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

function readJsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function row(name: string, s: EvalScore): string {
  return `${name.padEnd(22)} ${String(s.positives).padStart(4)} ${String(s.negatives).padStart(4)}  ` +
    `${pct(s.recallAt1).padStart(6)}  ${pct(s.misdiagnosis).padStart(6)}  ${pct(s.falseAlarmRate).padStart(6)}`;
}

const HEADER = `${'set'.padEnd(22)}  pos  neg  recall   misdx  false alarms`;

function runCrossValidation(config: KnowledgeConfig, io: EvalIo): number {
  const index = loadKnowledgeIndex(config);
  const ids = new Set(index.entries.map((e) => e.id));
  const { rows } = readTrainingSets(config.trainingDir, ids);
  const cv = crossValidate(index.entries, rows, readCatalog(config.dir, ids).templates, 5);
  io.stdout(['5-fold cross-validation (each line diagnosed by models trained without it)', HEADER,
    ...cv.sets.map((s) => row(s.set, s.score)), row('all', cv.all), ''].join('\n'));
  return 0;
}

function runSealed(config: KnowledgeConfig, io: EvalIo): number {
  const dir = join(config.trainingDir, 'sealed');
  if (!existsSync(dir)) {
    io.stderr(`no sealed sets: ${dir} does not exist\n`);
    return 2;
  }
  const index = loadKnowledgeIndex(config);
  const lines = [HEADER];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const rows = readJsonl(join(dir, name));
    const items: Labelled[] = rows.map((r) => ({ id: String(r.id), label: (r.label as string | null) ?? null }));
    const predictions = new Map(rows.map((r) => [String(r.id), (diagnoseLine(JSON.stringify(r), index).entry as string | null) ?? null] as const));
    lines.push(row(name, scorePredictions(items, predictions)));
  }
  io.stdout(`sealed sets, scored with the shipped model (never trained on them)\n${lines.join('\n')}\n`);
  return 0;
}

export function runEval(argv: string[], io: EvalIo, config: KnowledgeConfig): number {
  if (argv.includes('--cv')) return runCrossValidation(config, io);
  if (argv.includes('--sealed')) return runSealed(config, io);
  const verbose = argv.includes('--verbose');
  const [labelledPath, predictionsPath] = argv.filter((a) => !a.startsWith('--'));
  if (!labelledPath) {
    io.stderr('usage: npm run eval -- LABELLED.jsonl [PREDICTIONS.jsonl] [--verbose] | --cv | --sealed\n');
    return 2;
  }
  for (const path of [labelledPath, predictionsPath]) {
    if (path && !existsSync(path)) {
      io.stderr(`npm run eval: ${path}: no such file\n`);
      return 2;
    }
  }
  const rows = readJsonl(labelledPath);
  const items: Labelled[] = rows.map((r) => ({ id: String(r.id), label: (r.label as string | null) ?? null }));
  const predictions = new Map<string, string | null>();
  if (predictionsPath) {
    for (const p of readJsonl(predictionsPath)) if (typeof p.id === 'string') predictions.set(p.id, (p.entry as string | null) ?? null);
  } else {
    const index = loadKnowledgeIndex(config);
    for (const r of rows) predictions.set(String(r.id), (diagnoseLine(JSON.stringify(r), index).entry as string | null) ?? null);
  }
  const s = scorePredictions(items, predictions);
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  io.stdout([
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
