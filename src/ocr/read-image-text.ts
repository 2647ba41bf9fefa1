/**
 * Image bytes → cleaned text, with the work bounded before anything decodes the image: PNG or JPEG only (magic
 * bytes, not the file name or MIME type), at most `maxBytes`, at most `maxPixels`. The engine bounds the time.
 * Nothing is written to disk: the bytes go to the OCR worker in memory.
 */
import { readImageHeader, type ImageHeader } from './image-format';
import { cleanOcrText } from './clean-ocr-text';
import { ImageRejectedError } from '../support/errors';
import type { OcrEngine } from './tesseract-engine';
import { upscaleForOcr } from './upscale-image';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../config/ocr-settings';

export { DEFAULT_IMAGE_LIMITS, type ImageLimits };


/**
 * Images larger than this (pixels) are read with an adaptive threshold: they are whole-screen captures where the
 * window sits on a coloured desktop. 1.5 M lies between a 150 % Event Viewer window (0.9 M) and 1920×1080 (2.1 M).
 */
export const ADAPTIVE_THRESHOLD_PIXELS = 1_500_000;


export interface ImageText {
  /** Cleaned text (codes and host names repaired, wrapped lines joined). */
  text: string;
  /** Tesseract's output as it came. */
  raw: string;
  image: ImageHeader;
  ms: number;
}

/** Throws ImageRejectedError when the bytes are not an acceptable image; OCR errors pass through. */
export function checkImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): ImageHeader {
  if (bytes.byteLength > limits.maxBytes) {
    throw new ImageRejectedError('too_many_bytes', `image is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`);
  }
  const header = readImageHeader(bytes);
  if (!header) throw new ImageRejectedError('not_png_or_jpeg', 'not a PNG or JPEG image');
  if (header.width * header.height > limits.maxPixels) {
    throw new ImageRejectedError('too_many_pixels', `image is ${header.width}×${header.height} pixels; the limit is ${limits.maxPixels} pixels`);
  }
  return header;
}

export async function readImageText(bytes: Uint8Array, engine: OcrEngine, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ImageText> {
  const image = checkImage(bytes, limits);
  const started = Date.now();
  const input = upscaled(bytes, image) ?? bytes;
  const raw = await engine.recognize(input, { adaptiveThreshold: image.width * image.height > ADAPTIVE_THRESHOLD_PIXELS });
  return { text: cleanOcrText(raw), raw, image, ms: Date.now() - started };
}

/** The reader the Slack app is handed: one engine, these limits. */
export function imageReader(engine: OcrEngine, limits: ImageLimits): { maxBytes: number; read(bytes: Uint8Array): Promise<ImageText> } {
  return { maxBytes: limits.maxBytes, read: (bytes) => readImageText(bytes, engine, limits) };
}

function upscaled(bytes: Uint8Array, image: ImageHeader): Uint8Array | undefined {
  try {
    return upscaleForOcr(bytes, image);
  } catch (e) {
    throw new ImageRejectedError('damaged', `the ${image.format.toUpperCase()} data is damaged (${(e as Error).message})`);
  }
}
