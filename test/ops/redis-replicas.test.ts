/**
 * Two real lm-doctor processes (HTTP mode) sharing a real redis-server, against the loopback fake Slack: the same
 * event and its retries delivered to both get exactly one reply; with Redis stopped mid-run both keep answering
 * (in-process dedupe, degradation reported on /readyz and /metrics); when Redis returns they share again.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestRedis, type TestRedis } from '../support/redis-server';
import { startAppProcess, waitForJson, type AppProcess } from '../support/app-process';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { getText, metricValue } from '../support/prometheus-text';

jest.setTimeout(60_000);

/** Replies per channel per minute in both processes; every other test posts into channels of its own. */
const CHANNEL_BUDGET = 4;
let channelSeq = 0;
const freshChannel = () => `C0REP${String(++channelSeq).padStart(4, '0')}`;

let fake: SlackApiServer;
let redis: TestRedis;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  fake = await startSlackApiServer();
  redis = await startTestRedis();
  [a, b] = await Promise.all([0, 1].map(() => startAppProcess(fake.apiUrl, { REDIS_URL: redis.url, LM_CHANNEL_REPLIES_PER_MINUTE: String(CHANNEL_BUDGET) })));
  for (const p of [a, b]) await waitForJson(`${p.opsUrl}/readyz`, (s, body) => s === 200 && body.redis === 'ok', 10_000);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  await fake?.close();
});

const deliver = (p: AppProcess, event: Record<string, unknown>, eventId: string, retry = 0) =>
  postSigned(p.eventsUrl, eventCallback(event, eventId), { headers: retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {} });
const repliesIn = (ts: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts);

/** A fresh paste answered by this process: everything it received before has been handled. */
async function sentinel(p: AppProcess): Promise<void> {
  const ts = nextTs();
  await deliver(p, messageEvent({ ts, channel: freshChannel(), text: MEMORY_PASTE }), `EvS${ts}`);
  await fake.waitFor(() => repliesIn(ts).length > 0, 5000, `sentinel reply from ${p.eventsUrl}`);
}

async function settled(): Promise<void> {
  await sentinel(a);
  await sentinel(b);
  await new Promise((r) => setTimeout(r, 100)); // a late duplicate reply would land by now
}

describe('two replicas sharing Redis', () => {
  it('reply exactly once to an event delivered to both, with its retries', async () => {
    const ts = nextTs();
    const event = messageEvent({ ts, channel: freshChannel(), text: CREDSSP_PASTE });
    await Promise.all([deliver(a, event, 'EvTWIN1'), deliver(b, event, 'EvTWIN1')]);
    await deliver(b, event, 'EvTWIN1', 1);
    await deliver(a, event, 'EvTWIN1', 2);
    await settled();
    expect(repliesIn(ts)).toHaveLength(1);
    const text = (await getText(`${a.opsUrl}/metrics`)).text + (await getText(`${b.opsUrl}/metrics`)).text;
    expect(metricValue(text, 'lm_event_retries_deduplicated_total')).toBe(3);
    expect(metricValue(text, 'lm_diagnoses_total', { entry: 'credssp-double-hop' })).toBe(1);
  });

  it('reply once to each of many events raced to both replicas', async () => {
    const stamps = Array.from({ length: 20 }, () => nextTs());
    await Promise.all(stamps.flatMap((ts, i) => [a, b].map((p) => deliver(p, messageEvent({ ts, channel: `C0RACE${i}`, text: MEMORY_PASTE }), `EvRACE${i}`))));
    await settled();
    for (const ts of stamps) expect(repliesIn(ts)).toHaveLength(1);
  });

  it("share each channel's reply budget, and send each person one 'paused' notice between them", async () => {
    const channel = freshChannel();
    const stamps = Array.from({ length: CHANNEL_BUDGET + 3 }, () => nextTs());
    const userOf = (i: number) => (i <= CHANNEL_BUDGET ? 'U0ALICE' : 'U0BOB');
    const notices = () => fake.callsTo('chat.postEphemeral').filter((c) => c.params.channel === channel);
    for (const [i, ts] of stamps.entries()) {
      // One at a time, alternating replicas: each is handled before the next arrives.
      await deliver(i % 2 === 0 ? a : b, messageEvent({ ts, channel, user: userOf(i), text: MEMORY_PASTE }), `EvBUDGET${i}`);
      if (i < CHANNEL_BUDGET) await fake.waitFor(() => repliesIn(ts).length > 0, 5000, `reply ${i}`);
      else if (i < CHANNEL_BUDGET + 2) await fake.waitFor(() => notices().length > i - CHANNEL_BUDGET, 5000, `notice ${i}`);
    }
    await settled();
    expect(stamps.filter((ts) => repliesIn(ts).length > 0)).toEqual(stamps.slice(0, CHANNEL_BUDGET));
    expect(notices().map((c) => c.params.user)).toEqual(['U0ALICE', 'U0BOB']);
    const text = (await getText(`${a.opsUrl}/metrics`)).text + (await getText(`${b.opsUrl}/metrics`)).text;
    expect(metricValue(text, 'lm_rate_limited_total', { limit: 'paste_channel' })).toBe(3);
  });

  it('keep answering when Redis stops, report the degradation, and share again when it returns', async () => {
    await redis.stop();
    for (const p of [a, b]) {
      const ready = await waitForJson(`${p.opsUrl}/readyz`, (_s, body) => body.redis === 'degraded', 5000);
      expect(ready.status).toBe('ready'); // degraded, still serving
    }
    const ts = nextTs();
    const started = Date.now();
    const down = messageEvent({ ts, channel: freshChannel(), text: CREDSSP_PASTE });
    await deliver(a, down, 'EvDOWN1');
    await deliver(a, down, 'EvDOWN1', 1); // in-process dedupe still holds
    await fake.waitFor(() => repliesIn(ts).length > 0, 5000, 'reply while Redis is down');
    expect(Date.now() - started).toBeLessThan(2000);
    await sentinel(a);
    expect(repliesIn(ts)).toHaveLength(1);
    expect((await fetch(`${a.opsUrl}/healthz`)).status).toBe(200);
    const metrics = (await getText(`${a.opsUrl}/metrics`)).text;
    expect(metricValue(metrics, 'lm_redis_up')).toBe(0);
    expect(metricValue(metrics, 'lm_redis_fallbacks_total')).toBeGreaterThan(0);
    await a.waitForLog((r) => r.event === 'lm_redis_degraded', 1000, 'degradation log');

    await redis.start();
    for (const p of [a, b]) await waitForJson(`${p.opsUrl}/readyz`, (s, body) => s === 200 && body.redis === 'ok', 10_000);
    await a.waitForLog((r) => r.event === 'lm_redis_recovered', 1000, 'recovery log');
    const again = nextTs();
    const event = messageEvent({ ts: again, channel: freshChannel(), text: MEMORY_PASTE });
    await Promise.all([deliver(a, event, 'EvBACK1'), deliver(b, event, 'EvBACK1')]);
    await settled();
    expect(repliesIn(again)).toHaveLength(1);
  });
});
