/**
 * `lm-doctor serve`: mode selection from the environment, all configuration problems at once, the console's
 * /lm-check on the demo snapshot, and HTTP mode started for real against the loopback fake Slack.
 */
import { PassThrough } from 'node:stream';
import { createServer } from 'node:net';
import { runServeCommand } from '../../src/cli/serve-command';
import type { CliIo } from '../../src/cli/io';
import { ConfigError } from '../../src/support/errors';
import { SILENT_LOGGER } from '../../src/support/logger';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { REPO_ROOT } from '../support/paths';
import { scratchDataDir } from '../support/scratch-data-dir';

const data = scratchDataDir();
afterAll(() => data.remove());

function ioWith(env: Record<string, string>): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async () => '', env: { LM_DATA_DIR: data.dir, ...env }, packageRoot: REPO_ROOT };
}

async function eventually(probe: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('serve', () => {
  it('runs the console without Slack settings and answers /lm-check from the demo snapshot', async () => {
    const io = ioWith({});
    const input = new PassThrough();
    input.end(`/lm-check HV01 HV02\n/lm-check HV01\n${CREDSSP_PASTE}\n\n`);
    expect(await runServeCommand([], io, { input })).toBe(0);
    const out = io.out.join('');
    expect(out).toMatch(/Live migration delegation check: 2 hosts, 2 ordered pairs/);
    expect(out).toMatch(/lm-check: give at least 2 different hosts/);
    expect(out).toMatch(/CredSSP cannot pass your credentials/);
  });

  it('reports every configuration problem of every slice at once', async () => {
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, PORT: 'eighty', LDAP_URL: 'ldap://dc01.contoso.local' };
    const error = await runServeCommand([], ioWith(env)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(problems).toMatch(/PORT must be a TCP port/);
    expect(problems).toMatch(/LDAP_BIND_DN is not set/);
  });

  it('fails fast with a clear message when Slack rejects the bot token', async () => {
    const fake = await startSlackApiServer();
    try {
      fake.setResponse('auth.test', { ok: false, error: 'invalid_auth' });
      const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl };
      const error = await runServeCommand([], ioWith(env), { until: new Promise(() => undefined) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect((error as Error).message).not.toContain(BOT_TOKEN);
    } finally {
      await fake.close();
    }
  });

  describe('with Slack settings', () => {
    let fake: SlackApiServer;
    beforeAll(async () => { fake = await startSlackApiServer(); });
    afterAll(async () => { await fake?.close(); });

    it('starts HTTP mode on PORT with the identity from auth.test and stops on request', async () => {
      const port = await freePort();
      const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), SLACK_LOG_LEVEL: 'error', METRICS_PORT: '0' };
      let stop: () => void = () => undefined;
      const until = new Promise<void>((r) => { stop = r; });
      const running = runServeCommand([], ioWith(env), { until, logger: SILENT_LOGGER });
      const url = `http://127.0.0.1:${port}/slack/events`;
      const ts = nextTs();
      await eventually(() => fetch(url.replace('/slack/events', '/healthz')).then((r) => r.ok, () => false));
      expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
      const res = await postSigned(url, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })));
      expect(res.status).toBe(200);
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'reply');
      stop();
      expect(await running).toBe(0);
    });

    it('starts Socket Mode when an app token is set', async () => {
      const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl, SLACK_LOG_LEVEL: 'error', METRICS_PORT: '0' };
      let stop: () => void = () => undefined;
      const until = new Promise<void>((r) => { stop = r; });
      const before = fake.connections;
      const running = runServeCommand([], ioWith(env), { until, logger: SILENT_LOGGER });
      await fake.waitForConnection(before + 1, 5000);
      stop();
      expect(await running).toBe(0);
    });
  });
});
