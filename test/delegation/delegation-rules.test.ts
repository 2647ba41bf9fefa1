import { PAIR_RULES, type PairContext } from '../../src/core/delegation/delegation-rules';
import { destinationFindings } from '../../src/core/delegation/destination-rules';
import type { ComputerAccount, FindingCode, SpnHolder } from '../../src/core/delegation/types';
import { verdictOf } from '../../src/core/delegation/verdict';
import {
  DOMAIN, MIGRATION, UAC_ANY_PROTOCOL, UAC_DISABLED, UAC_UNCONSTRAINED, UAC_WORKSTATION, computer, delegationTo,
} from '../support/accounts';

const FQDN = `hv02.${DOMAIN}`;
const run = (c: PairContext) => [...PAIR_RULES.flatMap((rule) => rule(c)), ...destinationFindings(c.destination, c.spnHolders)];

interface Row {
  name: string;
  source?: Partial<ComputerAccount>;
  destination?: Partial<ComputerAccount>;
  holders?: SpnHolder[];
  /** RBCD on the destination allows the source. */
  rbcd?: boolean;
  expected: FindingCode[];
}

// Expected codes follow Microsoft's setup page and reference/live-migration-auth.md, pair HV01 → HV02.
const rows: Row[] = [
  { name: 'any protocol, both forms, migration + cifs', source: { allowedToDelegateTo: delegationTo('HV02') }, expected: [] },
  { name: 'no delegation at all', source: { userAccountControl: UAC_WORKSTATION }, expected: ['cifs-delegation-missing', 'migration-delegation-missing'] },
  { name: 'Kerberos only (no protocol transition)', source: { userAccountControl: UAC_WORKSTATION, allowedToDelegateTo: delegationTo('HV02') }, expected: ['kerberos-only'] },
  { name: 'migration short form only', source: { allowedToDelegateTo: [`${MIGRATION}/HV02`, 'cifs/HV02', `cifs/${FQDN}`] }, expected: ['migration-delegation-partial'] },
  { name: 'migration FQDN form only', source: { allowedToDelegateTo: [`${MIGRATION}/${FQDN}`, 'cifs/HV02', `cifs/${FQDN}`] }, expected: ['migration-delegation-partial'] },
  { name: 'cifs missing', source: { allowedToDelegateTo: [`${MIGRATION}/HV02`, `${MIGRATION}/${FQDN}`] }, expected: ['cifs-delegation-missing'] },
  { name: 'cifs short form only', source: { allowedToDelegateTo: [`${MIGRATION}/HV02`, `${MIGRATION}/${FQDN}`, 'cifs/HV02'] }, expected: ['migration-delegation-partial'] },
  { name: 'names compared case-insensitively', source: { allowedToDelegateTo: [`${MIGRATION.toLowerCase()}/hv02`, `${MIGRATION.toUpperCase()}/${FQDN.toUpperCase()}`, 'CIFS/Hv02', `Cifs/${FQDN}`] }, expected: [] },
  { name: 'a host whose name starts with the destination name is another host', source: { allowedToDelegateTo: delegationTo('HV020') }, expected: ['cifs-delegation-missing', 'migration-delegation-missing'] },
  { name: 'SPNs with a port still name the host', source: { allowedToDelegateTo: delegationTo('HV02').map((v) => `${v}:6600`) }, expected: [] },
  { name: 'unconstrained delegation', source: { userAccountControl: UAC_UNCONSTRAINED }, expected: ['unconstrained-delegation'] },
  { name: 'RBCD on the destination allows the source', source: { userAccountControl: UAC_WORKSTATION }, rbcd: true, expected: ['rbcd'] },
  { name: 'RBCD makes Kerberos-only KCD irrelevant', source: { userAccountControl: UAC_WORKSTATION, allowedToDelegateTo: delegationTo('HV02') }, rbcd: true, expected: ['rbcd'] },
  { name: 'RBCD makes a missing name form irrelevant', source: { allowedToDelegateTo: [`${MIGRATION}/HV02`] }, rbcd: true, expected: ['rbcd'] },
  { name: 'RBCD for another SID does not count', source: { userAccountControl: UAC_WORKSTATION }, destination: { rbcdAllowedSids: ['S-1-5-21-1-2-3-9999'] }, expected: ['cifs-delegation-missing', 'migration-delegation-missing'] },
  { name: 'source disabled', source: { userAccountControl: UAC_DISABLED | UAC_ANY_PROTOCOL, allowedToDelegateTo: delegationTo('HV02') }, expected: ['account-disabled'] },
  { name: 'destination disabled', source: { allowedToDelegateTo: delegationTo('HV02') }, destination: { userAccountControl: UAC_DISABLED }, expected: ['account-disabled'] },
  { name: 'destination registers no migration SPN', source: { allowedToDelegateTo: delegationTo('HV02') }, destination: { servicePrincipalNames: ['HOST/HV02', `HOST/${FQDN}`] }, expected: ['destination-spn-missing'] },
  { name: 'destination registers only the short migration SPN', source: { allowedToDelegateTo: delegationTo('HV02') }, destination: { servicePrincipalNames: ['HOST/HV02', `${MIGRATION}/HV02`] }, expected: ['destination-spn-missing'] },
  { name: 'destination has no HOST SPN (no cifs target)', source: { allowedToDelegateTo: delegationTo('HV02') }, destination: { servicePrincipalNames: [`${MIGRATION}/HV02`, `${MIGRATION}/${FQDN}`] }, expected: ['destination-spn-missing'] },
  { name: 'an explicit cifs SPN is a cifs target too', source: { allowedToDelegateTo: delegationTo('HV02') }, destination: { servicePrincipalNames: [`${MIGRATION}/HV02`, `${MIGRATION}/${FQDN}`, `cifs/${FQDN}`] }, expected: [] },
  { name: 'migration SPN also on another account', source: { allowedToDelegateTo: delegationTo('HV02') }, holders: [{ sAMAccountName: 'OLDHV02$', spns: [`${MIGRATION}/${FQDN}`] }], expected: ['duplicate-spn'] },
  { name: 'the destination holding its own SPN is no duplicate', source: { allowedToDelegateTo: delegationTo('HV02') }, holders: [{ sAMAccountName: 'hv02$', spns: [`${MIGRATION}/HV02`] }], expected: [] },
  { name: 'destination without dNSHostName: the short form is enough', source: { allowedToDelegateTo: [`${MIGRATION}/HV02`, 'cifs/HV02'] }, destination: { dnsHostName: undefined }, expected: [] },
  { name: 'unconstrained only on a Windows Server 2025 source: Credential Guard blocks it', source: { userAccountControl: UAC_UNCONSTRAINED, operatingSystem: 'Windows Server 2025 Datacenter', operatingSystemVersion: '10.0 (26100)' }, expected: ['unconstrained-blocked-2025'] },
  { name: 'a 2025 source known only by its build number', source: { userAccountControl: UAC_UNCONSTRAINED, operatingSystemVersion: '10.0 (26100)' }, expected: ['unconstrained-blocked-2025'] },
  { name: 'unconstrained on Windows Server 2022 stays a warning', source: { userAccountControl: UAC_UNCONSTRAINED, operatingSystem: 'Windows Server 2022 Datacenter', operatingSystemVersion: '10.0 (20348)' }, expected: ['unconstrained-delegation'] },
];

describe('pair rules (HV01 → HV02)', () => {
  test.each(rows)('$name', ({ source, destination, holders, rbcd, expected }) => {
    const src = computer('HV01', source);
    const dst = computer('HV02', destination);
    if (rbcd && src.objectSid) dst.rbcdAllowedSids = [src.objectSid];
    const codes = run({ source: src, destination: dst, spnHolders: holders ?? [] }).map((f) => f.code).sort();
    expect(codes).toEqual([...expected].sort());
  });

  test('every finding says something about the hosts it concerns', () => {
    const findings = run({ source: computer('HV01', { userAccountControl: UAC_WORKSTATION }), destination: computer('HV02'), spnHolders: [] });
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message).toMatch(/HV0[12]/);
  });
});

describe('scope', () => {
  const src = () => computer('HV01', { allowedToDelegateTo: [`${MIGRATION}/HV02`, `${MIGRATION}/${FQDN}`] });
  test('a missing cifs entry is information without storage moves, a warning with them', () => {
    const without = run({ source: src(), destination: computer('HV02'), spnHolders: [] });
    const withStorage = run({ source: src(), destination: computer('HV02'), spnHolders: [], storage: true });
    expect(without.find((f) => f.code === 'cifs-delegation-missing')?.severity).toBe('info');
    expect(verdictOf(without)).toBe('ok');
    expect(withStorage.find((f) => f.code === 'cifs-delegation-missing')?.severity).toBe('warn');
  });

  test('the 2025 finding is a failure that says why', () => {
    const findings = run({ source: computer('HV01', { userAccountControl: UAC_UNCONSTRAINED, operatingSystem: 'Windows Server 2025 Standard' }), destination: computer('HV02'), spnHolders: [] });
    expect(verdictOf(findings)).toBe('fail');
    expect(findings.find((f) => f.code === 'unconstrained-blocked-2025')?.message).toMatch(/Credential Guard/);
  });
});

describe('verdictOf', () => {
  test.each([
    [[], 'ok'],
    [['info'], 'ok'],
    [['info', 'warn'], 'warn'],
    [['warn', 'fail', 'info'], 'fail'],
  ] as const)('%j → %s', (severities, verdict) => {
    expect(verdictOf(severities.map((severity) => ({ code: 'rbcd', severity, message: '' })))).toBe(verdict);
  });
});
