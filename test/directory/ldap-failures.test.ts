import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { ConfigError, DirectoryAuthError, DirectoryUnavailableError, LmError } from '../../src/support/errors';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';

let env: SambaEnv;
let scratch: string;
beforeAll(() => {
  env = readSambaEnv();
  scratch = mkdtempSync(join(tmpdir(), 'lm-ldap-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function failure(directory: LdapDirectory): Promise<LmError> {
  const err = await directory.session((reader) => reader.findComputers(['HV01', 'HV02'])).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof LmError)) throw new Error(`expected a typed LmError, got ${String(err)}`);
  return err;
}

describe('binds and transport security', () => {
  test('StartTLS on ldap:// with the CA reads the fixtures', async () => {
    const d = new LdapDirectory(sambaLdapConfig(env, { url: env.SAMBA_AD_LDAP_URL, startTls: true }));
    expect((await d.session((r) => r.findComputers(['HV01', 'HV02']))).map((a) => a.sAMAccountName).sort()).toEqual(['HV01$', 'HV02$']);
  });

  test('a plain simple bind is refused before any network I/O unless LDAP_ALLOW_PLAIN', async () => {
    const refused = new LdapDirectory(sambaLdapConfig(env, { url: env.SAMBA_AD_LDAP_URL, caFile: undefined }));
    const err = await failure(refused);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/LDAP_ALLOW_PLAIN/);
    expect(refused.searchCount).toBe(0);
    const allowed = new LdapDirectory(sambaLdapConfig(env, { url: env.SAMBA_AD_LDAP_URL, caFile: undefined, allowPlain: true }));
    expect(await allowed.session((r) => r.findComputers(['HV01', 'HV02']))).toHaveLength(2);
  });

  test('wrong password → DirectoryAuthError (49) that does not contain the password', async () => {
    const password = 'Wr0ng-Secret.value';
    const err = await failure(new LdapDirectory(sambaLdapConfig(env, { bindPassword: password })));
    expect(err).toBeInstanceOf(DirectoryAuthError);
    expect(err.message).toMatch(/invalid credentials \(49\)/);
    expect(err.message).not.toContain(password);
    expect(JSON.stringify(err)).not.toContain(password);
  });

  test('TLS with a CA that did not sign the server certificate names LDAP_CA_FILE', async () => {
    const wrongCa = join(scratch, 'other-ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(scratch, 'k.pem'), '-out', wrongCa,
      '-days', '1', '-subj', '/CN=Some other CA'], { stdio: 'ignore' });
    const err = await failure(new LdapDirectory(sambaLdapConfig(env, { caFile: wrongCa })));
    expect(err).toBeInstanceOf(DirectoryUnavailableError);
    expect(err.message).toMatch(/LDAP_CA_FILE .*other-ca\.pem/);
    const noCa = await failure(new LdapDirectory(sambaLdapConfig(env, { caFile: undefined })));
    expect(noCa.message).toMatch(/LDAP_CA_FILE is not set/);
  });

  test('StartTLS with the wrong CA fails the same way', async () => {
    const err = await failure(new LdapDirectory(sambaLdapConfig(env, { url: env.SAMBA_AD_LDAP_URL, startTls: true, caFile: undefined })));
    expect(err).toBeInstanceOf(DirectoryUnavailableError);
    expect(err.message).toMatch(/LDAP_CA_FILE/);
  });

  test('an unreadable CA file is a configuration error', async () => {
    await expect(failure(new LdapDirectory(sambaLdapConfig(env, { caFile: join(scratch, 'missing.pem') })))).resolves.toBeInstanceOf(ConfigError);
  });

  test('a base DN that does not exist → DirectoryUnavailableError naming LDAP_BASE_DN', async () => {
    const err = await failure(new LdapDirectory(sambaLdapConfig(env, { baseDn: 'OU=Nowhere,DC=lab,DC=example' })));
    expect(err).toBeInstanceOf(DirectoryUnavailableError);
    expect(err.message).toMatch(/LDAP_BASE_DN/);
  });
});

describe('unreachable servers are bounded by timeoutMs', () => {
  test('connection refused', async () => {
    const err = await failure(new LdapDirectory(sambaLdapConfig(env, { url: 'ldaps://127.0.0.1:1', timeoutMs: 2000 })));
    expect(err).toBeInstanceOf(DirectoryUnavailableError);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  test('the DC process stopped (SIGSTOP): LDAPS and LDAP both fail within the timeout', async () => {
    const pid = Number(env.SAMBA_AD_PID);
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, 'SIGSTOP');
    try {
      for (const config of [sambaLdapConfig(env, { timeoutMs: 800 }), sambaLdapConfig(env, { url: env.SAMBA_AD_LDAP_URL, allowPlain: true, timeoutMs: 800 })]) {
        const started = Date.now();
        const err = await failure(new LdapDirectory(config));
        expect(err).toBeInstanceOf(DirectoryUnavailableError);
        expect(err.message).toMatch(/within 800 ms|timeout|timed out/i);
        expect(Date.now() - started).toBeLessThan(800 + 400);
      }
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  test('a server that accepts and never answers', async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const started = Date.now();
      const err = await failure(new LdapDirectory(sambaLdapConfig(env, { url: `ldap://127.0.0.1:${port}`, allowPlain: true, timeoutMs: 500 })));
      expect(err).toBeInstanceOf(DirectoryUnavailableError);
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      server.close();
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

describe('hostile input', () => {
  test('injection-shaped names are escaped: they match nothing instead of every computer', async () => {
    await new LdapDirectory(sambaLdapConfig(env)).session(async (r) => {
      expect(await r.findComputers(['*', '*)(objectClass=*', 'HV0*', '\\2a', 'HV01)(|(sAMAccountName=*'])).toEqual([]);
      expect(await r.findSpnHolders(['*', 'Microsoft Virtual System Migration Service/*'])).toEqual([]);
      expect(await r.findOperator('*')).toBeUndefined();
    });
  });
});

describe('operator lookup (tokenGroups, nested Protected Users)', () => {
  test.each([
    ['lm-op-ok', false, false],
    ['lm-op-sensitive@lab.example', true, false],
    ['lm-op-protected', false, true],
  ])('%s', async (name, sensitive, protectedUsers) => {
    const op = await new LdapDirectory(sambaLdapConfig(env)).session((r) => r.findOperator(name));
    expect(op).toBeDefined();
    expect(((op?.userAccountControl ?? 0) & 0x100000) !== 0).toBe(sensitive);
    expect(op?.protectedUsers).toBe(protectedUsers);
  });
});
