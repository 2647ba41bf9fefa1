/**
 * `npm run bench:ocr`: renders the synthetic screenshot set (every screen at 100/125/150 % DPI, with noise and
 * JPEG damage on some), reads each one with the warm tesseract.js worker and diagnoses it. Prints accuracy per
 * layout, silence on error-free images, and seconds per image. Targets: ≥ 90 % of error screenshots diagnosed
 * correctly, ≤ 3 s per image on 2 cores. `--quick` reads one copy per screen; `--engine=cli` measures Debian's
 * tesseract binary instead of the tesseract.js worker (the comparison in the README ("Screenshots of error dialogs")).
 */
import { loadKnowledgeIndex } from '../../src/knowledge/load-index';
import { loadConfig } from '../../src/config/load-config';
import { createTesseractEngine } from '../../src/ocr/tesseract-engine';
import { createTesseractCliEngine } from './tesseract-cli-engine';
import { diagnoseImage } from '../../src/ocr/diagnose-image';
import { ERROR_SCREENS, SILENT_SCREENS, fullScreenVariants, shrunkVariants, variants } from '../screenshots/screens';
import { renderScreenshot } from '../screenshots/render-screenshot';
import { repoRoot } from '../repo-root';

interface Row { name: string; layout: string; expect: string | null; got: string | null; seconds: number; codeRead?: boolean }

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const index = loadKnowledgeIndex(loadConfig(process.env, repoRoot()).knowledge);
  const all = [...ERROR_SCREENS, ...SILENT_SCREENS];
  const set = [...variants(all, quick), ...(quick ? [] : [...fullScreenVariants(all), ...shrunkVariants(all)])];
  const images = set.map((v) => ({ v, bytes: renderScreenshot(v.spec, v.options) }));
  const cli = process.argv.includes('--engine=cli');
  const engine = cli ? createTesseractCliEngine() : createTesseractEngine();
  console.log(`engine: ${cli ? 'Debian tesseract binary, one process per image' : 'tesseract.js, one warm worker'}; ${images.length} images`);
  const rows: Row[] = [];
  try {
    const warm = Date.now();
    await engine.recognize(images[0].bytes); // start the worker and load the model once, outside the timings
    const warmup = (Date.now() - warm) / 1000;
    for (const { v, bytes } of images) {
      const t0 = process.hrtime.bigint();
      const r = await diagnoseImage(bytes, index, engine);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const code = /0x[0-9A-F]{8}/.exec(v.spec.body.join(' '))?.[0];
      const codeRead = code === undefined ? undefined : r.recognizedText.includes(code);
      const layout = v.options.fullScreen ? 'full screen' : v.options.scale < 1 ? 'shrunk 75 %' : v.spec.layout;
      rows.push({ name: v.name, layout, expect: v.spec.expect, got: r.diagnosis.entry?.id ?? null, seconds, codeRead });
    }
    report(rows, warmup);
  } finally {
    await engine.close();
  }
}

function report(rows: Row[], warmup: number): void {
  const errors = rows.filter((r) => r.expect !== null);
  const silent = rows.filter((r) => r.expect === null);
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
  const right = (r: Row) => r.got === r.expect;
  console.log('layout          images  correct  s/image (mean)');
  for (const layout of [...new Set(rows.map((r) => r.layout))]) {
    const of = rows.filter((r) => r.layout === layout);
    const mean = of.reduce((a, r) => a + r.seconds, 0) / of.length;
    console.log(`${layout.padEnd(15)} ${String(of.length).padStart(6)}  ${pct(of.filter(right).length, of.length).padStart(7)}  ${mean.toFixed(2).padStart(14)}`);
  }
  const times = rows.map((r) => r.seconds).sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log('');
  console.log(`error screenshots diagnosed correctly: ${errors.filter(right).length}/${errors.length} = ${pct(errors.filter(right).length, errors.length)} (target ≥ 90 %)`);
  const withCode = rows.filter((r) => r.codeRead !== undefined);
  console.log(`error codes read exactly (0x…):       ${withCode.filter((r) => r.codeRead).length}/${withCode.length}`);
  console.log(`error-free images left silent:        ${silent.filter(right).length}/${silent.length}`);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(`seconds per image: mean ${mean.toFixed(2)}, p50 ${q(0.5)}, p95 ${q(0.95)}, max ${times[times.length - 1].toFixed(2)} (target ≤ 3 s); worker start ${warmup.toFixed(2)} s`);
  for (const r of rows.filter((x) => !right(x))) console.log(`  wrong: ${r.name} expected ${r.expect ?? 'silence'}, got ${r.got ?? 'silence'}`);
  for (const r of withCode.filter((x) => !x.codeRead)) console.log(`  code misread: ${r.name}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
