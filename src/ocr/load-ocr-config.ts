/** The OCR slice of lm-doctor's configuration, read from an environment-like object. Pure. */
import { ConfigError } from '../errors';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './read-image-text';
import { DEFAULT_OCR_TIMEOUT_MS } from './tesseract-engine';

export interface OcrConfig extends ImageLimits {
  /** LM_OCR=false turns screenshot reading off in Slack. Default on. */
  enabled: boolean;
  /** Bound on one recognition, in milliseconds. Default 15000 (LM_OCR_TIMEOUT_MS). */
  timeoutMs: number;
}

const LIMITS: Array<[keyof OcrConfig, string, number, number]> = [
  ['maxBytes', 'LM_OCR_MAX_BYTES', 1024, 50 * 1024 * 1024],
  ['maxPixels', 'LM_OCR_MAX_PIXELS', 10_000, 100_000_000],
  ['timeoutMs', 'LM_OCR_TIMEOUT_MS', 500, 120_000],
];

/** Throws ConfigError listing every problem at once. */
export function loadOcrConfig(env: Record<string, string | undefined>): OcrConfig {
  const problems: string[] = [];
  const config: OcrConfig = { enabled: true, ...DEFAULT_IMAGE_LIMITS, timeoutMs: DEFAULT_OCR_TIMEOUT_MS };
  const enabled = env.LM_OCR?.trim();
  if (enabled && /^(false|0|no|off)$/i.test(enabled)) config.enabled = false;
  else if (enabled && !/^(true|1|yes|on)$/i.test(enabled)) problems.push(`LM_OCR must be true or false (got "${enabled}")`);
  for (const [key, name, min, max] of LIMITS) {
    const value = env[name]?.trim();
    if (!value) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    else (config[key] as number) = n;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
