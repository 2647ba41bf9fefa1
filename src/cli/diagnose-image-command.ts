/**
 * `lm-doctor diagnose --image FILE [--json]`: reads a screenshot (PNG or JPEG) with the same OCR and matcher the
 * Slack listener uses. `--json` prints the text diagnosis object plus `recognizedText` and `errorLine`.
 */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import type { Config } from '../config/load-config';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { diagnosisToJson, renderDiagnosisText } from '../core/render-text';
import { diagnoseImage } from '../ocr/diagnose-image';
import { describeFailure } from '../support/describe-failure';
import { createTesseractEngine, type OcrEngine } from '../ocr/tesseract-engine';
import { UsageError } from '../support/errors';

/** `engine` is for tests that share one warm worker; by default a worker is started and stopped here. */
export async function runDiagnoseImageCommand(
  path: string | undefined,
  flags: string[],
  io: CliIo,
  appConfig: Config,
  engine?: OcrEngine,
): Promise<number> {
  if (!path || path.startsWith('--')) throw new UsageError('--image needs a FILE (PNG or JPEG)');
  for (const f of flags) if (f !== '--json') throw new UsageError(`${f} cannot be used with --image`);
  const config = appConfig.ocr;
  const bytes = readImage(path);
  const index = loadKnowledgeIndex(appConfig.knowledge);
  const ocr = engine ?? createTesseractEngine({ timeoutMs: config.timeoutMs });
  try {
    const r = await diagnoseImage(bytes, index, ocr, { limits: config });
    if (flags.includes('--json')) {
      io.stdout(`${JSON.stringify({ ...diagnosisToJson(r.diagnosis), recognizedText: r.recognizedText, errorLine: r.errorLine ?? null })}\n`);
    } else {
      const header = r.errorLine
        ? `Read from the image (${r.image.width}×${r.image.height}): ${r.errorLine}\n\n`
        : `Read ${r.recognizedText.length} characters from the image (${r.image.width}×${r.image.height}).\n`;
      io.stdout(header + renderDiagnosisText(r.diagnosis));
    }
    return 0;
  } catch (e) {
    // tesseract.js rejects with a plain string or Error when it cannot decode the image: "unexpected", exit 1.
    const f = describeFailure(e);
    io.stderr(`lm-doctor: could not read ${path}: ${f.detail}${f.kind === 'ocr-timeout' ? ' (LM_OCR_TIMEOUT_MS raises the limit)' : ''}\n`);
    return f.exitCode;
  } finally {
    if (!engine) await ocr.close();
  }
}

function readImage(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
