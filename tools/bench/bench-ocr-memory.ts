/**
 * `npm run bench:ocr-memory`: the OCR worker's memory after a burst of large screenshots. Reads three 16-megapixel
 * images (4096 × 4096: a rendered error dialog on a large canvas) through the OCR child process the service uses
 * (`--engine=thread`: tesseract's worker thread in this process instead), waits for the idle stop (LM_OCR_IDLE_MS,
 * shortened here with --idle-ms, default 5000) and a settling time (--settle-ms, default 20000), and prints this
 * process's RSS at idle, after the burst, and after the idle stop. Target (issue 14): within 30 MB of idle a minute
 * after the burst.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { join } from 'node:path';
import { createTesseractEngine } from '../../src/ocr/tesseract-engine';
import { createOcrProcessEngine } from '../../src/ocr/ocr-process';
import { repoRoot } from '../repo-root';
import { readImageText } from '../../src/ocr/read-image-text';
import { renderScreenshot } from '../screenshots/render-screenshot';
import { ERROR_SCREENS } from '../screenshots/screens';

const SIDE = 4096;
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bigScreenshot(i: number): Promise<Buffer> {
  const dialog = await loadImage(renderScreenshot(ERROR_SCREENS[i % ERROR_SCREENS.length], { scale: 1.5, format: 'png' }));
  const canvas = createCanvas(SIDE, SIDE);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1d5d8c';
  ctx.fillRect(0, 0, SIDE, SIDE);
  ctx.drawImage(dialog, 300 + i * 200, 400 + i * 150);
  return canvas.toBuffer('image/png');
}

async function main(): Promise<void> {
  const idleMs = arg('idle-ms', 5000);
  const images = await Promise.all([0, 1, 2].map(bigScreenshot));
  // --engine=thread: tesseract's worker thread inside this process; default: the child process the service uses.
  const inThread = process.argv.includes('--engine=thread');
  const engine = inThread
    ? createTesseractEngine({ idleMs, timeoutMs: 120_000 })
    : createOcrProcessEngine({ childFile: join(repoRoot(), 'dist', 'ocr', 'ocr-child.js'), idleMs, timeoutMs: 120_000 });
  global.gc?.();
  await sleep(500);
  const idle = mb();
  const started = Date.now();
  for (const image of images) await readImageText(image, engine, { maxBytes: 50 * 1024 * 1024, maxPixels: SIDE * SIDE });
  const afterBurst = mb();
  const burstSeconds = ((Date.now() - started) / 1000).toFixed(1);
  while (engine.running) await sleep(100);
  // What an operator sees a minute after the burst: the idle stop, then time for the collector.
  await sleep(arg('settle-ms', 20_000));
  global.gc?.();
  const afterIdle = mb();
  process.stdout.write([
    `OCR memory (${inThread ? 'worker thread in this process' : 'child process, as the service runs it'}), three ${SIDE}×${SIDE} screenshots (${burstSeconds} s), idle stop after ${idleMs} ms`,
    `RSS at idle (engine created, no worker yet): ${idle} MB`,
    `RSS after the burst:                          ${afterBurst} MB (+${afterBurst - idle})`,
    `RSS after the idle stop:                      ${afterIdle} MB (+${afterIdle - idle}; target ≤ +30 MB: ${afterIdle - idle <= 30 ? 'met' : 'not met'})`,
    '',
  ].join('\n'));
  await engine.close();
}

void main();
