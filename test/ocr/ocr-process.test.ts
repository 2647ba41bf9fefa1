/**
 * OCR in a child process (dist/ocr/ocr-child.js, built by npm run build), as the service runs it: reads a rendered
 * error dialog, gives the same error classes as the in-process engine, and stops its process after a quiet spell so
 * the memory a burst of screenshots took goes back to the system.
 */
import { join } from 'node:path';
import { createOcrProcessEngine } from '../../src/ocr/ocr-process';
import { OcrTimeoutError } from '../../src/support/errors';
import type { OcrEngine } from '../../src/ocr/tesseract-engine';
import { renderScreenshot } from '../../tools/screenshots/render-screenshot';
import { ERROR_SCREENS } from '../../tools/screenshots/screens';
import { REPO_ROOT } from '../support/paths';

const CHILD = join(REPO_ROOT, 'dist', 'ocr', 'ocr-child.js');
const image = () => renderScreenshot(ERROR_SCREENS[0], { scale: 1, format: 'png' });
const engines: OcrEngine[] = [];
const engine = (o: { timeoutMs?: number; idleMs?: number }) => {
  const e = createOcrProcessEngine({ childFile: CHILD, timeoutMs: o.timeoutMs ?? 30_000, idleMs: o.idleMs ?? 0 });
  engines.push(e);
  return e;
};
afterAll(async () => { for (const e of engines) await e.close(); });

async function until(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

test('reads a screenshot in its own process, and stops that process after a quiet spell', async () => {
  const e = engine({ idleMs: 300 });
  expect(e.running).toBe(false);
  await expect(e.recognize(image())).resolves.toContain('security package');
  await until(() => e.running === false, 5000);
  expect(e.running).toBe(false);
  // The next image starts a fresh process.
  await expect(e.recognize(image())).resolves.toContain('security package');
}, 60_000);

test('a recognition past its bound fails with the same error class as in-process', async () => {
  const e = engine({ timeoutMs: 1 });
  await expect(e.recognize(image())).rejects.toBeInstanceOf(OcrTimeoutError);
}, 30_000);

test('a missing child module is a clear error at start', () => {
  expect(() => createOcrProcessEngine({ childFile: '/nonexistent/ocr-child.js', timeoutMs: 1000, idleMs: 0 })).toThrow(/npm run build/);
});
