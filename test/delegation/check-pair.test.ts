/**
 * checkPair, the automatic pair check's entry point: exactly the pasted pair and its reverse, in one directory
 * session, with the same verdicts and findings checkMigrationPairs gives for the same two hosts.
 */
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { checkPair } from '../../src/core/delegation/check-pair';
import { DEFAULT_SCOPE, type CheckScope, type ComputerAccount } from '../../src/core/delegation/types';
import { UsageError } from '../../src/support/errors';
import { DOMAIN, MIGRATION, UAC_DISABLED, UAC_UNCONSTRAINED, UAC_WORKSTATION, computer, delegationTo, mesh } from '../support/accounts';
import { InMemoryDirectory } from '../support/in-memory-directory';

const STORAGE: CheckScope = { ...DEFAULT_SCOPE, storage: true };

const setups: Array<[string, () => ComputerAccount[]]> = [
  ['a configured mesh', () => mesh(['HV01', 'HV02'])],
  ['Kerberos only, migration service only (no cifs)', () => [
    computer('HV01', { userAccountControl: UAC_WORKSTATION, allowedToDelegateTo: [`${MIGRATION}/HV02`, `${MIGRATION}/hv02.${DOMAIN}`] }),
    computer('HV02', { allowedToDelegateTo: delegationTo('HV01') }),
  ]],
  ['no delegation at all', () => [computer('HV01'), computer('HV02')]],
  ['a disabled destination', () => [computer('HV01', { allowedToDelegateTo: delegationTo('HV02') }), computer('HV02', { userAccountControl: UAC_DISABLED })]],
  ['unconstrained source, destination without SPNs', () => [computer('HV01', { userAccountControl: UAC_UNCONSTRAINED }), computer('HV02', { servicePrincipalNames: [] })]],
  ['a missing destination', () => [computer('HV01')]],
];

describe('checkPair', () => {
  test.each(setups.flatMap(([name, accounts]) => [[name, accounts, DEFAULT_SCOPE], [`${name}, storage`, accounts, STORAGE]] as const))(
    '%s: same pair and reverse as the full check', async (_name, setup, scope) => {
      const accounts = setup();
      const full = await checkMigrationPairs({ hosts: ['HV01', 'HV02'], scope }, new InMemoryDirectory(accounts));
      const checked = await checkPair('HV01', 'HV02', new InMemoryDirectory(accounts), scope);
      expect(checked?.pair).toEqual(full.pairs.find((p) => p.source === 'HV01' && p.destination === 'HV02'));
      expect(checked?.reverse).toEqual(full.pairs.find((p) => p.source === 'HV02' && p.destination === 'HV01'));
      expect([checked?.source, checked?.destination]).toEqual(full.hosts);
    },
  );

  test('reads the pair in one session: one computer search, one SPN-holder search', async () => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02', 'HV03']));
    const checked = await checkPair('hv01', `hv02.${DOMAIN}`, directory);
    expect(checked?.pair).toMatchObject({ source: 'HV01', destination: 'HV02', verdict: 'ok' });
    expect(directory.calls).toEqual({ session: 1, findComputers: 1, findSpnHolders: 1, findOperator: 0 });
  });

  test('storage in scope makes missing cifs delegation count', async () => {
    const accounts = () => [computer('HV01', { allowedToDelegateTo: [`${MIGRATION}/HV02`, `${MIGRATION}/hv02.${DOMAIN}`] }), computer('HV02')];
    const without = await checkPair('HV01', 'HV02', new InMemoryDirectory(accounts()));
    const withStorage = await checkPair('HV01', 'HV02', new InMemoryDirectory(accounts()), STORAGE);
    expect(without?.pair.verdict).toBe('ok');
    expect(withStorage?.pair.verdict).not.toBe('ok');
    expect(withStorage?.pair.findings.map((f) => f.code)).toContain('cifs-delegation-missing');
  });

  test.each([['HV01', '*)(cn=*'], ['HV01)(|(cn=*', 'HV02'], ['', 'HV02']])('%j → %j is a UsageError before any session', async (s, d) => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02']));
    await expect(checkPair(s, d, directory)).rejects.toBeInstanceOf(UsageError);
    expect(directory.calls.session).toBe(0);
  });

  test('two names of one account are no pair', async () => {
    expect(await checkPair('HV01', `hv01.${DOMAIN}`, new InMemoryDirectory(mesh(['HV01', 'HV02'])))).toBeUndefined();
  });
});
