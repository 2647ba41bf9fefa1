/**
 * If the HTTP intake thread ends while serving, nothing listens any more: the app reports the failure (so `serve`
 * stops and exits 1, and an orchestrator restarts it) instead of running on deaf. A normal stop is not a failure.
 * The fault is injected with an intake thread that starts, says it listens, and then throws.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';

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
