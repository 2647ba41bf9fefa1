/**
 * HTTP mode acknowledges from the intake thread, so an acknowledgement never waits for the main thread: with the
 * main thread blocked, a client in another process still gets its 200s, and the events are handled once the main
 * thread is free. When the main thread is LM_INTAKE_BACKLOG events behind, further events are acknowledged and
 * dropped, counted in lm_shed_total{kind="intake"} with one summary log line (real Bolt app, local Slack API).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { metricValue } from '../support/prometheus-text';
import { createMetrics } from '../../src/support/metrics';
import { SIGNING_SECRET } from '../support/slack-constants';

const BACKLOG = 10;
let fake: SlackApiServer;
let app: TestApp;
const metrics = createMetrics();

beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startTestApp({ mode: 'http', fake, services: { metrics }, env: { LM_INTAKE_BACKLOG: String(BACKLOG) } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/**
 * Posts the signed bodies from a separate process (this thread is about to be blocked) and resolves with each
 * status and the wall-clock time its answer arrived.
 */
function postFromChild(url: string, bodies: string[]): { started: Promise<void>; done: Promise<{ status: number; at: number }[]> } {
  const t = String(Math.floor(Date.now() / 1000));
  const requests = bodies.map((body) => ({ body, signature: `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${t}:${body}`).digest('hex')}` }));
  const script = `
    const http = require('node:http');
    const { url, t, requests } = JSON.parse(process.argv[1]);
    process.stdout.write('go\\n');
    Promise.all(requests.map((r) => new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': t, 'x-slack-signature': r.signature } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, at: Date.now() });
      });
      req.on('error', () => resolve({ status: 0, at: Date.now() }));
      req.end(r.body);
    }))).then((out) => process.stdout.write(JSON.stringify(out) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify({ url, t, requests })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let go: () => void = () => undefined;
  const started = new Promise<void>((r) => { go = r; });
  const done = new Promise<{ status: number; at: number }[]>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.startsWith('go\n')) go();
    });
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as { status: number; at: number }[]);
      else reject(new Error(`the posting process exited ${code}: ${out}`));
    });
  });
  return { started, done };
}

function blockThisThread(ms: number): number {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* the main thread does nothing else */ }
  return Date.now();
}

const pasteBodies = (n: number) => Array.from({ length: n }, () => {
  const ts = nextTs();
  return { ts, body: JSON.stringify(eventCallback(messageEvent({ ts, text: CREDSSP_PASTE }))) };
});

test('events are acknowledged while the main thread is blocked, and answered once it is free', async () => {
  const events = pasteBodies(2);
  const posting = postFromChild(app.eventsUrl, events.map((e) => e.body));
  await posting.started;
  const freed = blockThisThread(1500);
  const answers = await posting.done;
  expect(answers.map((a) => a.status)).toEqual([200, 200]);
  for (const a of answers) expect(a.at).toBeLessThan(freed);
  for (const { ts } of events) {
    await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, `reply to ${ts}`);
  }
});

test(`beyond ${BACKLOG} events waiting for the main thread, events are acknowledged, dropped and counted once`, async () => {
  const events = pasteBodies(BACKLOG + 4);
  const posting = postFromChild(app.eventsUrl, events.map((e) => e.body));
  await posting.started;
  blockThisThread(1500);
  const answers = await posting.done;
  expect(answers.every((a) => a.status === 200)).toBe(true);
  await fake.waitFor(() => app.logger.events('lm_shed').some((e) => e.kind === 'intake'), 5000, 'the shed report');
  const shed = app.logger.events('lm_shed').filter((e) => e.kind === 'intake');
  const dropped = shed.reduce((n, e) => n + Number(e.count), 0);
  expect(dropped).toBe(4);
  expect(metricValue(await metrics.registry.metrics(), 'lm_shed_total', { kind: 'intake' })).toBe(4);
  const answered = () => events.filter(({ ts }) => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts)).length;
  await fake.waitFor(() => answered() === BACKLOG, 5000, `${BACKLOG} replies`);
  expect(shed.length).toBeLessThanOrEqual(2); // a summary, not a line per drop
});
