/**
 * The composition root wires the configured feedback store into the Slack app: `lm-doctor serve` with LM_DATA_DIR,
 * a paste answered, "That fixed it" clicked by one person and "Not it" → another cause chosen by another → two
 * redacted records in LM_DATA_DIR/feedback.db (SQLite) with lm-doctor's version, still there after the service stopped,
 * and `lm-doctor feedback export` prints them as evaluation lines the labelled-set loader reads back.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServeCommand } from '../../src/cli/serve-command';
import type { CliIo } from '../../src/cli/io';
import { openLocalFeedbackStore } from '../../src/feedback/open-local-store';
import { existsSync, readFileSync } from 'node:fs';
import { readFeedbackConfig } from '../../src/config/feedback-settings';
import { createEnvReader } from '../../src/config/read-env';
import { ACTION_FIXED, ACTION_NOT_IT } from '../../src/slack/render-diagnosis-blocks';
import { ACTION_CHOOSE } from '../../src/slack/render-choice-blocks';
import { runCli } from '../../src/cli/main';
import { readTrainingSets } from '../../src/knowledge/training-sets';
import { writeFile } from 'node:fs/promises';
import { knowledgeIndex } from '../support/knowledge-index';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { createRecordingLogger } from '../support/recording-logger';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { freePort } from '../support/free-port';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { REPO_ROOT } from '../support/paths';

let fake: SlackApiServer;
let dataDir: string;
beforeAll(async () => {
  fake = await startSlackApiServer();
  dataDir = await mkdtemp(join(tmpdir(), 'lm-feedback-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('stores a click as a redacted record in LM_DATA_DIR that outlives the service', async () => {
  const port = await freePort();
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_LOG_LEVEL: 'error',
    SLACK_RESPONSE_URL_HOSTS: fake.baseUrl, PORT: String(port), METRICS_PORT: String(port), OPS_HOST: '127.0.0.1',
    LM_WORKER_THREADS: '0', LM_DATA_DIR: dataDir,
  };
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', env, packageRoot: REPO_ROOT };
  let stop: () => void = () => undefined;
  const until = new Promise<void>((r) => { stop = r; });
  let started: () => void = () => undefined;
  const listening = new Promise<void>((r) => { started = r; });
  const logger = createRecordingLogger();
  const running = runServeCommand([], io, { until, logger, onStarted: () => started() });
  try {
    await Promise.race([listening, running.then(() => { throw new Error('serve ended early'); })]);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const pasteTs = nextTs();
    await postSigned(url, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs && c.response), 3000, 'reply');
    await fake.waitFor(() => logger.events('lm_reply').length > 0, 3000, 'lm_reply');
    const value = (reply.params.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_FIXED)?.value ?? '';
    await postSigned(url, blockAction(ACTION_FIXED, value, fake.responseUrl('wired'), { messageTs: String(reply.response?.ts) }), { kind: 'interaction' });
    await fake.waitFor(() => logger.events('lm_feedback_recorded').length > 0, 3000, 'the record');
    // Another person: "Not it", then the cause they know it was.
    const notIt = (reply.params.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_NOT_IT)?.value ?? '';
    await postSigned(url, blockAction(ACTION_NOT_IT, notIt, fake.responseUrl('not-it'), { user: 'U0OTHER', messageTs: String(reply.response?.ts) }), { kind: 'interaction' });
    const choice = JSON.stringify({ r: String(reply.response?.ts), c: 'kcd-migration-service-missing' });
    await postSigned(url, blockAction(ACTION_CHOOSE, choice, fake.responseUrl('chosen'), { user: 'U0OTHER', messageTs: '1800000000.999999' }), { kind: 'interaction' });
    await fake.waitFor(() => logger.events('lm_feedback_recorded').length > 1, 3000, 'the second record');
  } finally {
    stop();
    expect(await running).toBe(0);
  }
  // The default store is SQLite in LM_DATA_DIR: no host or VM name from the paste in its bytes (database and WAL).
  const raw = ['feedback.db', 'feedback.db-wal'].filter((f) => existsSync(join(dataDir, f))).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
  expect(raw).toContain('0x8009030E');
  expect(raw).not.toMatch(/HV11|HV12|WEB03/);
  const { store, kind } = openLocalFeedbackStore(readFeedbackConfig(createEnvReader({ LM_DATA_DIR: dataDir })));
  expect(kind).toBe('sqlite');
  try {
    const records = await store.list();
    const version = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(records).toEqual([
      expect.objectContaining({ answered: 'credssp-double-hop', chosen: 'credssp-double-hop', source: 'fixed', version }),
      expect.objectContaining({ answered: 'credssp-double-hop', chosen: 'kcd-migration-service-missing', source: 'not_it', version }),
    ]);
    expect(records[0].text).toContain('0x8009030E');
  } finally {
    await store.close();
  }
  // The round trip's last step: export as evaluation lines, which the labelled-set loader reads back.
  let out = '';
  const cli: CliIo = { stdout: (t) => { out += t; }, stderr: () => undefined, readStdin: async () => '', env: { LM_DATA_DIR: dataDir }, packageRoot: REPO_ROOT };
  expect(await runCli(['feedback', 'export', '--label-only'], cli)).toBe(0);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toEqual([expect.objectContaining({ label: 'kcd-migration-service-missing', source: 'feedback', text: expect.stringContaining('0x8009030E') })]);
  const setDir = join(dataDir, 'sets');
  await (await import('node:fs/promises')).mkdir(setDir);
  await writeFile(join(setDir, 'feedback.jsonl'), out);
  const sets = readTrainingSets(setDir, new Set(knowledgeIndex().entries.map((e) => e.id)));
  expect(sets.problems).toEqual([]);
  expect(sets.rows.map((r) => r.label)).toEqual(['kcd-migration-service-missing']);
});
