/**
 * The operations slice of the configuration: logs, the health/metrics server, Redis and shutdown. The Redis URL's
 * password never appears in a problem.
 */
import { createEnvReader, type Env, type EnvReader } from './read-env';
import { ConfigError } from '../support/errors';
import { LOG_LEVELS, type LogLevelName } from '../support/logger';

export { LOG_LEVELS, type LogLevelName };

export interface OpsConfig {
  /** pino level for lm-doctor's JSON log. Default `info`. */
  logLevel: LogLevelName;
  /** Include pasted text in log lines (otherwise only a short hash and the length). Default false. */
  logPastes: boolean;
  /** Port of the /healthz, /readyz and /metrics server. Default 9100; 0 picks a free port. */
  metricsPort: number;
  /**
   * Address the ops server (its own METRICS_PORT) listens on: OPS_HOST, or the deprecated METRICS_HOST. Default
   * 127.0.0.1 (this machine only); `0.0.0.0` lets a Prometheus or kubelet in the container network reach it.
   */
  opsHost: string;
  /** redis://[:password@]host:port[/db]; shared dedupe and rate limits across replicas. Never logged. */
  redisUrl?: string;
  /**
   * Bound on the whole shutdown after SIGTERM/SIGINT (or an uncaught exception): replies in progress get all of it
   * but a closing reserve (at most 1 s), then the process exits. Default 10,000 ms.
   */
  shutdownTimeoutMs: number;
}

export const DEFAULT_METRICS_PORT = 9100;
export const DEFAULT_OPS_HOST = '127.0.0.1';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

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

export function readOpsConfig(r: EnvReader): OpsConfig {
  const logLevel = r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const logPastes = r.boolean('LOG_PASTES', false);
  const metricsPort = r.integer('METRICS_PORT', { fallback: DEFAULT_METRICS_PORT, min: 0, max: 65535, unit: 'a TCP port number' });
  const shutdownTimeoutMs = r.integer('SHUTDOWN_TIMEOUT_MS', { fallback: DEFAULT_SHUTDOWN_TIMEOUT_MS, min: 0, max: 600_000, unit: 'a number of milliseconds' });
  const redis = r.url('REDIS_URL', { schemes: ['redis:', 'rediss:'], example: 'redis://redis.internal:6379 or rediss://:PASSWORD@host:6380/0' });
  const opsHost = r.text('OPS_HOST') ?? r.text('METRICS_HOST') ?? DEFAULT_OPS_HOST;
  return {
    logLevel, logPastes, metricsPort, shutdownTimeoutMs, opsHost,
    ...(redis ? { redisUrl: r.text('REDIS_URL') } : {}),
  };
}

/** The slice alone (tests, tools): throws ConfigError listing every problem. */
export function loadOpsConfig(env: Env): OpsConfig {
  const r = createEnvReader(env);
  const config = readOpsConfig(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
