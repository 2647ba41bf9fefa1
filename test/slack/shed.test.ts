/**
 * Work shed under load (a full diagnosis queue or dedupe store) through the real Bolt app in HTTP mode: the event is
 * still acknowledged, nothing is posted in the channel, the shed is counted, and a mention's author is told "busy".
 * The saturated diagnosis service below behaves as the worker pool does when its queue is full.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { metricValue } from '../support/prometheus-text';
import { createMetrics } from '../../src/support/metrics';
import { LoadShedError } from '../../src/support/errors';
import { BOT_USER_ID } from '../support/slack-constants';

let fake: SlackApiServer;
let app: TestApp;
const metrics = createMetrics();

beforeAll(async () => {
  fake = await startSlackApiServer();
  const saturated = async (): Promise<never> => { throw new LoadShedError('diagnosis', '1000 pastes are already waiting'); };
  app = await startTestApp({ mode: 'http', fake, services: { metrics, diagnose: saturated } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function shedOf(ts: string): Promise<void> {
  await fake.waitFor(() => app.logger.records.some((r) => r.fields.ts === ts && r.fields.event === 'lm_shed'), 3000, `shed of ${ts}`);
}

test('a paste that cannot be diagnosed now is acknowledged, counted and left unanswered', async () => {
  const ts = nextTs();
  const res = await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
  expect(res.status).toBe(200);
  await shedOf(ts);
  expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toEqual([]);
  expect(fake.callsTo('chat.postEphemeral').filter((c) => c.params.thread_ts === ts)).toEqual([]);
  expect(metricValue(await metrics.registry.metrics(), 'lm_shed_total', { kind: 'diagnosis' })).toBeGreaterThanOrEqual(1);
});

test('a mention that is shed tells its author, privately, to try again', async () => {
  const ts = nextTs();
  const mention = { type: 'app_mention', channel: 'C0SHED', user: 'U0ASKER', ts, text: `<@${BOT_USER_ID}> ${CREDSSP_PASTE}` };
  await postSigned(app.eventsUrl, eventCallback(mention));
  await shedOf(ts);
  await fake.waitFor(() => fake.callsTo('chat.postEphemeral').some((c) => c.params.user === 'U0ASKER'), 3000, 'busy notice');
  const notice = fake.callsTo('chat.postEphemeral').find((c) => c.params.user === 'U0ASKER');
  expect(String(notice?.params.text)).toMatch(/too busy .* try again/i);
  expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toEqual([]);
});
