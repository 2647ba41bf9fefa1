/**
 * Two replicas sharing Redis, through the real Bolt app: a reply posted by one replica is labelled by a click that
 * Slack delivers to the other, and one record is stored per click. The paste behind the reply is kept in Redis only
 * redacted.
 */
import { connectTestLink, startTestRedis, type TestRedis } from '../support/redis-server';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import type { RedisLink } from '../../src/redis/redis-link';
import { createRedisFeedbackStore } from '../../src/redis/feedback-stream';
import { createRedisReplyMemory } from '../../src/redis/reply-context';
import { createReplyMemory } from '../../src/slack/reply-memory';
import { makeFeedbackRecord } from '../../src/feedback/make-record';
import { redactPaste } from '../../src/core/redact-paste';
import { ACTION_FIXED } from '../../src/slack/render-diagnosis-blocks';

let redis: TestRedis;
let fake: SlackApiServer;
const links: RedisLink[] = [];
const apps: TestApp[] = [];
const CONFIG = { dataDir: 'unused', retentionDays: 90, mode: 'records' as const, maxRecords: 1000 };

const link = (): Promise<RedisLink> => connectTestLink(redis, links);

async function replica(): Promise<TestApp> {
  const l = await link();
  const labels = { store: createRedisFeedbackStore(l, CONFIG), makeRecord: makeFeedbackRecord, version: 'test' };
  const replyMemory = createRedisReplyMemory(l, { redact: (t) => redactPaste(t).text, local: createReplyMemory() });
  const app = await startTestApp({ mode: 'http', fake, services: { labels, replyMemory } });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  redis = await startTestRedis();
  fake = await startSlackApiServer();
});
afterAll(async () => {
  for (const a of apps) await a.stop();
  for (const l of links) await l.close();
  await fake?.close();
  await redis?.stop();
});

test('a click on the other replica labels the reply, once', async () => {
  const [a, b] = [await replica(), await replica()];
  const pasteTs = nextTs();
  await postSigned(a.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
  const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c.response), 3000, 'reply');
  await fake.waitFor(() => a.logger.events('lm_reply').some((e) => e.ts === pasteTs), 3000, 'the reply remembered');
  const value = (reply.params.blocks as { elements?: { action_id: string; value: string }[] }[])
    .flatMap((blk) => blk.elements ?? []).find((e) => e.action_id === ACTION_FIXED)?.value ?? '';
  const messageTs = String(reply.response?.ts);
  // Slack delivers the click to replica B; the same person clicks again on replica A.
  await postSigned(b.eventsUrl, blockAction(ACTION_FIXED, value, fake.responseUrl('b'), { user: 'U0CLICK', messageTs }), { kind: 'interaction' });
  await fake.waitFor(() => b.logger.events('lm_feedback_recorded').length > 0, 3000, 'the record on B');
  await postSigned(a.eventsUrl, blockAction(ACTION_FIXED, value, fake.responseUrl('a'), { user: 'U0CLICK', messageTs }), { kind: 'interaction' });
  await fake.waitFor(() => a.logger.events('lm_feedback_recorded').length > 0, 3000, 'the second click on A');
  expect(b.logger.events('lm_feedback_unrecorded')).toEqual([]);
  const records = await createRedisFeedbackStore(links[0], CONFIG).list();
  expect(records).toEqual([expect.objectContaining({ answered: 'credssp-double-hop', chosen: 'credssp-double-hop', source: 'fixed' })]);
  // What Redis holds for the reply is redacted: the codes stay, the hosts and the VM go.
  const held = await redis.command(`GET lm-doctor:reply:${String(reply.params.channel)}:${messageTs}`);
  expect(held).toContain('0x8009030E');
  expect(held).not.toMatch(/HV11|HV12|WEB03/);
});
