/**
 * One check is one LDAP bind, counted from outside the code under test: a TCP proxy in front of the Samba DC
 * (test/support/ldap-counting-proxy.ts) counts the connections it accepts and, on plain LDAP, the BindRequest,
 * SearchRequest and UnbindRequest PDUs the client sends. Each entry point runs one check against an LdapDirectory
 * behind the proxy; a control run with one session per read (the shape before sessions) shows that the counter
 * does see every extra bind.
 */
import { runCheckCommand } from '../../src/cli/check-command';
import { loadConfig } from '../../src/config/load-config';
import type { CliIo } from '../../src/cli/io';
import { answerConsoleCheck } from '../../src/console/answer-check';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { LdapConfig } from '../../src/config/ldap-settings';
import { checkPastePair } from '../../src/slack/check-paste-pair';
import { startLdapCountingProxy, type LdapCountingProxy } from '../support/ldap-counting-proxy';
import { REPO_ROOT } from '../support/paths';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';

const OPERATOR = 'lm-op-ok';
let env: SambaEnv;
let plain: LdapCountingProxy;
let tls: LdapCountingProxy;

beforeAll(async () => {
  env = readSambaEnv();
  const target = (url: string) => ({ host: new URL(url).hostname, port: Number(new URL(url).port || (url.startsWith('ldaps') ? 636 : 389)) });
  plain = await startLdapCountingProxy(target(env.SAMBA_AD_LDAP_URL));
  tls = await startLdapCountingProxy(target(env.SAMBA_AD_LDAPS_URL));
});
afterAll(async () => {
  await plain?.close();
  await tls?.close();
});

/** Plain LDAP through the proxy, so every PDU can be read; no base DN, so each directory reads the rootDSE once. */
const plainConfig = (): LdapConfig => sambaLdapConfig(env, { url: `ldap://127.0.0.1:${plain.port}`, allowPlain: true, caFile: undefined });

async function counted(proxy: LdapCountingProxy, run: () => Promise<unknown>) {
  proxy.reset();
  await run();
  await proxy.idle();
  return proxy.counts();
}

async function cli(args: string[], vars: Record<string, string>): Promise<string> {
  let out = '';
  const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, readStdin: async () => '', env: vars, packageRoot: REPO_ROOT };
  const code = await runCheckCommand(args, io, () => loadConfig(io.env, REPO_ROOT));
  if (code > 1) throw new Error(`lm-doctor check exited ${code}: ${out}`);
  return out;
}

describe('one check, one LDAP bind (counted by a proxy in front of the Samba DC)', () => {
  test('lm-doctor check HV01 HV02 HV03 --operator: 1 connection, 1 bind, 5 searches, 1 unbind', async () => {
    let out = '';
    const counts = await counted(plain, async () => {
      out = await cli(['HV01', 'HV02', 'HV03', '--operator', OPERATOR], {
        LDAP_URL: `ldap://127.0.0.1:${plain.port}`, LDAP_ALLOW_PLAIN: 'true', LDAP_BIND_DN: env.SAMBA_AD_BIND_DN, LDAP_BIND_PASSWORD: env.SAMBA_AD_BIND_PASSWORD,
      });
    });
    expect(out).toMatch(/HV01 -> HV02/);
    expect(out).toContain(OPERATOR);
    // rootDSE (base DN), the computers, the holders of their migration SPNs, the operator, its tokenGroups.
    expect(counts).toEqual({ connections: 1, binds: 1, searches: 5, unbinds: 1, extended: 0 });
  });

  test('checkMigrationPairs (what /lm-check runs): one bind, the operator read on the same connection', async () => {
    const counts = await counted(plain, async () => {
      const report = await checkMigrationPairs(parseLmCheckArgs('HV01 HV02 HV03'), new LdapDirectory(plainConfig()), { operator: OPERATOR });
      expect(report.hosts.every((h) => h.found)).toBe(true);
      expect(report.operator?.found).toBe(true);
    });
    expect(counts).toMatchObject({ connections: 1, binds: 1, unbinds: 1 });
  });

  test("the console's /lm-check: one bind", async () => {
    const counts = await counted(plain, async () => {
      expect(await answerConsoleCheck('HV01 HV02 HV03', new LdapDirectory(plainConfig()))).toMatch(/HV03 -> HV01/);
    });
    expect(counts).toMatchObject({ connections: 1, binds: 1, unbinds: 1 });
  });

  test('the automatic pair check of a pasted error: one bind, the pair and its reverse', async () => {
    const counts = await counted(plain, async () => {
      const outcome = await checkPastePair({ source: 'HV01', destination: 'HV02', hosts: ['HV01', 'HV02'] }, new LdapDirectory(plainConfig()), 5000, true);
      expect(outcome).toMatchObject({ kind: 'result', pair: { source: 'HV01', destination: 'HV02' }, reverse: { source: 'HV02', destination: 'HV01' }, notFound: [] });
    });
    // rootDSE, the two computers, the holders of their migration SPNs.
    expect(counts).toEqual({ connections: 1, binds: 1, searches: 3, unbinds: 1, extended: 0 });
  });

  test('over LDAPS: one check is one TLS connection', async () => {
    const counts = await counted(tls, () =>
      checkMigrationPairs(parseLmCheckArgs('HV01 HV02 HV03'), new LdapDirectory(sambaLdapConfig(env, { url: `ldaps://127.0.0.1:${tls.port}` })), { operator: OPERATOR }));
    expect(counts.connections).toBe(1);
  });

  test('control: one session per read, the shape before sessions, makes one bind per read', async () => {
    const directory = new LdapDirectory(plainConfig());
    const counts = await counted(plain, async () => {
      await directory.session((r) => r.findComputers(['HV01', 'HV02', 'HV03']));
      await directory.session((r) => r.findSpnHolders(['Microsoft Virtual System Migration Service/HV01']));
      await directory.session((r) => r.findOperator(OPERATOR));
    });
    expect(counts).toMatchObject({ connections: 3, binds: 3, unbinds: 3 });
    expect(directory.bindCount).toBe(3);
  });
});
