import { checkMigrationPairs, reportFails } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { UsageError } from '../../src/support/errors';
import { DOMAIN, UAC_WORKSTATION, computer, mesh } from '../support/accounts';
import { InMemoryDirectory } from '../support/in-memory-directory';

const names = (n: number) => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);

describe('checkMigrationPairs', () => {
  test.each([2, 3, 4])('%i hosts give n·(n−1) distinct ordered pairs, never a host with itself', async (n) => {
    const report = await checkMigrationPairs(parseLmCheckArgs(names(n)), new InMemoryDirectory(mesh(names(n))));
    expect(report.pairs).toHaveLength(n * (n - 1));
    expect(new Set(report.pairs.map((p) => `${p.source}>${p.destination}`)).size).toBe(n * (n - 1));
    expect(report.pairs.every((p) => p.source !== p.destination)).toBe(true);
    expect(report.pairs.every((p) => p.verdict === 'ok')).toBe(true);
    expect(reportFails(report)).toBe(false);
  });

  test('a fully configured mesh has no findings at all', async () => {
    const report = await checkMigrationPairs(parseLmCheckArgs(names(4)), new InMemoryDirectory(mesh(names(4))));
    expect(report.pairs.flatMap((p) => p.findings)).toEqual([]);
  });

  test('one session, one search for all hosts and one for SPN holders, whatever the number of hosts', async () => {
    for (const n of [2, 100]) {
      const directory = new InMemoryDirectory(mesh(names(n)));
      const report = await checkMigrationPairs(parseLmCheckArgs(names(n)), directory);
      expect(report.pairs).toHaveLength(n * (n - 1));
      expect(directory.calls).toEqual({ session: 1, findComputers: 1, findSpnHolders: 1, findOperator: 0 });
    }
  });

  test('the operator is read in the same session as the hosts', async () => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02']));
    await checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), directory, { operator: 'someone' });
    expect(directory.calls).toEqual({ session: 1, findComputers: 1, findSpnHolders: 1, findOperator: 1 });
  });

  test('an operator that is not an account name is a UsageError before any directory session', async () => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02']));
    await expect(checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), directory, { operator: '*)(cn=*' })).rejects.toBeInstanceOf(UsageError);
    expect(directory.calls.session).toBe(0);
  });

  test('short name, FQDN and account name of the same host are merged', async () => {
    const report = await checkMigrationPairs(parseLmCheckArgs(['HV01', `hv01.${DOMAIN}`, 'HV01$', 'HV02']), new InMemoryDirectory(mesh(['HV01', 'HV02'])));
    expect(report.hosts.map((h) => h.name)).toEqual(['HV01', 'HV02']);
    expect(report.pairs).toHaveLength(2);
  });

  test('an FQDN in another domain is not the local host of the same short name', async () => {
    const report = await checkMigrationPairs(parseLmCheckArgs(['hv01.fabrikam.local', 'HV02']), new InMemoryDirectory(mesh(['HV01', 'HV02'])));
    expect(report.hosts[0]).toMatchObject({ input: 'hv01.fabrikam.local', name: 'HV01.FABRIKAM.LOCAL', found: false });
    expect(report.pairs.map((p) => p.verdict)).toEqual(['fail', 'fail']);
  });

  test('an FQDN finds an account that has no dNSHostName by its first label', async () => {
    const [a, b] = mesh(['HV01', 'HV02']);
    delete a.dnsHostName;
    const report = await checkMigrationPairs(parseLmCheckArgs([`hv01.${DOMAIN}`, 'HV02']), new InMemoryDirectory([a, b]));
    expect(report.hosts[0]).toMatchObject({ name: 'HV01', found: true });
  });

  test('a missing host fails every pair it is in and is named in upper case', async () => {
    const report = await checkMigrationPairs(parseLmCheckArgs(['HV01', 'HV02', 'hv99']), new InMemoryDirectory(mesh(['HV01', 'HV02'])));
    const withMissing = report.pairs.filter((p) => p.source === 'HV99' || p.destination === 'HV99');
    expect(withMissing).toHaveLength(4);
    for (const p of withMissing) expect(p.findings.map((f) => f.code)).toEqual(['host-not-found']);
    expect(report.pairs.filter((p) => p.verdict === 'ok')).toHaveLength(2);
    expect(reportFails(report)).toBe(true);
  });

  test('no SPN-holder search when no host was found', async () => {
    const directory = new InMemoryDirectory([]);
    await checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), directory);
    expect(directory.calls.findSpnHolders).toBe(0);
  });

  test('pair verdicts are directional', async () => {
    const [a, b] = mesh(['HV01', 'HV02']);
    a.userAccountControl = UAC_WORKSTATION;
    const report = await checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), new InMemoryDirectory([a, b]));
    expect(report.pairs.map((p) => [p.source, p.destination, p.verdict])).toEqual([['HV01', 'HV02', 'warn'], ['HV02', 'HV01', 'ok']]);
  });
});

describe('operator check', () => {
  const ops = [
    { sAMAccountName: 'ok-admin', userPrincipalName: 'ok-admin@contoso.local', userAccountControl: 0x10200, protectedUsers: false },
    { sAMAccountName: 'sensitive-admin', userAccountControl: 0x110200, protectedUsers: false },
    { sAMAccountName: 'protected-admin', userAccountControl: 0x10200, protectedUsers: true },
  ];
  test.each([
    ['ok-admin', []],
    ['OK-ADMIN@contoso.local', []],
    ['sensitive-admin', ['operator-sensitive']],
    ['protected-admin', ['operator-protected-user']],
    ['nobody', ['operator-not-found']],
  ])('%s → %j', async (operator, codes) => {
    const report = await checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), new InMemoryDirectory(mesh(['HV01', 'HV02']), [], ops), { operator });
    expect(report.operator?.findings.map((f) => f.code)).toEqual(codes);
    expect(reportFails(report)).toBe(codes.some((c) => c !== 'operator-not-found'));
  });
});
