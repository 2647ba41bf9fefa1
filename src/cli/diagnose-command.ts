/** `lm-doctor diagnose [FILE|-] [--json | --jsonl]`: the exact diagnosePaste the Slack listener runs (`--image`: OCR first). */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import type { KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { diagnosisToJson, renderDiagnosisText } from '../core/render-text';
import { UsageError } from '../errors';

export async function runDiagnoseCommand(args: string[], io: CliIo, index: KnowledgeIndex): Promise<number> {
  const image = args.findIndex((a) => a === '--image' || a.startsWith('--image='));
  if (image >= 0) {
    const path = args[image].startsWith('--image=') ? args[image].slice('--image='.length) : args[image + 1];
    const rest = args.filter((_, i) => i !== image && (i !== image + 1 || args[image] !== '--image'));
    // OCR (tesseract) loads only for an image.
    const { runDiagnoseImageCommand } = require('./diagnose-image-command') as typeof import('./diagnose-image-command');
    return runDiagnoseImageCommand(path, rest, io, index);
  }
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--') || a === '-');
  for (const f of flags) {
    if (!['--json', '--jsonl'].includes(f)) throw new UsageError(`unknown option ${f} for diagnose`);
  }
  if (files.length > 1) throw new UsageError('diagnose takes at most one FILE (or - for standard input)');
  const input = files.length === 0 || files[0] === '-' ? await io.readStdin() : readInputFile(files[0]);
  if (flags.has('--jsonl')) {
    for (const line of input.split(/\r?\n/)) {
      if (line.trim() !== '') io.stdout(`${JSON.stringify(diagnoseLine(line, index))}\n`);
    }
    return 0;
  }
  const d = diagnosePaste(input, index);
  io.stdout(flags.has('--json') ? `${JSON.stringify(diagnosisToJson(d))}\n` : renderDiagnosisText(d));
  return 0;
}

/** The batch contract used for evaluation: one output line per input line, in order. */
export function diagnoseLine(line: string, index: KnowledgeIndex): Record<string, unknown> {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { id: null, error: 'not a JSON object' };
  const { id, text } = item as Record<string, unknown>;
  if (typeof id !== 'string') return { id: null, error: 'field "id" must be a string' };
  if (typeof text !== 'string') return { id: null, error: `field "text" must be a string (id ${id})` };
  const d = diagnosePaste(text, index);
  return { id, entry: d.entry?.id ?? null, confidence: d.confidence, alternatives: d.alternatives.map((a) => a.entry.id) };
}

function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
