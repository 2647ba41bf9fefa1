/**
 * The service as it runs (`lm-doctor serve` from dist/, in a child process): pastes are diagnosed on the worker
 * threads and screenshots read by the OCR child process; the OCR process stops after LM_OCR_IDLE_MS and a later
 * screenshot starts a fresh one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { ERROR_SCREENS } from '../../tools/screenshots/screens';
import { renderScreenshot } from '../../tools/screenshots/render-screenshot';

jest.setTimeout(60_000);

let fake: SlackApiServer;
let app: AppProcess;

beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startAppProcess(fake.apiUrl, { LM_WORKER_THREADS: '1', LM_OCR_IDLE_MS: '500' });
  await app.waitForLog((r) => r.event === 'lm_started', 20_000, 'lm_started');
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** Child processes of the service (from /proc): the OCR process while it runs. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
    try {
      return Number(readFileSync(`/proc/${n}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

const replyTo = (ts: string) => fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 30_000, `reply to ${ts}`);

test('a paste is answered by the worker threads', async () => {
  expect(app.logs.some((r) => r.event === 'lm_workers' && r.threads === 1)).toBe(true);
  const ts = nextTs();
  await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
  expect(JSON.stringify((await replyTo(ts)).params.blocks)).toContain('CredSSP');
});

test('screenshots are read by the OCR process, which stops when idle and starts again for the next one', async () => {
  const dialog = ERROR_SCREENS.find((s) => s.id === 'credssp-dialog') ?? ERROR_SCREENS[0];
  for (const [i, id] of ['F0SVC1', 'F0SVC2'].entries()) {
    fake.addFile({ id, name: `${id}.png`, mimetype: 'image/png', filetype: 'png', content: renderScreenshot(dialog, { scale: 1.25, format: 'png' }) });
    const ts = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, subtype: 'file_share', text: '', files: [{ id, file_access: 'check_file_info' }] })));
    const reply = await replyTo(ts);
    expect(JSON.stringify(reply.params.blocks)).toMatch(/Read from the screenshot/);
    if (i > 0) continue;
    expect(childrenOf(app.child.pid as number).length).toBe(1); // the OCR process, just used
    const until = Date.now() + 10_000; // past LM_OCR_IDLE_MS it stops, and its memory with it
    while (childrenOf(app.child.pid as number).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(childrenOf(app.child.pid as number)).toEqual([]);
  }
});
