/**
 * Readiness without secrets (issue 14, item 7): /readyz reports the directory's state and error class only, never
 * its URL, bind DN or password; credentials inside LDAP_URL are refused at start-up without echoing the URL; and
 * the ops port listens on 127.0.0.1 unless OPS_HOST says otherwise.
 */
import { connect } from 'node:net';
import { runServeCommand } from '../../src/cli/serve-command';
import type { CliIo } from '../../src/cli/io';
import { loadLdapConfig } from '../../src/config/ldap-settings';
import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/support/errors';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, waitForJson } from '../support/app-process';
import { createRecordingLogger } from '../support/recording-logger';
import { freePort } from '../support/free-port';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';
import { REPO_ROOT } from '../support/paths';
import { scratchDataDir } from '../support/scratch-data-dir';

jest.setTimeout(30_000);

let fake: SlackApiServer;
beforeAll(async () => { fake = await startSlackApiServer(); });
const data = scratchDataDir();
afterAll(async () => {
  await fake?.close();
  data.remove();
});

const BIND_DN = 'CN=svc-lmcheck,OU=Service Accounts,DC=lab,DC=example';
const BIND_PASSWORD = 'Rdy-B1nd.Secret-value';
const REDIS_PASSWORD = 'rdy-Redis-Pa55';

describe('/readyz', () => {
  it('says the directory is unreachable and why in one class, with no URL, DN, host or password in the body', async () => {
    const app = await startAppProcess(fake.apiUrl, {
      LDAP_URL: 'ldaps://dc01-unreachable.lab.example:1', LDAP_BIND_DN: BIND_DN, LDAP_BIND_PASSWORD: BIND_PASSWORD, LDAP_TIMEOUT_MS: '500',
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1`,
    });
    try {
      const body = await waitForJson(`${app.opsUrl}/readyz`, (s, b) => s === 200 && b.directory === 'unreachable', 10_000);
      expect(body).toMatchObject({ status: 'ready', directory: 'unreachable', directoryError: 'directory_unavailable', redis: 'degraded' });
      const text = JSON.stringify(body);
      for (const secretish of ['ldaps:', 'dc01', 'lab.example', 'svc-lmcheck', 'DC=', BIND_PASSWORD, REDIS_PASSWORD, '127.0.0.1']) {
        expect(text).not.toContain(secretish);
      }
      // The details went to the log instead, once, with the password scrubbed.
      const logged = await app.waitForLog((r) => r.event === 'lm_directory_unreachable', 5000, 'lm_directory_unreachable');
      expect(logged).toMatchObject({ level: 'warn', errorClass: 'directory_unavailable' });
      expect(String(logged.error)).toMatch(/dc01-unreachable/);
    } finally {
      await app.stop();
    }
    expect(app.lines.join('\n')).not.toContain(BIND_PASSWORD);
  });
});

describe('credentials in LDAP_URL', () => {
  test.each([
    'ldaps://svc-lmcheck:Pa55w0rd-in-url@dc07.fabrikam.example',
    'ldaps://svc-lmcheck@dc07.fabrikam.example',
    'ldap://CONTOSO%5Csvc:Pa55w0rd-in-url@dc07.fabrikam.example:389',
  ])('%s is refused at start-up, pointing to LDAP_BIND_PASSWORD without echoing the URL', (url) => {
    const env = { LDAP_URL: url, LDAP_BIND_DN: 'svc-lmcheck@contoso.com', LDAP_BIND_PASSWORD: 'the-real-one', LDAP_STARTTLS: url.startsWith('ldap:') ? 'true' : 'false' };
    expect(() => loadLdapConfig(env)).toThrow(ConfigError);
    const problems = (() => { try { loadConfig(env, REPO_ROOT); return []; } catch (e) { return (e as ConfigError).problems; } })();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/LDAP_URL must not contain a user name or password.*LDAP_BIND_PASSWORD/);
    expect(problems[0]).not.toMatch(/Pa55w0rd-in-url|svc-lmcheck:|fabrikam/);
  });

  it('stops `lm-doctor serve` with that configuration error', async () => {
    const io: CliIo = {
      stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', packageRoot: REPO_ROOT,
      env: { LM_DATA_DIR: data.dir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, LDAP_URL: 'ldaps://svc:Pa55w0rd-in-url@dc01', LDAP_BIND_DN: 'svc@contoso.com', LDAP_BIND_PASSWORD: 'x-real-password' },
    };
    const error = await runServeCommand([], io, { until: Promise.resolve(), logger: createRecordingLogger() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('Pa55w0rd-in-url');
  });
});

describe('OPS_HOST', () => {
  /** Whether a TCP connection to host:port is accepted. */
  const accepts = (host: string, port: number) => new Promise<boolean>((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });

  async function serveWith(env: Record<string, string>) {
    let stop: () => void = () => undefined;
    const until = new Promise<void>((r) => { stop = r; });
    const opsPort = await freePort();
    const logger = createRecordingLogger();
    let started: () => void = () => undefined;
    const up = new Promise<void>((r) => { started = r; });
    const io: CliIo = {
      stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', packageRoot: REPO_ROOT,
      env: { LM_DATA_DIR: data.dir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_LOG_LEVEL: 'error', PORT: String(await freePort()), METRICS_PORT: String(opsPort), LM_WORKER_THREADS: '0', ...env },
    };
    const running = runServeCommand([], io, { until, logger, onStarted: () => started() });
    await Promise.race([up, running.then(() => { throw new Error('serve ended early'); })]);
    return { opsPort, logger, stop: async () => { stop(); return running; } };
  }

  it('defaults to 127.0.0.1: the ops port answers there and on no other address', async () => {
    const s = await serveWith({});
    try {
      expect(s.logger.events('lm_ops_listening')[0]).toMatchObject({ opsHost: '127.0.0.1' });
      expect(await accepts('127.0.0.1', s.opsPort)).toBe(true);
      expect(await accepts('127.0.0.2', s.opsPort)).toBe(false); // another loopback address of this machine
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('0.0.0.0 listens on every address (for a Prometheus or kubelet in the container network)', async () => {
    const s = await serveWith({ OPS_HOST: '0.0.0.0' });
    try {
      expect(await accepts('127.0.0.2', s.opsPort)).toBe(true);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });
});
