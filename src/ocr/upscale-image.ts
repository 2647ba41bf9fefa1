/**
 * Small images → twice the size, as PPM bytes for the OCR worker. Tesseract's LSTM model reads
 * text of about 20 px and up best; a window captured at 100 % DPI has 12 px text, and a screenshot shrunk by an RDP
 * window or an image editor has less (at 75 % only 2 of 17 error screens were read, at 2× all 17: the README ("Screenshots of error dialogs")).
 * Decoding uses pure-JavaScript decoders (pngjs, jpeg-js) with their own memory bounds. Pure apart from CPU time.
 */
import { PNG } from 'pngjs';
import { decode as decodeJpeg } from 'jpeg-js';
import type { ImageHeader } from './image-format';

/** Images up to this many pixels are scaled up (so the OCR input stays ≤ 4 × this). 1920×1080 is 2.07 M. */
export const UPSCALE_MAX_PIXELS = 1_000_000;
export const UPSCALE_FACTOR = 2;

interface Rgba { width: number; height: number; data: Uint8Array }

function decode(bytes: Uint8Array, header: ImageHeader): Rgba {
  if (header.format === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: png.data };
  }
  const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 5, maxMemoryUsageInMB: 64 });
  return { width: jpeg.width, height: jpeg.height, data: jpeg.data };
}

/** RGB over white (transparent pixels as a screenshot tool shows them), 3 bytes per pixel. */
function rgb(img: Rgba): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 3);
  const d = img.data;
  for (let i = 0, o = 0; i < d.length; i += 4, o += 3) {
    const a = d[i + 3] / 255;
    for (let c = 0; c < 3; c++) out[o + c] = Math.round(d[i + c] * a + 255 * (1 - a));
  }
  return out;
}

/** Bilinear resampling of 3-channel pixels by an integer factor, sampling at pixel centres. */
function scale(src: Uint8Array, w: number, h: number, f: number): Uint8Array {
  const W = w * f;
  const H = h * f;
  const out = new Uint8Array(W * H * 3);
  const xs = Array.from({ length: W }, (_, X) => {
    const sx = Math.min(w - 1, Math.max(0, (X + 0.5) / f - 0.5));
    const x0 = Math.floor(sx);
    return { a: x0 * 3, b: Math.min(w - 1, x0 + 1) * 3, f: sx - x0 };
  });
  for (let Y = 0; Y < H; Y++) {
    const sy = Math.min(h - 1, Math.max(0, (Y + 0.5) / f - 0.5));
    const y0 = Math.floor(sy);
    const r0 = y0 * w * 3;
    const r1 = Math.min(h - 1, y0 + 1) * w * 3;
    const fy = sy - y0;
    for (let X = 0; X < W; X++) {
      const { a, b, f: fx } = xs[X];
      const o = (Y * W + X) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[r0 + a + c] * (1 - fx) + src[r0 + b + c] * fx;
        const bottom = src[r1 + a + c] * (1 - fx) + src[r1 + b + c] * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}

/**
 * The image twice the size as PPM (P6) bytes, or undefined when it is too large to be worth scaling. Colour is kept:
 * Tesseract's own grey conversion reads red-on-black console text that a plain luma conversion washes out.
 */
export function upscaleForOcr(bytes: Uint8Array, header: ImageHeader): Uint8Array | undefined {
  if (header.width * header.height > UPSCALE_MAX_PIXELS) return undefined;
  const img = decode(bytes, header);
  const f = UPSCALE_FACTOR;
  const pixels = scale(rgb(img), img.width, img.height, f);
  const head = Buffer.from(`P6\n${img.width * f} ${img.height * f}\n255\n`, 'latin1');
  return Buffer.concat([head, pixels]);
}
