/**
 * The alternative that was measured against tesseract.js: Debian's `tesseract` binary (package tesseract-ocr,
 * tesseract-ocr-eng), one process per image, single-threaded (OMP_THREAD_LIMIT=1: OpenMP threads only slowed it
 * down on 2 cores), the image in a temp file that is always removed. Only `npm run bench:ocr -- --engine=cli` uses
 * it; install the packages by hand for that comparison.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OcrEngine, RecognizeOptions } from '../../src/ocr/tesseract-engine';
import { OcrTimeoutError } from '../../src/support/errors';

export function createTesseractCliEngine(timeoutMs = 15_000, binary = 'tesseract'): OcrEngine {
  return {
    async recognize(image: Uint8Array, options: RecognizeOptions = {}): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'lm-ocr-'));
      try {
        const file = join(dir, 'image');
        await writeFile(file, image);
        const args = [file, 'stdout', '-l', 'eng', '--psm', '3', '-c', `thresholding_method=${options.adaptiveThreshold ? 2 : 0}`];
        return await new Promise<string>((resolve, reject) => {
          execFile(binary, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
            (error, stdout) => {
              if (error && (error as { killed?: boolean }).killed) reject(new OcrTimeoutError(timeoutMs));
              else if (error) reject(error);
              else resolve(stdout);
            });
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    close: async () => undefined,
  };
}
