/**
 * Dedupe and rate limits shared through a real redis-server on loopback: two links (as two replicas would hold)
 * agree on who answers; with Redis gone each falls back to in-process state at once, meters and logs it, and
 * uses Redis again when it returns.
 */
import { startTestRedis, type TestRedis } from '../support/redis-server';
import { createRecordingLogger } from '../support/recording-logger';
import { metricValue } from '../support/prometheus-text';
import { connectRedis, type RedisLink } from '../../src/redis/redis-link';
import { createRedisState, createSharedDedupe, createSharedRateLimiter } from '../../src/redis/shared-state';
import { LoadShedError } from '../../src/support/errors';
import { createMetrics, type Metrics } from '../../src/support/metrics';
import { createHealth, type Health } from '../../src/support/health';
import { createRecentKeys } from '../../src/support/recent-keys';
import { createRateLimiter } from '../../src/support/rate-limiter';

let redis: TestRedis;
const links: RedisLink[] = [];

beforeAll(async () => { redis = await startTestRedis(); });
afterAll(async () => {
  for (const l of links) await l.close();
  await redis?.stop();
});

interface Replica { link: RedisLink; metrics: Metrics; health: Health; logger: ReturnType<typeof createRecordingLogger> }

async function replica(url = redis.url): Promise<Replica> {
  const metrics = createMetrics();
  const health = createHealth();
  const logger = createRecordingLogger();
  const link = connectRedis({ url, logger, metrics, health });
  links.push(link);
  return { link, metrics, health, logger };
}

async function until(probe: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('shared through Redis', () => {
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    [a, b] = [await replica(), await replica()];
    await until(() => a.link.up && b.link.up, 5000, 'both links up');
  });

  it('reports itself connected: health ok, lm_redis_up 1, one log line', async () => {
    expect(a.health.redis).toBe('ok');
    expect(metricValue(await a.metrics.registry.metrics(), 'lm_redis_up')).toBe(1);
    expect(a.logger.events('lm_redis_connected')).toHaveLength(1);
  });

  it('lets exactly one replica claim a message, even when both claim at the same moment', async () => {
    const da = createSharedDedupe(a.link, createRecentKeys());
    const db = createSharedDedupe(b.link, createRecentKeys());
    for (let i = 0; i < 50; i++) {
      const key = `C0OPS:1700000000.${String(i).padStart(6, '0')}`;
      const wins = await Promise.all([da.claim(key), db.claim(key), da.claim(key), db.claim(key)]);
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it('stores claims with an expiry (SET NX EX), under the lm-doctor: prefix; 1 hour by default', async () => {
    const d = createSharedDedupe(a.link, createRecentKeys(), 60_000);
    await d.claim('C0TTL:1.000001');
    const ttl = Number((await redis.command('PTTL lm-doctor:claim:C0TTL:1.000001')).replace(/^:/, ''));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await createRedisState(a.link).dedupe().claim('C0TTL:1.000002');
    const hour = Number((await redis.command('TTL lm-doctor:claim:C0TTL:1.000002')).replace(/^:/, ''));
    expect(hour).toBeGreaterThan(3500);
    expect(hour).toBeLessThanOrEqual(3600);
  });

  it('keeps commands and clicks apart from messages in their own namespaces', async () => {
    const state = createRedisState(a.link);
    expect(await state.dedupe({ namespace: 'command' }).claim('1.2.3')).toBe(true);
    expect(await state.dedupe({ namespace: 'action' }).claim('1.2.3')).toBe(true);
    expect(await state.dedupe().claim('1.2.3')).toBe(true);
    expect(await createRedisState(b.link).dedupe({ namespace: 'command' }).claim('1.2.3')).toBe(false); // the other replica
    expect(await redis.command('EXISTS lm-doctor:claim:command:1.2.3')).toBe(':1');
  });

  it('sheds a new key when its own store is full, before asking Redis', async () => {
    const d = createSharedDedupe(a.link, createRecentKeys({ maxKeys: 2 }));
    expect([await d.claim('C0FULL:1'), await d.claim('C0FULL:2')]).toEqual([true, true]);
    await expect(d.claim('C0FULL:3')).rejects.toBeInstanceOf(LoadShedError);
    expect(await d.claim('C0FULL:1')).toBe(false);
    expect(await redis.command('EXISTS lm-doctor:claim:C0FULL:3')).toBe(':0');
  });

  it('shares the per-user /lm-check rate limit: the second replica says how long to wait', async () => {
    const la = createSharedRateLimiter(a.link, createRateLimiter({ windowMs: 5000 }), { limit: 1, windowMs: 5000 }, 'lm_check_user');
    const lb = createSharedRateLimiter(b.link, createRateLimiter({ windowMs: 5000 }), { limit: 1, windowMs: 5000 }, 'lm_check_user');
    expect(await la.take('U0RATE')).toBe(0);
    const wait = await lb.take('U0RATE');
    expect(wait).toBeGreaterThan(4000);
    expect(wait).toBeLessThanOrEqual(5000);
    expect(await lb.take('U0OTHER')).toBe(0);
  });

  it('shares a per-channel budget: replicas racing for it hand out exactly `limit` slots, with the window as expiry', async () => {
    const rate = { limit: 3, windowMs: 60_000 };
    const la = createSharedRateLimiter(a.link, createRateLimiter(rate), rate, 'paste_channel');
    const lb = createSharedRateLimiter(b.link, createRateLimiter(rate), rate, 'paste_channel');
    const waits = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? la : lb).take('C0BUDGET')));
    expect(waits.filter((w) => w === 0)).toHaveLength(3);
    for (const w of waits.filter((x) => x > 0)) expect(w).toBeGreaterThan(50_000);
    const ttl = Number((await redis.command('PTTL lm-doctor:rate:paste_channel:C0BUDGET')).replace(/^:/, ''));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('starts a new window when the old one expires in Redis', async () => {
    const rate = { limit: 1, windowMs: 300 };
    const la = createSharedRateLimiter(a.link, createRateLimiter({ ...rate, limit: 100 }), rate, 'short');
    expect(await la.take('C0SHORT')).toBe(0);
    expect(await la.take('C0SHORT')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 350));
    expect(await la.take('C0SHORT')).toBe(0);
  });
});

describe('when Redis is unreachable', () => {
  it('answers from in-process state at once, meters and logs the degradation, and recovers', async () => {
    const r = await replica();
    await until(() => r.link.up, 5000, 'link up');
    const dedupe = createSharedDedupe(r.link, createRecentKeys());
    const limiter = createSharedRateLimiter(r.link, createRateLimiter({ windowMs: 5000 }), { limit: 1, windowMs: 5000 }, 'lm_check_user');
    await redis.stop();
    try {
      const started = Date.now();
      expect(await dedupe.claim('C0DOWN:1.1')).toBe(true);
      expect(await dedupe.claim('C0DOWN:1.1')).toBe(false); // in-process dedupe still works
      expect(await limiter.take('U0DOWN')).toBe(0);
      expect(await limiter.take('U0DOWN')).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(1500);
      await until(() => r.health.redis === 'degraded', 3000, 'degraded');
      const text = await r.metrics.registry.metrics();
      expect(metricValue(text, 'lm_redis_up')).toBe(0);
      expect(metricValue(text, 'lm_redis_fallbacks_total')).toBeGreaterThanOrEqual(2);
      expect(r.logger.events('lm_redis_degraded')).toHaveLength(1); // once per outage, not per retry
    } finally {
      await redis.start();
    }
    await until(() => r.link.up, 8000, 'reconnect');
    expect(r.health.redis).toBe('ok');
    expect(r.logger.events('lm_redis_recovered')).toHaveLength(1);
    // Redis restarted empty, but this replica remembers what it answered during the outage.
    expect(await dedupe.claim('C0DOWN:1.1')).toBe(false);
    expect(await dedupe.claim('C0UP:2.2')).toBe(true);
    expect((await redis.command('EXISTS lm-doctor:claim:C0UP:2.2'))).toBe(':1');
  });

  it('starts and serves without Redis ever answering', async () => {
    const r = await replica('redis://127.0.0.1:1');
    const dedupe = createSharedDedupe(r.link, createRecentKeys());
    expect(await dedupe.claim('C0NONE:1')).toBe(true);
    expect(await dedupe.claim('C0NONE:1')).toBe(false);
    await until(() => r.logger.events('lm_redis_degraded').length === 1, 3000, 'degraded log');
    expect(r.health.redis).toBe('degraded');
  });
});
