/**
 * loadOpsConfig(env): the operations slice of lm-doctor's configuration (logs, the health/metrics server, Redis,
 * shutdown). Pure: tests pass plain objects. Every problem is reported at once (ConfigError), each saying what to
 * set; the Redis URL's password never appears in a message.
 */
import { ConfigError } from '../errors';
import { readEnv as read, readWholeNumber as readInt, type Env } from '../env-values';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface OpsConfig {
  /** pino level for lm-doctor's JSON log. Default `info`. */
  logLevel: LogLevelName;
  /** Include pasted text in log lines (otherwise only a short hash and the length). Default false. */
  logPastes: boolean;
  /** Port of the /healthz, /readyz and /metrics server. Default 9100; 0 picks a free port. */
  metricsPort: number;
  /** Address the ops server listens on. Default all interfaces (0.0.0.0), like the app's own port. */
  metricsHost?: string;
  /** redis://[:password@]host:port[/db]; shared dedupe and rate limits across replicas. Never logged. */
  redisUrl?: string;
  /** Bound on finishing in-flight replies after SIGTERM/SIGINT. Default 10,000 ms. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_METRICS_PORT = 9100;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** The names of every variable this module reads, for docs. */
export const OPS_ENV = ['LOG_LEVEL', 'LOG_PASTES', 'METRICS_PORT', 'METRICS_HOST', 'REDIS_URL', 'SHUTDOWN_TIMEOUT_MS'] as const;

/** A Redis URL for messages: the password replaced by ***. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL (unparseable)';
  }
}

export function loadOpsConfig(env: Env): OpsConfig {
  const problems: string[] = [];
  const rawLevel = read(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === rawLevel);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${rawLevel.slice(0, 20)}")`);
  const rawPastes = read(env, 'LOG_PASTES')?.toLowerCase();
  if (rawPastes !== undefined && !/^(true|false|1|0|yes|no)$/.test(rawPastes)) problems.push(`LOG_PASTES must be true or false (got "${rawPastes.slice(0, 20)}")`);
  const logPastes = rawPastes !== undefined && /^(true|1|yes)$/.test(rawPastes);
  const metricsPort = readInt(env, 'METRICS_PORT', DEFAULT_METRICS_PORT, 0, 65535, 'a TCP port number', problems);
  const shutdownTimeoutMs = readInt(env, 'SHUTDOWN_TIMEOUT_MS', DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 600_000, 'a number of milliseconds', problems);
  const redisUrl = read(env, 'REDIS_URL');
  if (redisUrl !== undefined) {
    let scheme: string | undefined;
    try { scheme = new URL(redisUrl).protocol; } catch { scheme = undefined; }
    if (scheme !== 'redis:' && scheme !== 'rediss:') problems.push('REDIS_URL must look like redis://redis.internal:6379 or rediss://:PASSWORD@host:6380/0');
  }
  const metricsHost = read(env, 'METRICS_HOST');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    logLevel: logLevel ?? 'info', logPastes, metricsPort, shutdownTimeoutMs,
    ...(metricsHost ? { metricsHost } : {}),
    ...(redisUrl ? { redisUrl } : {}),
  };
}
