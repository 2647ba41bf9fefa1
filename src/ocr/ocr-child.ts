/**
 * The OCR child process (ocr-process.ts forks it): one tesseract engine, fed images over IPC. Its memory (a
 * WebAssembly heap that grows with large screenshots and never shrinks) goes back to the system when the parent
 * stops it after a quiet spell, which a worker thread inside the service process cannot do.
 */
import { createTesseractEngine } from './tesseract-engine';
import type { OcrRequest, OcrResponse } from './ocr-process';

const engine = createTesseractEngine({
  timeoutMs: Number(process.env.LM_OCR_CHILD_TIMEOUT_MS) || undefined,
  maxQueue: Number(process.env.LM_OCR_CHILD_MAX_QUEUE) || undefined,
  idleMs: 0,
});

process.on('message', (m: OcrRequest) => {
  engine.recognize(Buffer.from(m.image), m.options).then(
    (text) => reply({ id: m.id, text }),
    (error: unknown) => reply({ id: m.id, error: { name: (error as Error).name ?? 'Error', message: (error as Error).message ?? String(error) } }),
  );
});
process.on('disconnect', () => { void engine.close().finally(() => process.exit(0)); });

function reply(r: OcrResponse): void {
  process.send?.(r);
}
