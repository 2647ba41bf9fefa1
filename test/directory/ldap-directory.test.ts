import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import type { Report } from '../../src/core/delegation/types';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { EXPECTED_PAIRS, FIXTURE_HOSTS, MISSING_HOST } from '../support/samba-fixtures';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';

let env: SambaEnv;
beforeAll(() => {
  env = readSambaEnv();
});

const codes = (report: Report, s: string, d: string) =>
  report.pairs.find((p) => p.source === s && p.destination === d)?.findings.map((f) => f.code).sort();

describe('LdapDirectory against the Samba AD DC (LDAPS, read-only account)', () => {
  let report: Report;
  let directory: LdapDirectory;
  beforeAll(async () => {
    directory = new LdapDirectory(sambaLdapConfig(env));
    report = await checkMigrationPairs(parseLmCheckArgs([...FIXTURE_HOSTS, MISSING_HOST]), directory);
  });

  test.each(EXPECTED_PAIRS)('%s → %s gives %j', (s, d, expected) => {
    expect(codes(report, s, d)).toEqual([...expected].sort());
  });

  test('every ordered pair is reported: N×(N−1)', () => {
    const n = FIXTURE_HOSTS.length + 1;
    expect(report.pairs).toHaveLength(n * (n - 1));
  });

  test('a host without a computer account is a fail in both directions', () => {
    for (const [s, d] of [[MISSING_HOST, 'HV01'], ['HV01', MISSING_HOST]]) {
      const pair = report.pairs.find((p) => p.source === s && p.destination === d);
      expect(pair?.verdict).toBe('fail');
      expect(pair?.findings.map((f) => f.code)).toEqual(['host-not-found']);
    }
    expect(report.hosts.find((h) => h.name === MISSING_HOST)).toMatchObject({ found: false, enabled: false });
  });

  test('reads attributes as AD stores them: UAC, both SPN forms, RBCD SIDs mapped to objectSid', () => {
    const host = (n: string) => report.hosts.find((h) => h.name === n)?.account;
    expect(host('HV02')?.userAccountControl).toBe(0x1001000);
    expect(host('HV01')?.dnsHostName?.toLowerCase()).toBe('hv01.lab.example');
    expect(host('HV01')?.allowedToDelegateTo).toHaveLength(4);
    expect(host('HV03')?.rbcdAllowedSids.sort()).toEqual([host('HV01')?.objectSid, host('HV02')?.objectSid].sort());
    expect(host('HV01')?.objectSid).toMatch(/^S-1-5-21-\d+-\d+-\d+-\d+$/);
  });

  test('constant round trips: one bind, one computer search, one SPN-holder search (+ rootDSE)', () => {
    expect(directory.bindCount).toBe(1);
    expect(directory.searchCount).toBe(3);
  });

  test('a reader cannot be used after its session ended', async () => {
    const reader = await new LdapDirectory(sambaLdapConfig(env)).session(async (r) => r);
    await expect(reader.findComputers(['HV01'])).rejects.toThrow(/after its session ended/);
  });

  test('more than 100 names are chunked: one search per 100 hosts, same accounts', async () => {
    const many = new LdapDirectory(sambaLdapConfig(env, { baseDn: env.SAMBA_AD_BASE_DN }));
    const names = [...Array.from({ length: 150 }, (_, i) => `NOHOST${i}`), 'HV01', 'hv02.lab.example'];
    const found = await many.session((reader) => reader.findComputers(names));
    expect(found.map((a) => a.sAMAccountName).sort()).toEqual(['HV01$', 'HV02$']);
    expect(many.searchCount).toBe(2);
  });
});
