/**
 * LDAP faults seen from Slack, against the real Samba DC: a paused DC (SIGSTOP), a dead port, a server that never
 * answers, a connection dropped mid-search, the wrong CA and a password that must be changed. Each /lm-check gets
 * a clear answer within LDAP_TIMEOUT_MS (plus a margin), /healthz stays 200, /readyz stays 200 and reports the
 * directory unreachable, and the app keeps answering pastes; once the DC is back, checks work again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { MEMORY_PASTE } from '../support/slack-pastes';
import { getJson } from '../support/prometheus-text';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { LdapConfig } from '../../src/config/ldap-settings';
import { createMetrics } from '../../src/support/metrics';
import { createHealth } from '../../src/support/health';
import { instrumentDirectory } from '../../src/ops/instrument-directory';
import { createOpsHandler, startOpsServer } from '../../src/ops/ops-server';
import { describeFailure } from '../../src/support/describe-failure';
import { DirectoryAuthError, DirectoryUnavailableError } from '../../src/support/errors';

jest.setTimeout(30_000);

const TIMEOUT_MS = 1000;
const EXPIRED_USER = 'lm-expired';
const EXPIRED_PASSWORD = 'Expired-Pa55.word';
let env: SambaEnv;
let fake: SlackApiServer;
let scratch: string;
const servers: Server[] = [];
const sockets = new Set<Socket>();
let n = 0;

beforeAll(async () => {
  env = readSambaEnv();
  fake = await startSlackApiServer();
  scratch = mkdtempSync(join(tmpdir(), 'lm-app-ldap-'));
});
afterAll(async () => {
  if (env) await asAdmin((admin, dn) => admin.del(dn).catch(() => undefined)); // leave the fixtures as seeded
  for (const socket of sockets) socket.destroy();
  for (const s of servers) await new Promise((r) => s.close(r));
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A TCP proxy to the DC's plain LDAP port that forwards the bind, then cuts both sides at the first search. */
async function droppingProxy(): Promise<number> {
  const target = new URL(env.SAMBA_AD_LDAP_URL);
  return listen(createServer((client: Socket) => {
    const upstream = connect(Number(target.port || 389), target.hostname);
    let requests = 0;
    client.on('data', (d) => { if (++requests >= 2) { client.destroy(); upstream.destroy(); } else upstream.write(d); });
    upstream.on('data', (d) => client.write(d));
    for (const s of [client, upstream]) s.on('error', () => undefined);
  }));
}

/** Runs `work` bound as the DC's Administrator over LDAPS. */
async function asAdmin(work: (admin: Client, dn: string) => Promise<void>): Promise<void> {
  const admin = new Client({ url: env.SAMBA_AD_LDAPS_URL, tlsOptions: { ca: readFileSync(env.SAMBA_AD_CA_FILE) } });
  try {
    await admin.bind(env.SAMBA_AD_ADMIN_DN, env.SAMBA_AD_ADMIN_PASSWORD);
    await work(admin, `CN=${EXPIRED_USER},CN=Users,${env.SAMBA_AD_BASE_DN}`);
  } finally {
    await admin.unbind();
  }
}

/** A user whose password must be changed before use (pwdLastSet = 0): AD answers the bind with 49 / data 773. */
async function createExpiredUser(): Promise<void> {
  await asAdmin(async (admin, dn) => {
    await admin.del(dn).catch(() => undefined);
    await admin.add(dn, [
      new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
      new Attribute({ type: 'sAMAccountName', values: [EXPIRED_USER] }),
      new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${EXPIRED_PASSWORD}"`, 'utf16le')] }),
      new Attribute({ type: 'userAccountControl', values: ['512'] }),
    ]);
    await admin.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdLastSet', values: ['0'] }) }));
  });
}

interface Fault {
  name: string;
  config: () => Promise<Partial<LdapConfig>>;
  message: string;
  log: RegExp;
  during?: { before(): void; after(): void };
}

const pid = () => Number(env.SAMBA_AD_PID);
/** What a channel is told for each kind of directory failure (the one mapping, describeFailure). */
const UNAVAILABLE = describeFailure(new DirectoryUnavailableError('x')).sentence;
const REFUSED = describeFailure(new DirectoryAuthError('x')).sentence;
const FAULTS: Fault[] = [
  { name: 'the DC process paused (SIGSTOP)', config: async () => ({}), message: UNAVAILABLE, log: /within 1000 ms \(LDAP_TIMEOUT_MS\)/,
    during: { before: () => process.kill(pid(), 'SIGSTOP'), after: () => process.kill(pid(), 'SIGCONT') } },
  { name: 'a dead port (connection refused)', config: async () => ({ url: 'ldaps://127.0.0.1:1' }), message: UNAVAILABLE, log: /ECONNREFUSED/ },
  { name: 'a server that accepts and never answers', config: async () => ({ url: `ldap://127.0.0.1:${await listen(createServer(() => undefined))}`, allowPlain: true }),
    message: UNAVAILABLE, log: /did not answer within 1000 ms/ },
  { name: 'the connection dropped mid-search', config: async () => ({ url: `ldap://127.0.0.1:${await droppingProxy()}`, allowPlain: true, baseDn: env.SAMBA_AD_BASE_DN }),
    message: UNAVAILABLE, log: /cannot reach|closed|ECONNRESET/i },
  { name: 'a CA that did not sign the DC certificate', config: async () => {
    const ca = join(scratch, 'other-ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(scratch, 'k.pem'), '-out', ca, '-days', '1', '-subj', '/CN=Other CA'], { stdio: 'ignore' });
    return { caFile: ca };
  }, message: UNAVAILABLE, log: /LDAP_CA_FILE .*other-ca\.pem/ },
  { name: 'a bind password that must be changed (expired)', config: async () => {
    await createExpiredUser();
    return { bindDn: `${EXPIRED_USER}@lab.example`, bindPassword: EXPIRED_PASSWORD };
  }, message: REFUSED, log: /must be changed before first use \(AD 773/ },
];

describe('/lm-check when the directory fails', () => {
  test.each(FAULTS)('$name: clear answer in time, process healthy, readiness kept', async (fault) => {
    const metrics = createMetrics();
    const health = createHealth();
    const config = sambaLdapConfig(env, { timeoutMs: TIMEOUT_MS, ...(await fault.config()) });
    const directory = instrumentDirectory(new LdapDirectory(config), metrics, health);
    const app = await startTestApp({ mode: 'http', fake, directory, services: { metrics, health } });
    health.slackConnected = true;
    const ops = await startOpsServer(createOpsHandler(health, metrics.registry), 0, '127.0.0.1');
    try {
      fault.during?.before();
      const id = `fault-${++n}`;
      const started = Date.now();
      try {
        await postSigned(app.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl(id), { user_id: `U0FAULT${n}` }), { kind: 'command' });
        const answer = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), TIMEOUT_MS + 3000, 'answer');
        expect(answer.body.text).toBe(fault.message);
        expect(answer.at - started).toBeLessThan(TIMEOUT_MS + 1000);
        expect((await getJson(`http://127.0.0.1:${ops.port}/healthz`)).status).toBe(200);
        expect(await getJson(`http://127.0.0.1:${ops.port}/readyz`)).toMatchObject({ status: 200, body: { directory: 'unreachable' } });
        const ts = nextTs();
        await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: MEMORY_PASTE })));
        await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'paste still answered');
      } finally {
        fault.during?.after();
      }
      expect(String(app.logger.events('lm_check_failed')[0]?.error)).toMatch(fault.log);
      expect(JSON.stringify(app.logger.records)).not.toContain(config.bindPassword);
    } finally {
      await app.stop();
      await ops.close();
    }
  });

  it('works again once the paused DC resumes, and readiness reports the directory ok', async () => {
    const metrics = createMetrics();
    const health = createHealth();
    const directory = instrumentDirectory(new LdapDirectory(sambaLdapConfig(env, { timeoutMs: TIMEOUT_MS })), metrics, health);
    process.kill(pid(), 'SIGSTOP');
    try {
      await directory.probe();
      expect(health.directory).toBe('unreachable');
    } finally {
      process.kill(pid(), 'SIGCONT');
    }
    await directory.probe();
    expect(health.directory).toBe('ok');
    expect(await directory.session((reader) => reader.findComputers(['HV01']))).toHaveLength(1);
  });
});
