/**
 * The production logger: pino JSON lines at LOG_LEVEL. Two layers keep secrets out: fields whose names say
 * "secret" (token, password, authorization, …) are censored by pino's redact, and every string in a log call is
 * scrubbed of the configured secret values (bot and app tokens, signing secret, bind password, Redis password), so
 * even an error message that echoes one is safe.
 */
import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevelName } from './logger';

export interface LoggerOptions {
  level: LogLevelName;
  /** Secret values to scrub from every log line (empty and very short strings are ignored). */
  secrets?: readonly (string | undefined)[];
  /** Where the JSON lines go. Default standard output. */
  destination?: DestinationStream;
}

export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'password', 'bindPassword', 'authorization', 'redisUrl',
  'headers.authorization', 'headers["x-slack-signature"]', 'config.botToken', 'config.appToken', 'config.signingSecret',
  'config.bindPassword', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.password', '*.bindPassword', '*.authorization',
];

/** Replaces every occurrence of a secret in strings, arrays and plain objects (bounded depth). */
export function scrubSecrets(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') {
    let out = value;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubSecrets(value.message, secrets), stack: scrubSecrets(value.stack, secrets) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubSecrets(v, secrets, depth + 1);
  return out;
}

export function createLogger(options: LoggerOptions): PinoLogger {
  // Secrets shorter than 6 characters would scrub ordinary words; configuration validation keeps real ones longer.
  const secrets = [...new Set(options.secrets ?? [])].filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return pino({
    base: { app: 'lm-doctor' },
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_KEYS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubSecrets(a, secrets)) as Parameters<typeof method>);
      },
    },
  }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

/**
 * What a log line says about a message's text: a short hash (to correlate repeats without reading them) and the
 * length; the text itself only when LOG_PASTES=true.
 */
export function textFields(text: string, logPastes: boolean): Record<string, unknown> {
  const textHash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { textHash, textChars: text.length, ...(logPastes ? { text: text.slice(0, 8192) } : {}) };
}
