/**
 * The labelled sets the learned model trains on: every `*.jsonl` directly in the training folder (the `sealed/`
 * sub-folder is never read here: those sets are scored once, never trained on). One `{id, text, label}` per line;
 * `label` is an entry id or null (not a live-migration failure).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeProblem } from '../support/errors';

export interface LabelledPaste {
  id: string;
  text: string;
  label: string | null;
  /** The file it came from (its base name), for cross-validation by set. */
  set: string;
}

export interface TrainingSets {
  rows: LabelledPaste[];
  problems: KnowledgeProblem[];
}

export function readTrainingSets(dir: string, knownIds: ReadonlySet<string>): TrainingSets {
  const rows: LabelledPaste[] = [];
  const problems: KnowledgeProblem[] = [];
  if (!existsSync(dir)) return { rows, problems };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = join(dir, name);
    readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      const report = (message: string) => problems.push({ file, field: `line ${i + 1}`, message });
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        report('is not JSON');
        return;
      }
      if (typeof row !== 'object' || row === null) return report('must be a JSON object');
      if (typeof row.id !== 'string' || typeof row.text !== 'string' || !row.text.trim()) return report('needs "id" and a non-empty "text"');
      if (row.label !== null && typeof row.label !== 'string') return report('"label" must be an entry id or null');
      if (typeof row.label === 'string' && !knownIds.has(row.label)) return report(`label "${row.label}" is not a knowledge entry`);
      rows.push({ id: row.id, text: row.text, label: row.label as string | null, set: name });
    });
  }
  return { rows, problems };
}
