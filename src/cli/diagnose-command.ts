/** `lm-doctor diagnose [FILE|-] [--json | --jsonl]`: the exact diagnosePaste the Slack listener runs (`--image`: OCR first). */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import type { Config } from '../config/load-config';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { diagnosisToJson, renderDiagnosisText } from '../core/render-text';
import { UsageError } from '../support/errors';
import { diagnoseLine } from '../core/diagnose-line';

export async function runDiagnoseCommand(args: string[], io: CliIo, config: Config): Promise<number> {
  const image = args.findIndex((a) => a === '--image' || a.startsWith('--image='));
  if (image >= 0) {
    const path = args[image].startsWith('--image=') ? args[image].slice('--image='.length) : args[image + 1];
    const rest = args.filter((_, i) => i !== image && (i !== image + 1 || args[image] !== '--image'));
    // OCR (tesseract) loads only for an image.
    const { runDiagnoseImageCommand } = require('./diagnose-image-command') as typeof import('./diagnose-image-command');
    return runDiagnoseImageCommand(path, rest, io, config);
  }
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--') || a === '-');
  for (const f of flags) {
    if (!['--json', '--jsonl'].includes(f)) throw new UsageError(`unknown option ${f} for diagnose`);
  }
  if (files.length > 1) throw new UsageError('diagnose takes at most one FILE (or - for standard input)');
  const input = files.length === 0 || files[0] === '-' ? await io.readStdin() : readInputFile(files[0]);
  const index = loadKnowledgeIndex(config.knowledge);
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


function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
