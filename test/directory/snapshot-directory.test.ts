import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import type { Report } from '../../src/core/delegation/types';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { parseLdif } from '../../src/directory/parse-ldif';
import { SnapshotDirectory } from '../../src/directory/snapshot-directory';
import { exportSambaSnapshot } from '../support/export-samba-snapshot';
import { EXPECTED_PAIRS, FIXTURE_HOSTS, MISSING_HOST } from '../support/samba-fixtures';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';

let env: SambaEnv;
let ldif: string;
beforeAll(() => {
  env = readSambaEnv();
  ldif = exportSambaSnapshot(env);
});

const hosts = [...FIXTURE_HOSTS, 'hv01.lab.example', MISSING_HOST];
const comparable = (r: Report) => ({ hosts: r.hosts, pairs: r.pairs, operator: r.operator, spnHolders: [...r.spnHolders].sort((a, b) => a.sAMAccountName.localeCompare(b.sAMAccountName)) });

describe('SnapshotDirectory on an ldapsearch -LLL export of the same DC', () => {
  test('the export has folded lines and base64 values (what the reader must handle)', () => {
    expect(ldif).toMatch(/\n [^\n]/);
    expect(ldif).toMatch(/^msDS-AllowedToActOnBehalfOfOtherIdentity:: /m);
  });

  test.each(['lm-op-ok', 'lm-op-sensitive', 'lm-op-protected', 'nobody'])('gives the same report as LdapDirectory (operator %s)', async (operator) => {
    const request = parseLmCheckArgs(hosts);
    const live = await checkMigrationPairs(request, new LdapDirectory(sambaLdapConfig(env)), { operator });
    const snap = await checkMigrationPairs(request, new SnapshotDirectory(parseLdif(ldif)), { operator });
    expect(comparable(snap)).toEqual(comparable(live));
  });

  test.each(EXPECTED_PAIRS)('%s → %s gives %j from the snapshot too', async (s, d, expected) => {
    const report = await checkMigrationPairs(parseLmCheckArgs(FIXTURE_HOSTS), new SnapshotDirectory(parseLdif(ldif)));
    expect(report.pairs.find((p) => p.source === s && p.destination === d)?.findings.map((f) => f.code).sort()).toEqual([...expected].sort());
  });
});
