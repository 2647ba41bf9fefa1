/**
 * OcrEngine over tesseract.js: one warm worker thread (WebAssembly Tesseract 5, LSTM only) with the English
 * `4.0.0_best_int` model read from the @tesseract.js-data/eng package, so nothing is downloaded at run time and no
 * cache file is written. Images are handed over as bytes (never as a path or URL, which tesseract.js would fetch),
 * decoded inside WebAssembly, and recognised one at a time; a recognition past its time limit terminates the worker
 * and the next image starts a fresh one. the README ("Screenshots of error dialogs") has the measurements behind this choice.
 */
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { DEFAULT_OCR_IDLE_MS, DEFAULT_OCR_TIMEOUT_MS } from '../config/ocr-settings';
import { OcrBusyError, OcrTimeoutError } from '../support/errors';

export interface RecognizeOptions {
  /**
   * Binarise with Sauvola's local threshold instead of Tesseract's global Otsu. Whole-screen captures need it (a
   * white dialog on a coloured desktop loses its text under one global threshold); on window crops it reads less.
   */
  adaptiveThreshold?: boolean;
}

/** Reads the text of one image (PNG or JPEG bytes already checked by readImageText). */
export interface OcrEngine {
  recognize(image: Uint8Array, options?: RecognizeOptions): Promise<string>;
  /** Stops the worker; later calls start a new one. */
  close(): Promise<void>;
  /** Whether a worker is up (it stops itself after `idleMs` without an image). */
  readonly running?: boolean;
}

export interface TesseractEngineOptions {
  /** Bound on one recognition, in milliseconds (waiting in the queue not included). Default 15000. */
  timeoutMs?: number;
  /** Images allowed to wait behind the one being read; more are refused with OcrBusyError. Default 4. */
  maxQueue?: number;
  /**
   * The worker is terminated after this long without an image, returning its memory (a WebAssembly heap grown by
   * large screenshots never shrinks: three 16-megapixel images left about 100 MB behind); the next image starts a
   * fresh one (about a second). Default 30,000 ms; 0 keeps it forever.
   */
  idleMs?: number;
}

export { DEFAULT_OCR_TIMEOUT_MS };
export const DEFAULT_OCR_QUEUE = 4;

/** Directory holding eng.traineddata.gz inside the npm package (integer-quantised "best" LSTM model). */
export function englishModelDir(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export function createTesseractEngine(options: TesseractEngineOptions = {}): OcrEngine {
  const timeoutMs = options.timeoutMs ?? DEFAULT_OCR_TIMEOUT_MS;
  const maxQueue = options.maxQueue ?? DEFAULT_OCR_QUEUE;
  let worker: Promise<Worker> | undefined;
  /** The thresholding_method the current worker is set to ('0' Otsu, '2' Sauvola). */
  let threshold = '0';
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const idleMs = options.idleMs ?? DEFAULT_OCR_IDLE_MS;
  let idleTimer: NodeJS.Timeout | undefined;
  /** After the last image of a burst: stop the worker once it has been idle for idleMs. */
  const armIdle = () => {
    clearTimeout(idleTimer);
    if (idleMs > 0 && waiting === 0) idleTimer = setTimeout(() => { if (waiting === 0) void stop(); }, idleMs).unref();
  };

  const start = (): Promise<Worker> => {
    worker ??= startWorker().catch((error: unknown) => {
      worker = undefined;
      throw error;
    });
    return worker;
  };
  const stop = async (): Promise<void> => {
    clearTimeout(idleTimer);
    const current = worker;
    worker = undefined;
    threshold = '0';
    if (current) await current.then((w) => w.terminate(), () => undefined);
  };

  const readOne = async (image: Uint8Array, options: RecognizeOptions): Promise<string> => {
    const w = await start();
    const wanted = options.adaptiveThreshold ? '2' : '0';
    if (wanted !== threshold) {
      await w.setParameters({ thresholding_method: wanted });
      threshold = wanted;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      const result = await Promise.race([w.recognize(Buffer.from(image)), timeout]);
      return result.data.text;
    } catch (error) {
      // A timed-out or crashed worker may still be busy: replace it rather than queue behind it.
      await stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    recognize(image: Uint8Array, options: RecognizeOptions = {}): Promise<string> {
      if (waiting > maxQueue) return Promise.reject(new OcrBusyError(maxQueue));
      waiting += 1;
      clearTimeout(idleTimer);
      const job = tail.then(() => readOne(image, options)).finally(() => { waiting -= 1; armIdle(); });
      tail = job.catch(() => undefined);
      return job;
    },
    close: stop,
    get running() { return worker !== undefined; },
  };
}

async function startWorker(): Promise<Worker> {
  const w = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: englishModelDir(),
    gzip: true,
    cacheMethod: 'none',
    logger: () => undefined,
    errorHandler: () => undefined,
  });
  // Screenshots mix dialog text, tables and field grids: automatic page segmentation reads them best.
  // debug_file keeps Tesseract's "Estimating resolution" notes off our stdout (which carries JSON logs).
  await w.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
  return w;
}
