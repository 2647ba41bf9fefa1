/**
 * Renders one synthetic screenshot (a ScreenSpec) to PNG or JPEG bytes: Hyper-V Manager and Failover Cluster
 * Manager error dialogs, Event Viewer with an event selected, a PowerShell console, and error-free images (desktop,
 * chart, photo-like noise, a healthy VM list). Deterministic for a given spec. Used by test/ocr and bench:ocr.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { ALT_UI_FONT, UI_FONT, button, errorIcon, font, loadFonts, paragraphs, rng, windowFrame, type Ctx } from './draw-windows';
import { drawConsole, drawEventViewer } from './draw-event-viewer';
import { drawChart, drawDesktop, drawPhoto, drawVmList } from './draw-negatives';
import type { ScreenSpec } from './screens';

const MAX_HEIGHT = 1400;

export interface RenderOptions {
  /** Windows display scale: 1, 1.25 or 1.5. */
  scale: number;
  /** 'jpeg' adds compression artefacts at `jpegQuality`. */
  format: 'png' | 'jpeg';
  jpegQuality?: number;
  /** Amplitude of uniform per-pixel noise, 0–255. */
  noise?: number;
  /** Use DejaVu Sans instead of Liberation Sans for the UI text. */
  altFont?: boolean;
  /** Capture the whole 1920×1080 screen (desktop, Hyper-V Manager behind, the screen centred) instead of the window. */
  fullScreen?: boolean;
  seed?: number;
}

export function renderScreenshot(spec: ScreenSpec, options: RenderOptions): Buffer {
  loadFonts();
  const family = options.altFont ? ALT_UI_FONT : UI_FONT;
  const width = widthOf(spec);
  const s = options.scale;
  const canvas = createCanvas(Math.round(width * s), Math.round(MAX_HEIGHT * s));
  const ctx = canvas.getContext('2d');
  ctx.scale(s, s);
  const height = draw(ctx, spec, width, family, options.seed ?? 1);
  let out = crop(canvas, Math.round(width * s), Math.round(height * s));
  if (options.fullScreen) out = onScreen(out, s, family, options.seed ?? 1);
  if (options.noise) addNoise(out, options.noise, options.seed ?? 1);
  if (options.format === 'jpeg') return out.toBuffer('image/jpeg', options.jpegQuality ?? 80);
  return out.toBuffer('image/png');
}

function widthOf(spec: ScreenSpec): number {
  switch (spec.layout) {
    case 'event-viewer': return 900;
    case 'console': return 980;
    case 'desktop': case 'vm-list': return 1024;
    case 'chart': case 'photo': return 640;
    default: return spec.width ?? 480;
  }
}

/** Draws the spec at 100 % coordinates and returns the content height. */
function draw(ctx: Ctx, spec: ScreenSpec, width: number, family: string, seed: number): number {
  switch (spec.layout) {
    case 'hyperv-dialog': return drawTaskDialog(ctx, spec, width, family);
    case 'cluster-dialog': return drawMessageBox(ctx, spec, width, family);
    case 'event-viewer': return drawEventViewer(ctx, spec, width, family);
    case 'console': return drawConsole(ctx, spec, width);
    case 'desktop': return drawDesktop(ctx, width, family, seed);
    case 'chart': return drawChart(ctx, width, family, seed);
    case 'photo': return drawPhoto(ctx, width, seed);
    case 'vm-list': return drawVmList(ctx, width, family);
  }
}

/** Hyper-V Manager's task dialog: blue main instruction, body text, grey footer with Close. */
function drawTaskDialog(ctx: Ctx, spec: ScreenSpec, width: number, family: string): number {
  const top = windowFrame(ctx, 0, 0, width, MAX_HEIGHT, spec.caption, family);
  errorIcon(ctx, 30, top + 26, 14);
  const textX = 56;
  const textW = width - textX - 20;
  let y = top + 14;
  if (spec.instruction) {
    ctx.fillStyle = '#003399';
    font(ctx, 16, family);
    y = paragraphs(ctx, [spec.instruction], textX, y, textW, 21, 8);
  }
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  y = paragraphs(ctx, spec.body, textX, y, textW, 16, 8);
  const footer = Math.max(y + 10, top + 70);
  ctx.fillStyle = '#f0f0f0';
  ctx.fillRect(1, footer, width - 2, 44);
  button(ctx, width - 88, footer + 10, 75, 'Close', family, true);
  return finishFrame(ctx, width, footer + 44);
}

/** Failover Cluster Manager's message box: icon, text, OK (and a details line such as the error code). */
function drawMessageBox(ctx: Ctx, spec: ScreenSpec, width: number, family: string): number {
  const top = windowFrame(ctx, 0, 0, width, MAX_HEIGHT, spec.caption, family);
  errorIcon(ctx, 36, top + 30, 16);
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  let y = paragraphs(ctx, spec.instruction ? [spec.instruction, ...spec.body] : spec.body, 66, top + 22, width - 86, 16, 10);
  y = Math.max(y + 6, top + 64);
  ctx.fillStyle = '#f0f0f0';
  ctx.fillRect(1, y, width - 2, 42);
  button(ctx, width - 88, y + 9, 75, 'OK', family, true);
  return finishFrame(ctx, width, y + 42);
}

function finishFrame(ctx: Ctx, width: number, height: number): number {
  ctx.strokeStyle = '#7a7a7a';
  ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
  return height;
}

function crop(canvas: Canvas, w: number, h: number): Canvas {
  const out = createCanvas(w, h);
  out.getContext('2d').drawImage(canvas, 0, 0, w, h, 0, 0, w, h);
  return out;
}

const SCREEN = { width: 1920, height: 1080 };

/** The window centred on a 1920×1080 desktop, with Hyper-V Manager open behind it. */
function onScreen(window: Canvas, s: number, family: string, seed: number): Canvas {
  const screen = createCanvas(SCREEN.width, SCREEN.height);
  const ctx = screen.getContext('2d');
  ctx.save();
  ctx.scale(SCREEN.width / 1024, SCREEN.height / 640);
  drawDesktop(ctx, 1024, family, seed);
  ctx.restore();
  ctx.save();
  ctx.translate(120, 60);
  ctx.scale(s, s);
  drawVmList(ctx, 1024, family);
  ctx.restore();
  const x = Math.max(0, Math.round((SCREEN.width - window.width) / 2));
  const y = Math.max(0, Math.round((SCREEN.height - window.height) / 2));
  ctx.drawImage(window, x, y);
  return screen;
}

function addNoise(canvas: Canvas, amplitude: number, seed: number): void {
  const ctx = canvas.getContext('2d');
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const r = rng(seed * 7919);
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const n = (r() - 0.5) * 2 * amplitude;
    d[i] = clamp(d[i] + n); d[i + 1] = clamp(d[i + 1] + n); d[i + 2] = clamp(d[i + 2] + n);
  }
  ctx.putImageData(img, 0, 0);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
