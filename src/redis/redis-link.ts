/**
 * The connection to Redis (ioredis) for state shared between replicas. Commands never wait for a connection: the
 * offline queue is off and each command has a short timeout, so when Redis is unreachable `run` returns undefined
 * at once and the caller uses its in-process state. The link logs and meters the degradation once per transition,
 * keeps reconnecting in the background, and reports recovery.
 */
import { Redis } from 'ioredis';
import { errorFields, type Logger } from '../support/logger';
import type { Health } from '../support/health';
import type { Metrics } from '../support/metrics';
import { describeRedisUrl } from '../config/ops-settings';

export interface RedisLink {
  /** The command's result, or undefined when Redis is unavailable or the command failed (then: use local state). */
  run<T>(operation: string, command: (redis: Redis) => Promise<T>): Promise<T | undefined>;
  readonly up: boolean;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  url: string;
  logger: Logger;
  metrics: Metrics;
  health: Health;
  /** Per-command bound. Default 500 ms (a reply must not wait for a sick Redis). */
  commandTimeoutMs?: number;
}

export const KEY_PREFIX = 'lm-doctor:';

export function connectRedis(options: RedisLinkOptions): RedisLink {
  const { logger, metrics, health } = options;
  const where = describeRedisUrl(options.url);
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 2000,
    disconnectTimeout: 200, // ioredis keeps a timer this long after disconnect() when the last socket had failed
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    keyPrefix: KEY_PREFIX,
  });
  let up = false;
  let announcedDown = false;
  let closing = false;
  health.redis = 'degraded';
  metrics.redisUp.set(0);
  const down = (reason: Record<string, unknown>) => {
    if (closing) return;
    up = false;
    health.redis = 'degraded';
    metrics.redisUp.set(0);
    if (announcedDown) return; // once per outage, not once per reconnect attempt
    announcedDown = true;
    logger.warn({ event: 'lm_redis_degraded', redis: where, ...reason }, 'Redis is unreachable: deduplication and rate limits use in-process state');
  };
  redis.on('ready', () => {
    up = true;
    health.redis = 'ok';
    metrics.redisUp.set(1);
    logger.info({ event: announcedDown ? 'lm_redis_recovered' : 'lm_redis_connected', redis: where }, announcedDown ? 'Redis is back: shared state in use again' : 'connected to Redis');
    announcedDown = false;
  });
  redis.on('error', (error: unknown) => down(errorFields(error)));
  redis.on('end', () => down({ error: 'connection ended' }));
  redis.on('close', () => { if (up) down({ error: 'connection closed' }); });
  return {
    get up() { return up; },
    async run<T>(operation: string, command: (r: Redis) => Promise<T>): Promise<T | undefined> {
      if (redis.status !== 'ready') {
        metrics.redisFallbacks.inc({ operation });
        return undefined;
      }
      try {
        return await command(redis);
      } catch (error) {
        metrics.redisFallbacks.inc({ operation });
        down({ operation, ...errorFields(error) });
        return undefined;
      }
    },
    async close() {
      closing = true;
      if (redis.status === 'ready') await Promise.race([redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      redis.disconnect();
    },
  };
}
