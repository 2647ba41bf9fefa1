/**
 * Synthetic screenshots (rendered here with @napi-rs/canvas and Debian's fonts) through the real tesseract.js worker
 * and the real knowledge base: each error screen must come out as its entry, error-free images must stay silent.
 * One warm worker serves the whole file.
 */
import { ERROR_SCREENS, SILENT_SCREENS, fullScreenVariants, shrunkVariants, variants, type ScreenSpec, type ScreenVariant } from '../../tools/screenshots/screens';
import { renderScreenshot } from '../../tools/screenshots/render-screenshot';
import { createTesseractEngine, type OcrEngine } from '../../src/ocr/tesseract-engine';
import { diagnoseImage } from '../../src/ocr/diagnose-image';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { OcrBusyError, OcrTimeoutError } from '../../src/support/errors';
import { knowledgeIndex } from '../support/slack-test-app';

jest.setTimeout(30_000);

/** Nine error screens (two in German and French) and four silent ones over every layout and DPI (one copy each), two whole-screen captures, one shrunk. */
const ERRORS = ['credssp-dialog', 'credssp-event', 'possible-owner-dialog', 'spn-event', 'memory-dialog', 'cluster-resource-event',
  'possible-owner-console', 'credssp-dialog-de', 'credssp-dialog-fr'];
const SILENT = ['desktop', 'cpu-chart', 'photo', 'vm-list'];
function screen(id: string): ScreenSpec {
  const spec = [...ERROR_SCREENS, ...SILENT_SCREENS].find((s) => s.id === id);
  if (!spec) throw new Error(`no screen ${id} in tools/screenshots/screens.ts`);
  return spec;
}
const picked = variants([...ERRORS, ...SILENT].map(screen), true)
  .concat(fullScreenVariants([ERROR_SCREENS[0], SILENT_SCREENS[0]]), shrunkVariants([screen('spn-event')]));

let engine: OcrEngine;
beforeAll(() => { engine = createTesseractEngine(); });
afterAll(async () => { await engine.close(); });

const screenText = (v: ScreenVariant) => [v.spec.caption, v.spec.instruction ?? '', ...(v.spec.prompt ?? []), ...v.spec.body].join('\n');

describe('synthetic screenshots', () => {
  it('covers 100, 125 and 150 % DPI, a shrunk capture, JPEG and every layout', () => {
    expect(new Set(picked.map((v) => v.options.scale))).toEqual(new Set([0.75, 1, 1.25, 1.5]));
    expect(picked.some((v) => v.options.format === 'jpeg')).toBe(true);
    expect(new Set(picked.map((v) => v.spec.layout)).size).toBe(8);
    expect(picked.filter((v) => v.options.fullScreen).map((v) => v.name)).toEqual(['credssp-dialog@100-fullscreen', 'desktop@125-fullscreen-jpeg']);
    expect(picked.filter((v) => v.options.scale < 1).map((v) => v.name)).toEqual(['spn-event@75-shrunk']);
  });

  // The screens' own text must diagnose as expected; otherwise an OCR failure below is a knowledge-base change.
  test.each(picked.map((v) => [v.name, v] as const))('the text of %s diagnoses as expected', (_name, v) => {
    expect(diagnosePaste(screenText(v), knowledgeIndex()).entry?.id ?? null).toBe(v.spec.expect);
  });

  test.each(picked.map((v) => [v.name, v] as const))('%s read by OCR', async (_name, v) => {
    const r = await diagnoseImage(renderScreenshot(v.spec, v.options), knowledgeIndex(), engine);
    expect({ entry: r.diagnosis.entry?.id ?? null }).toEqual({ entry: v.spec.expect });
    if (v.spec.expect) expect(r.errorLine).toEqual(expect.any(String));
    else expect(r.errorLine).toBeUndefined();
  });
});

describe('German and French screens', () => {
  test.each(['credssp-dialog-de', 'credssp-dialog-fr'])('%s: the English model still reads the localized Windows message', async (id) => {
    const r = await diagnoseImage(renderScreenshot(screen(id), { scale: 1, format: 'png' }), knowledgeIndex(), engine);
    expect(r.diagnosis.signals.filter((sig) => sig.kind === 'localized').map((sig) => sig.value)).toHaveLength(1);
  });
});

describe('tesseract engine bounds', () => {
  const image = () => renderScreenshot(ERROR_SCREENS[0], { scale: 1, format: 'png' });

  it('refuses images beyond the queue, then recovers', async () => {
    const small = createTesseractEngine({ maxQueue: 0 });
    try {
      const first = small.recognize(image());
      await expect(small.recognize(image())).rejects.toBeInstanceOf(OcrBusyError);
      await expect(first).resolves.toContain('security package');
    } finally {
      await small.close();
    }
  });

  it('stops its worker after a quiet spell (its memory goes back) and starts a fresh one for the next image', async () => {
    const quiet = createTesseractEngine({ idleMs: 300 });
    try {
      await expect(quiet.recognize(image())).resolves.toContain('security package');
      expect(quiet.running).toBe(true);
      const until = Date.now() + 5000;
      while (quiet.running && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(quiet.running).toBe(false);
      await expect(quiet.recognize(image())).resolves.toContain('security package');
    } finally {
      await quiet.close();
    }
  });

  it('stops a recognition past its time limit, and the next image gets a fresh worker instead of waiting', async () => {
    const slow = createTesseractEngine({ timeoutMs: 1 });
    try {
      await expect(slow.recognize(image())).rejects.toBeInstanceOf(OcrTimeoutError);
      const started = Date.now();
      await expect(slow.recognize(image())).rejects.toBeInstanceOf(OcrTimeoutError);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await slow.close();
    }
    await expect(engine.recognize(image())).resolves.toContain('security package');
  });
});
