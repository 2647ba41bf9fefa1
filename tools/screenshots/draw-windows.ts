/**
 * Drawing helpers for synthetic Windows screenshots (the OCR test and bench set): a window frame with its title
 * bar, task-dialog icons, buttons, and word-wrapped text. Sizes are in 100 % DPI pixels; the context is scaled by
 * the caller for 125 % / 150 %. Fonts come from Debian packages (scripts/install-ocr-deps.sh): Liberation Sans
 * stands in for Segoe UI, DejaVu Sans Mono for Consolas.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

export const UI_FONT = 'Liberation Sans';
export const ALT_UI_FONT = 'DejaVu Sans';
export const MONO_FONT = 'DejaVu Sans Mono';

const FONT_FILES: Array<[string, string]> = [
  ['/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf', UI_FONT],
  ['/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf', UI_FONT],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', ALT_UI_FONT],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', ALT_UI_FONT],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', MONO_FONT],
];

let fontsLoaded = false;

/** Registers the fonts once; throws with the fix when a font package is missing. */
export function loadFonts(): void {
  if (fontsLoaded) return;
  const missing = FONT_FILES.filter(([file]) => !existsSync(file)).map(([file]) => file);
  if (missing.length > 0) {
    throw new Error(`fonts missing (${missing.join(', ')}): run scripts/install-ocr-deps.sh`);
  }
  for (const [file, family] of FONT_FILES) GlobalFonts.registerFromPath(file, family);
  fontsLoaded = true;
}

export type Ctx = SKRSContext2D;

export function font(ctx: Ctx, px: number, family: string, bold = false): void {
  ctx.font = `${bold ? 'bold ' : ''}${px}px "${family}"`;
}

/** Splits a paragraph into lines no wider than `width` at the current font; long words are kept whole. */
export function wrap(ctx: Ctx, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Draws wrapped paragraphs from (x, y); returns the y below the last line. */
export function paragraphs(ctx: Ctx, texts: string[], x: number, y: number, width: number, lineHeight: number, gap: number): number {
  ctx.textBaseline = 'top';
  for (const text of texts) {
    for (const line of wrap(ctx, text, width)) {
      ctx.fillText(line, x, y);
      y += lineHeight;
    }
    y += gap;
  }
  return y;
}

/** A Windows 10/11 window: white title bar with the caption and the close glyph, 1 px border. */
export function windowFrame(ctx: Ctx, x: number, y: number, w: number, h: number, caption: string, family: string): number {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = '#7a7a7a';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  ctx.textBaseline = 'middle';
  ctx.fillText(caption, x + 10, y + 16);
  ctx.strokeStyle = '#333333';
  ctx.beginPath();
  ctx.moveTo(x + w - 28, y + 11); ctx.lineTo(x + w - 18, y + 21);
  ctx.moveTo(x + w - 18, y + 11); ctx.lineTo(x + w - 28, y + 21);
  ctx.stroke();
  return y + 31;
}

/** The red round error icon of a task dialog / message box. */
export function errorIcon(ctx: Ctx, cx: number, cy: number, r: number): void {
  ctx.fillStyle = '#e81123';
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(2, r / 5);
  const d = r * 0.42;
  ctx.beginPath();
  ctx.moveTo(cx - d, cy - d); ctx.lineTo(cx + d, cy + d);
  ctx.moveTo(cx + d, cy - d); ctx.lineTo(cx - d, cy + d);
  ctx.stroke();
  ctx.lineWidth = 1;
}

export function button(ctx: Ctx, x: number, y: number, w: number, label: string, family: string, isDefault = false): void {
  ctx.fillStyle = '#e1e1e1';
  ctx.fillRect(x, y, w, 23);
  ctx.strokeStyle = isDefault ? '#0078d7' : '#adadad';
  ctx.lineWidth = isDefault ? 2 : 1;
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, 22);
  ctx.lineWidth = 1;
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(label, x + w / 2, y + 12);
  ctx.textAlign = 'left';
}

/** A small deterministic PRNG so every generated image is the same on every run. */
export { seededRandom as rng } from '../../src/core/seeded-random';
