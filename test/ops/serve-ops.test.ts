/**
 * `serve` wiring of the ops endpoints: their own METRICS_PORT by default, or the app's port in HTTP mode when
 * METRICS_PORT equals PORT; a METRICS_PORT already in use is a configuration error that says what to set.
 */
import { createServer } from 'node:net';
import { runServeCommand } from '../../src/cli/serve-command';
import type { CliIo } from '../../src/cli/io';
import { ConfigError } from '../../src/support/errors';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { createRecordingLogger } from '../support/recording-logger';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { getJson, getText, metricValue } from '../support/prometheus-text';
import { freePort } from '../support/free-port';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { REPO_ROOT } from '../support/paths';
import { scratchDataDir } from '../support/scratch-data-dir';

let fake: SlackApiServer;
beforeAll(async () => { fake = await startSlackApiServer(); });
const data = scratchDataDir();
afterAll(async () => {
  await fake?.close();
  data.remove();
});

function io(env: Record<string, string>): CliIo {
  return { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', env: { LM_DATA_DIR: data.dir, ...env }, packageRoot: REPO_ROOT };
}

const httpEnv = (port: number, metricsPort: number) => ({
  SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_LOG_LEVEL: 'error',
  PORT: String(port), METRICS_PORT: String(metricsPort), OPS_HOST: '127.0.0.1',
});

/** Runs serve until the returned stop() is called; resolves once it listens. */
async function serve(env: Record<string, string>) {
  let stop: () => void = () => undefined;
  const until = new Promise<void>((r) => { stop = r; });
  let started: (ports: { appPort?: number; opsPort: number }) => void = () => undefined;
  const ports = new Promise<{ appPort?: number; opsPort: number }>((r) => { started = r; });
  const logger = createRecordingLogger();
  const running = runServeCommand([], io(env), { until, logger, onStarted: started });
  return { ports: await Promise.race([ports, running.then(() => { throw new Error('serve ended early'); })]), logger, stop: async () => { stop(); return running; } };
}

describe('serve with ops endpoints', () => {
  it('shares the app port in HTTP mode when METRICS_PORT equals PORT', async () => {
    const port = await freePort();
    const s = await serve(httpEnv(port, port));
    try {
      expect(s.ports).toEqual({ appPort: port, opsPort: port });
      expect(await getJson(`http://127.0.0.1:${port}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', slack: 'connected', directory: 'not configured' } });
      expect(await getJson(`http://127.0.0.1:${port}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ts = nextTs();
      await postSigned(`http://127.0.0.1:${port}/slack/events`, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'reply');
      const metrics = await getText(`http://127.0.0.1:${port}/metrics`);
      expect(metricValue(metrics.text, 'lm_diagnoses_total', { entry: 'credssp-double-hop' })).toBe(1);
      expect(metrics.text).toContain('lm_process_resident_memory_bytes');
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(s.logger.events('lm_stopped')).toHaveLength(1);
  });

  it('serves them on their own port otherwise, and reports a busy METRICS_PORT as a configuration error', async () => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const s = await serve(httpEnv(port, opsPort));
    try {
      expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      const busy = createServer();
      await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
      const taken = (busy.address() as { port: number }).port;
      try {
        const error = await runServeCommand([], io(httpEnv(await freePort(), taken)), { logger: createRecordingLogger(), until: Promise.resolve() }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(new RegExp(`METRICS_PORT ${taken} \\(EADDRINUSE\\).*set METRICS_PORT to a free port`));
      } finally {
        await new Promise((r) => busy.close(r));
      }
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });
});
