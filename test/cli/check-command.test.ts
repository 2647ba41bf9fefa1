import { join } from 'node:path';
import { runCheckCommand } from '../../src/cli/check-command';
import { loadConfig } from '../../src/config/load-config';
import type { CliIo } from '../../src/cli/io';
import { REPO_ROOT } from '../support/paths';
import { readSambaEnv, type SambaEnv } from '../support/samba-env';

interface Run { code: number; stdout: string; stderr: string }

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '', env, packageRoot: REPO_ROOT };
  const code = await runCheckCommand(args, io, () => loadConfig(io.env, REPO_ROOT));
  return { code, stdout, stderr };
}

const DEMO = join(REPO_ROOT, 'data', 'demo-directory.ldif');

describe('lm-doctor check: usage (exit 2, one line naming the problem, nothing on stdout)', () => {
  test.each([
    [[], /at least 2/],
    [['HV01'], /"HV01"/],
    [['HV01', 'HV(02)'], /"HV\(02\)"/],
    [['HV01', 'HV02', '--frobnicate'], /"--frobnicate"/],
    [['HV01', 'HV02', '--json', '--fix-script'], /cannot be combined/],
    [['HV01', 'HV02', '--snapshot'], /--snapshot needs a value/],
    [['HV01', 'HV02', '--operator', 'x)(cn=*'], /operator "x\)\(cn=\*"/],
  ])('%j', async (args, message) => {
    const r = await run(args, { LDAP_URL: 'ldaps://127.0.0.1:1' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first] = r.stderr.split('\n');
    expect(first).toMatch(message);
  });
});

describe('lm-doctor check --snapshot (the demo directory)', () => {
  test('a ready pair and a Kerberos-only pair: exit 0, matrix, findings, fix script', async () => {
    const r = await run(['HV01', 'HV02', '--snapshot', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/from \\ to/);
    expect(r.stdout).toMatch(/HV01 -> HV02: WARN/);
    expect(r.stdout).toMatch(/kerberos-only/);
    expect(r.stdout).toMatch(/Enable-LmProtocolTransition 'HV01\$'/);
  });

  test('a disabled host and a missing one: exit 1', async () => {
    const r = await run(['HV01', 'HV04', 'HV99', `--snapshot=${DEMO}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/account-disabled/);
    expect(r.stdout).toMatch(/host-not-found/);
  });

  test('--json', async () => {
    const r = await run(['hv01.lab.example', 'HV02', '--json', '--snapshot', DEMO]);
    const json = JSON.parse(r.stdout);
    expect(json.pairs.map((p: { source: string }) => p.source)).toEqual(['HV01', 'HV02']);
    expect(json.hosts[0]).toMatchObject({ input: 'hv01.lab.example', name: 'HV01', found: true });
  });

  test('--fix-script prints only PowerShell', async () => {
    const r = await run(['HV01', 'HV05', 'HV02', '--fix-script', '--snapshot', DEMO]);
    expect(r.stdout.startsWith('# lm-doctor fix script')).toBe(true);
    expect(r.stdout).not.toMatch(/from \\ to|Findings/);
    expect(r.stdout).toMatch(/Add-LmDelegation 'HV05\$'/);
  });

  test('--operator in Protected Users fails the check', async () => {
    const r = await run(['HV02', 'HV01', '--operator', 'lm-op-protected', '--snapshot', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/operator-protected-user/);
  });

  test('a missing snapshot file is a configuration error (exit 4)', async () => {
    expect((await run(['HV01', 'HV02', '--snapshot', '/nonexistent.ldif'])).code).toBe(4);
  });
});

describe('lm-doctor check: configuration', () => {
  test('no LDAP and no snapshot: exit 4 with what to set', async () => {
    const r = await run(['HV01', 'HV02']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/LDAP_URL.*--snapshot/);
  });

  test('plain ldap:// without LDAP_ALLOW_PLAIN: exit 4', async () => {
    const r = await run(['HV01', 'HV02'], { LDAP_URL: 'ldap://127.0.0.1', LDAP_BIND_DN: 'x@y', LDAP_BIND_PASSWORD: 'Pw-in-env.9' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/LDAP_ALLOW_PLAIN/);
    expect(r.stderr).not.toContain('Pw-in-env.9');
  });

  test('--dry-run prints the one escaped search and does not connect', async () => {
    const r = await run(['HV01', 'hv02.lab.example', '--dry-run'], { LDAP_URL: 'ldaps://127.0.0.1:1', LDAP_BIND_DN: 'svc@lab.example', LDAP_BIND_PASSWORD: 'Pw-in-env.9' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(&(objectClass=computer)(|(sAMAccountName=HV01$)(sAMAccountName=HV02$)(dNSHostName=hv02.lab.example)))');
    expect(r.stdout).not.toContain('Pw-in-env.9');
  });
});

describe('lm-doctor check against the Samba AD DC', () => {
  let env: SambaEnv;
  let ldapEnv: Record<string, string>;
  beforeAll(() => {
    env = readSambaEnv();
    ldapEnv = { LDAP_URL: env.SAMBA_AD_LDAPS_URL, LDAP_BIND_DN: env.SAMBA_AD_BIND_DN, LDAP_BIND_PASSWORD: env.SAMBA_AD_BIND_PASSWORD, LDAP_CA_FILE: env.SAMBA_AD_CA_FILE };
  });

  test('the same output as the demo snapshot for the same hosts (LDAP_BASE_DN from the rootDSE)', async () => {
    const live = await run(['HV01', 'HV02', 'HV03', 'HV05', '--json'], ldapEnv);
    const demo = await run(['HV01', 'HV02', 'HV03', 'HV05', '--json', '--snapshot', DEMO]);
    expect(live.code).toBe(demo.code);
    const strip = (s: string) => { const j = JSON.parse(s); return { pairs: j.pairs, names: j.hosts.map((h: { name: string }) => h.name) }; };
    expect(strip(live.stdout)).toEqual(strip(demo.stdout));
  });

  test('StartTLS from the environment; exit 1 when a pair fails', async () => {
    const r = await run(['HV01', 'HV04'], { ...ldapEnv, LDAP_URL: env.SAMBA_AD_LDAP_URL, LDAP_STARTTLS: 'true', LDAP_BASE_DN: env.SAMBA_AD_BASE_DN });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  test('wrong password: exit 3, and the password is nowhere in the output', async () => {
    const r = await run(['HV01', 'HV02'], { ...ldapEnv, LDAP_BIND_PASSWORD: 'Not-The-Password.1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/invalid credentials/);
    expect(r.stdout + r.stderr).not.toContain('Not-The-Password.1');
  });

  test('unreachable DC: exit 3 within LDAP_TIMEOUT_MS', async () => {
    const r = await run(['HV01', 'HV02'], { ...ldapEnv, LDAP_URL: 'ldaps://127.0.0.1:1', LDAP_TIMEOUT_MS: '1000' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach/);
  });
});
