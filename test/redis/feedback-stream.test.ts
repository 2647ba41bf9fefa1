/**
 * The Redis feedback store against a real redis-server on loopback: records survive a new connection, two replicas
 * (two links) storing the same click keep one record, retention trims the stream, counts mode keeps no text, and an
 * unreachable Redis is an error, never a silent loss. Answers posted are counted per day, shared by replicas.
 */
import { connectTestLink, startTestRedis, type TestRedis } from '../support/redis-server';
import type { RedisLink } from '../../src/redis/redis-link';
import { createRedisFeedbackStore } from '../../src/redis/feedback-stream';
import { FeedbackUnavailableError } from '../../src/support/errors';
import type { FeedbackConfig } from '../../src/config/feedback-settings';
import { DAY_MS, record } from '../feedback/records';

let redis: TestRedis;
const links: RedisLink[] = [];
const config = (patch: Partial<FeedbackConfig> = {}): FeedbackConfig => ({ dataDir: 'unused', retentionDays: 90, mode: 'records', maxRecords: 1000, ...patch });
// Stream ids are Redis's clock, so records here are dated now.
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();

beforeAll(async () => { redis = await startTestRedis(); });
beforeEach(async () => { await redis.command('FLUSHALL'); });
afterAll(async () => {
  for (const l of links) await l.close();
  await redis?.stop();
});

const link = (): Promise<RedisLink> => connectTestLink(redis, links);

describe('Redis feedback store', () => {
  test('a new connection (a restart) lists every record', async () => {
    const first = await link();
    const store = createRedisFeedbackStore(first, config());
    await store.add(record({ id: 'fb-1', at: at(1) }));
    await store.add(record({ id: 'fb-2', at: at(0), chosen: null, source: 'not_it' }));
    await first.close();
    const again = createRedisFeedbackStore(await link(), config());
    expect((await again.list()).map((r) => [r.id, r.chosen])).toEqual([['fb-1', 'credssp-double-hop'], ['fb-2', null]]);
    expect((await again.list({ since: Date.now() - DAY_MS / 2 })).map((r) => r.id)).toEqual(['fb-2']);
  });

  test('two replicas adding the same record at once store it once; a later duplicate is ignored too', async () => {
    const [a, b] = [createRedisFeedbackStore(await link(), config()), createRedisFeedbackStore(await link(), config())];
    const added = await Promise.all([a.add(record({ id: 'fb-1', at: at(0) })), b.add(record({ id: 'fb-1', at: at(0) })), a.add(record({ id: 'fb-2', at: at(0) }))]);
    expect(added.filter(Boolean)).toHaveLength(2); // one of the two fb-1 adds is the new one
    expect(await b.add(record({ id: 'fb-1', at: at(0), chosen: 'other' }))).toBe(false);
    expect((await a.list()).map((r) => [r.id, r.chosen])).toEqual([['fb-1', 'credssp-double-hop'], ['fb-2', 'credssp-double-hop']]);
    expect(await redis.command('XLEN lm-doctor:{feedback}:stream')).toBe(':2');
  });

  test('answers posted are counted per entry and day across replicas, and each day key expires with the retention', async () => {
    const [a, b] = [createRedisFeedbackStore(await link(), config({ retentionDays: 30 })), createRedisFeedbackStore(await link(), config({ retentionDays: 30 }))];
    await Promise.all([a.countAnswer?.('credssp-double-hop', at(0)), b.countAnswer?.('credssp-double-hop', at(0)), b.countAnswer?.('kcd-migration-service-missing', at(2))]);
    await a.countAnswer?.('kcd-migration-service-missing', at(40)); // before the retention: never counted
    expect(await b.answerCounts?.()).toEqual(new Map([['credssp-double-hop', 2], ['kcd-migration-service-missing', 1]]));
    expect(await a.answerCounts?.({ since: Date.now() - DAY_MS / 2 })).toEqual(new Map([['credssp-double-hop', 2]]));
    const ttl = Number((await redis.command(`TTL lm-doctor:{feedback}:answers:${at(0).slice(0, 10)}`)).slice(1));
    expect(ttl).toBeGreaterThan(29 * 86_400);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
  });

  test('retention: prune() trims entries older than the retention (by Redis time); list never shows older records', async () => {
    const store = createRedisFeedbackStore(await link(), config({ retentionDays: 30 }));
    await store.add(record({ id: 'fb-1', at: at(0) }));
    await store.add(record({ id: 'fb-old', at: at(40) })); // a record dated before the retention
    expect((await store.list()).map((r) => r.id)).toEqual(['fb-1']);
    expect(await store.prune(Date.now() - 30 * DAY_MS)).toBe(0);
    expect(await store.prune(Date.now() + 31 * DAY_MS)).toBe(2);
    expect(await redis.command('XLEN lm-doctor:{feedback}:stream')).toBe(':0');
  });

  test('every add trims entries older than the retention (no separate job needed)', async () => {
    const store = createRedisFeedbackStore(await link(), config({ retentionDays: 30 }));
    const old = Date.now() - 31 * DAY_MS;
    await redis.command(`XADD lm-doctor:{feedback}:stream ${old}-0 record {}`);
    expect(await redis.command('XLEN lm-doctor:{feedback}:stream')).toBe(':1');
    await store.add(record({ id: 'fb-1', at: at(0) }));
    expect(await redis.command('XLEN lm-doctor:{feedback}:stream')).toBe(':1');
    expect((await store.list()).map((r) => r.id)).toEqual(['fb-1']);
  });

  test('counts mode keeps no text, channel or user hash in Redis', async () => {
    const l = await link();
    const store = createRedisFeedbackStore(l, config({ mode: 'counts' }));
    const clicked = record({ id: 'fb-1', at: at(0) });
    await store.add(clicked);
    expect(await store.list()).toEqual([{ ...clicked, text: '', signals: [], channel: '', userHash: '' }]);
    const raw = JSON.stringify(await l.run('test', (r) => r.xrange('{feedback}:stream', '-', '+')));
    expect(raw).toContain('fb-1');
    for (const kept of ['HOST1', 'C1AAA', clicked.userHash]) expect(raw).not.toContain(kept);
  });

  test('with Redis unreachable, add and list throw FeedbackUnavailableError', async () => {
    const l = await link();
    const store = createRedisFeedbackStore(l, config());
    await l.close();
    await expect(store.add(record({ id: 'fb-1' }))).rejects.toBeInstanceOf(FeedbackUnavailableError);
    await expect(store.list()).rejects.toBeInstanceOf(FeedbackUnavailableError);
  });
});
