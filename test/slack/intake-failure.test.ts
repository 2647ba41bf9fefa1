/**
 * If the HTTP intake thread ends while serving, nothing listens any more: the app reports the failure (so `serve`
 * stops and exits 1, and an orchestrator restarts it) instead of running on deaf. A normal stop is not a failure.
 * An intake thread that stops answering cannot hold the bounded stop either. The faults are injected with intake
 * threads that start, say they listen, and then throw, or ignore every request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { knowledgeIndex } from '../support/knowledge-index';
import { createRecordingLogger } from '../support/recording-logger';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { freePort } from '../support/free-port';
import { loadSlackConfig, type SlackConfig } from '../../src/config/slack-settings';
import { startSlackApp } from '../../src/slack/start-slack-app';

let fake: SlackApiServer;
let dir: string;
beforeAll(async () => {
  fake = await startSlackApiServer();
  dir = mkdtempSync(join(tmpdir(), 'lm-intake-fault-'));
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an intake thread that dies while serving is reported once, as a failure of the service', async () => {
  const faulty = join(dir, 'faulty-intake.js');
  writeFileSync(faulty, `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ t: 'listening', port: 1 });
    setTimeout(() => { throw new Error('injected fault in the intake thread'); }, 50);
  `);
  const failures: Error[] = [];
  let app: TestApp | undefined;
  try {
    app = await startTestApp({ mode: 'http', fake, tuning: { intakeThreadFile: faulty, onIntakeFailure: (e) => failures.push(e) } });
    await fake.waitFor(() => failures.length > 0, 3000, 'the failure');
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/intake thread exited while serving/);
  } finally {
    await app?.stop();
  }
  expect(failures).toHaveLength(1);
});

test('a normal stop is not a failure', async () => {
  const failures: Error[] = [];
  const app = await startTestApp({ mode: 'http', fake, tuning: { onIntakeFailure: (e) => failures.push(e) } });
  await app.stop();
  await new Promise((r) => setTimeout(r, 100));
  expect(failures).toEqual([]);
});

test('an intake thread that answers nothing cannot hold the bounded stop, and is ended', async () => {
  const deaf = join(dir, 'deaf-intake.js');
  writeFileSync(deaf, `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ t: 'listening', port: 1 });
    parentPort.on('message', () => undefined);
    setInterval(() => undefined, 1000);
  `);
  const config = loadSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()), SLACK_LOG_LEVEL: 'error' }) as SlackConfig;
  const logger = createRecordingLogger();
  const app = await startSlackApp(config, { index: knowledgeIndex(), logger }, { host: '127.0.0.1', intakeThreadFile: deaf });
  const started = Date.now();
  await app.stop(800);
  expect(Date.now() - started).toBeLessThan(3000);
  expect(logger.events('lm_slack_stopped')).toHaveLength(1);
  // Jest would report the thread as an open handle if release() had not ended it.
});
