/**
 * OcrEngine in a child process: the service forks dist/ocr/ocr-child.js on the first image and stops it after
 * `idleMs` without one, so a burst of large screenshots leaves no memory behind in the service (tesseract's
 * WebAssembly heap is the child's). Errors come back as the same classes (OcrTimeoutError, OcrBusyError); a child
 * that dies fails its images and the next image starts a fresh one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OcrBusyError, OcrTimeoutError } from '../support/errors';
import type { OcrEngine, RecognizeOptions } from './tesseract-engine';

export interface OcrRequest { id: number; image: Uint8Array; options: RecognizeOptions }
export type OcrResponse = { id: number; text: string } | { id: number; error: { name: string; message: string } };

export interface OcrProcessOptions {
  /** The compiled child module (dist/ocr/ocr-child.js). */
  childFile: string;
  timeoutMs: number;
  maxQueue?: number;
  /** Stop the child after this long without an image; 0 keeps it. */
  idleMs: number;
}

interface Pending { child: ChildProcess; resolve(text: string): void; reject(error: Error): void }

export function createOcrProcessEngine(o: OcrProcessOptions): OcrEngine {
  if (!existsSync(o.childFile)) throw new Error(`the OCR child ${o.childFile} is missing: run npm run build`);
  let child: ChildProcess | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let idleTimer: NodeJS.Timeout | undefined;

  /** A process that ended fails the images it held (not those a newer process took). */
  const failOf = (c: ChildProcess, error: Error) => {
    for (const [id, p] of pending) {
      if (p.child !== c) continue;
      pending.delete(id);
      p.reject(error);
    }
  };
  const start = (): ChildProcess => {
    if (child) return child;
    const c = fork(o.childFile, [], {
      serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, LM_OCR_CHILD_TIMEOUT_MS: String(o.timeoutMs), LM_OCR_CHILD_MAX_QUEUE: String(o.maxQueue ?? '') },
    });
    c.on('message', (m: OcrResponse) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('text' in m) p.resolve(m.text);
      else p.reject(revive(m.error, o));
      armIdle();
    });
    c.on('exit', () => {
      if (child === c) child = undefined;
      failOf(c, new Error('the OCR process stopped'));
    });
    child = c;
    return c;
  };
  const stop = async (): Promise<void> => {
    clearTimeout(idleTimer);
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    if (c.connected) c.disconnect();
    else c.kill();
    const timer = setTimeout(() => c.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  const armIdle = () => {
    clearTimeout(idleTimer);
    if (o.idleMs > 0 && pending.size === 0) idleTimer = setTimeout(() => { if (pending.size === 0) void stop(); }, o.idleMs).unref();
  };

  return {
    recognize(image, options = {}) {
      clearTimeout(idleTimer);
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        const c = start();
        pending.set(id, { child: c, resolve, reject });
        c.send({ id, image, options } satisfies OcrRequest, (error) => {
          if (error && pending.delete(id)) reject(error);
        });
      });
    },
    close: stop,
    get running() { return child !== undefined; },
  };
}

function revive(e: { name: string; message: string }, o: OcrProcessOptions): Error {
  if (e.name === 'OcrTimeoutError') return new OcrTimeoutError(o.timeoutMs);
  if (e.name === 'OcrBusyError') return new OcrBusyError(o.maxQueue ?? 4);
  return Object.assign(new Error(e.message), { name: e.name });
}
