/**
 * Process-level faults in the real `lm-doctor serve` (issue 14, item 5): an unhandled rejection is logged (secrets
 * scrubbed) and counted, and the service keeps serving; an uncaught exception is logged and counted and begins the
 * bounded shutdown, exit status 1. Faults come from a preloaded injector (test/support/fault-injector.js) and, in
 * Socket Mode, from a `null` envelope payload the Socket Mode client itself trips over.
 */
import { join } from 'node:path';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, waitForJson, type AppProcess } from '../support/app-process';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { getText, metricValue } from '../support/prometheus-text';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { REPO_ROOT } from '../support/paths';

jest.setTimeout(40_000);

const INJECTOR = { NODE_OPTIONS: `--require ${join(REPO_ROOT, 'test', 'support', 'fault-injector.js')}` };

let fake: SlackApiServer;
beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => { await fake?.close(); });

const faults = (app: AppProcess, kind: string) => app.logs.filter((r) => r.event === 'lm_process_error' && r.kind === kind);

async function answered(app: AppProcess): Promise<void> {
  const ts = nextTs();
  expect((await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })))).status).toBe(200);
  await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, 'reply');
}

function expectNoSecrets(app: AppProcess): void {
  const all = app.lines.join('\n') + app.stderr.join('');
  for (const secret of [BOT_TOKEN, SIGNING_SECRET]) expect(all).not.toContain(secret);
}

describe('process faults (HTTP mode)', () => {
  it('an unhandled rejection is logged scrubbed and counted, and the service keeps answering', async () => {
    const app = await startAppProcess(fake.apiUrl, INJECTOR);
    try {
      app.child.kill('SIGHUP');
      const logged = await app.waitForLog((r) => r.event === 'lm_process_error', 5000, 'lm_process_error');
      expect(logged).toMatchObject({ kind: 'unhandled_rejection', level: 'error' });
      expect(String(logged.error)).toMatch(/injected unhandled rejection \(token \[redacted\]\)/);
      await answered(app);
      expect(metricValue((await getText(`${app.opsUrl}/metrics`)).text, 'lm_process_errors_total', { kind: 'unhandled_rejection' })).toBe(1);
      expect(app.child.exitCode).toBeNull();
    } finally {
      await app.stop();
    }
    expect((await app.exited).code).toBe(0);
    expect(app.stderr.join('')).toBe('');
    expectNoSecrets(app);
  });

  it('an uncaught exception is logged scrubbed and begins the bounded shutdown; the exit status is 1', async () => {
    const app = await startAppProcess(fake.apiUrl, { ...INJECTOR, SHUTDOWN_TIMEOUT_MS: '2000' });
    try {
      await waitForJson(`${app.opsUrl}/readyz`, (s) => s === 200);
      const at = performance.now();
      app.child.kill('SIGUSR2');
      const { code } = await app.exited;
      expect(code).toBe(1);
      expect(performance.now() - at).toBeLessThan(2500);
      const events = app.logs.map((r) => r.event);
      expect(events.indexOf('lm_process_error')).toBeLessThan(events.indexOf('lm_stopping'));
      expect(events.slice(-1)).toEqual(['lm_stopped']);
      expect(faults(app, 'uncaught_exception')).toHaveLength(1);
      expect(String(faults(app, 'uncaught_exception')[0].stack)).toMatch(/injected uncaught exception \(token \[redacted\]\)/);
    } finally {
      await app.stop();
    }
    expect(app.stderr.join('')).toBe('');
    expectNoSecrets(app);
  });
});

describe('process faults (Socket Mode)', () => {
  it('an envelope with a null payload (the Socket Mode client throws on it) is a logged rejection; serving goes on', async () => {
    const before = fake.connections;
    const app = await startAppProcess(fake.apiUrl, { SLACK_APP_TOKEN: APP_TOKEN });
    try {
      await fake.waitForConnection(before + 1, 5000);
      await waitForJson(`${app.opsUrl}/readyz`, (s, body) => s === 200 && body.slack === 'connected');
      await expect(fake.sendEnvelope({ envelope_id: 'env-null', type: 'events_api', payload: null }, 500)).rejects.toThrow(/no ack/);
      await app.waitForLog((r) => r.event === 'lm_process_error', 5000, 'lm_process_error');
      expect(faults(app, 'unhandled_rejection')).toHaveLength(1);
      const ts = nextTs();
      const ack = await fake.sendEnvelope({ envelope_id: 'env-after-null', type: 'events_api', payload: eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })) });
      expect(ack.envelope_id).toBe('env-after-null');
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, 'reply after the fault');
    } finally {
      await app.stop();
    }
    expect((await app.exited).code).toBe(0);
    expect(app.stderr.join('')).toBe('');
  });
});
