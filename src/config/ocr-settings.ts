/** The OCR slice of the configuration: whether screenshots are read in Slack, and the bounds on one image. */
import { createEnvReader, type Env, type EnvReader } from './read-env';
import { ConfigError } from '../support/errors';

export interface ImageLimits {
  /** Largest accepted file, in bytes. Default 5 MiB (LM_OCR_MAX_BYTES). */
  maxBytes: number;
  /** Largest accepted image, in pixels (width × height). Default 16.8 million (4096 × 4096; a 4K screen is 8.3 M). */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({ maxBytes: 5 * 1024 * 1024, maxPixels: 4096 * 4096 });
export const DEFAULT_OCR_TIMEOUT_MS = 15_000;
export const DEFAULT_OCR_IDLE_MS = 30_000;

export interface OcrConfig extends ImageLimits {
  /** LM_OCR=false turns screenshot reading off in Slack. Default on. */
  enabled: boolean;
  /** Bound on one recognition, in milliseconds. Default 15000 (LM_OCR_TIMEOUT_MS). */
  timeoutMs: number;
  /** The OCR worker stops after this long without an image, returning its memory; 0 keeps it. Default 30000 (LM_OCR_IDLE_MS). */
  idleMs: number;
}

export function readOcrConfig(r: EnvReader): OcrConfig {
  const whole = (name: string, fallback: number, min: number, max: number, unit: string) => r.integer(name, { fallback, min, max, unit });
  return {
    enabled: r.boolean('LM_OCR', true),
    maxBytes: whole('LM_OCR_MAX_BYTES', DEFAULT_IMAGE_LIMITS.maxBytes, 1024, 50 * 1024 * 1024, 'a number of bytes'),
    maxPixels: whole('LM_OCR_MAX_PIXELS', DEFAULT_IMAGE_LIMITS.maxPixels, 10_000, 100_000_000, 'a number of pixels'),
    timeoutMs: whole('LM_OCR_TIMEOUT_MS', DEFAULT_OCR_TIMEOUT_MS, 500, 120_000, 'a number of milliseconds'),
    idleMs: whole('LM_OCR_IDLE_MS', DEFAULT_OCR_IDLE_MS, 0, 3_600_000, 'a number of milliseconds (0 = keep the worker)'),
  };
}

/** The slice alone (tests, tools): throws ConfigError listing every problem. */
export function loadOcrConfig(env: Env): OcrConfig {
  const r = createEnvReader(env);
  const config = readOcrConfig(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
