/**
 * The structured logger the Slack shell writes to: pino's call shape (`logger.info(fields, message)`), so pino is
 * the production implementation and tests pass a recorder. Never give it a token, secret or password.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything (benchmarks). */
export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The fields of an error worth logging, without anything a Slack reply must not show. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  return { error: error.message, errorName: error.name, ...(code !== undefined ? { code } : {}), stack: error.stack };
}

/** The levels of lm-doctor's JSON log (pino's), most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
