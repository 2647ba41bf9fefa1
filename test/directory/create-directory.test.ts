import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import type { Directory } from '../../src/core/delegation/directory';
import { createDirectory } from '../../src/directory/create-directory';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { REPO_ROOT } from '../support/paths';

const checkHosts = (hosts: string[], directory: Directory) => checkMigrationPairs(parseLmCheckArgs(hosts), directory);

describe('createDirectory', () => {
  test('without LDAP: the shipped demo snapshot answers at once', async () => {
    const directory = createDirectory(undefined, REPO_ROOT);
    expect(directory.kind).toBe('demo');
    const report = await checkHosts(['HV01', 'HV02', 'HV03'], directory);
    expect(report.hosts.every((h) => h.found)).toBe(true);
    // HV03 relies on unconstrained delegation on Windows Server 2025, which Credential Guard blocks.
    expect(new Set(report.pairs.map((p) => p.verdict))).toEqual(new Set(['ok', 'warn', 'fail']));
    expect(report.pairs.filter((p) => p.verdict === 'fail').every((p) => p.source === 'HV03')).toBe(true);
  });

  test('the demo snapshot has hosts in every state (fail, warn and ok pairs)', async () => {
    const report = await checkHosts(['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06', 'HV07'], createDirectory(undefined, REPO_ROOT));
    expect(new Set(report.pairs.map((p) => p.verdict))).toEqual(new Set(['ok', 'warn', 'fail']));
  });

  test('with LDAP configured: an LdapDirectory (no connection until used)', () => {
    const directory = createDirectory({ url: 'ldaps://dc01.contoso.local', bindDn: 'a@b', bindPassword: 'x', startTls: false, allowPlain: false, timeoutMs: 5000 }, REPO_ROOT);
    expect(directory).toBeInstanceOf(LdapDirectory);
    expect(directory.kind).toBe('ldap');
  });

  test('a missing demo file surfaces as a configuration error on first use', async () => {
    await expect(checkHosts(['HV01', 'HV02'], createDirectory(undefined, '/nonexistent'))).rejects.toThrow(/cannot read the snapshot/);
  });
});
