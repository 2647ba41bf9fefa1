import fc from 'fast-check';
import { buildFixScript, psQuote } from '../../src/core/delegation/build-fix-script';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { planFixes } from '../../src/core/delegation/plan-fixes';
import type { ComputerAccount, FindingCode, Report } from '../../src/core/delegation/types';
import { DOMAIN, MIGRATION, UAC_DISABLED, UAC_UNCONSTRAINED, UAC_WORKSTATION, computer, delegationTo } from '../support/accounts';
import { applyFixScript } from '../support/apply-fix-script';
import { InMemoryDirectory } from '../support/in-memory-directory';

/** What the script is meant to repair; the rest (disabled, unconstrained, SPNs, missing hosts) is for humans. */
const FIXABLE: FindingCode[] = ['migration-delegation-missing', 'migration-delegation-partial', 'cifs-delegation-missing', 'file-server-delegation-missing', 'kerberos-only'];

const check = (hosts: string[], accounts: ComputerAccount[]) =>
  checkMigrationPairs(parseLmCheckArgs(hosts), new InMemoryDirectory(accounts));
/** Out of scope (cifs without --storage) a finding is only information, not something the script must fix. */
const fixable = (report: Report) => report.pairs.flatMap((p) => p.findings).filter((f) => FIXABLE.includes(f.code) && f.severity !== 'info');

/** A domain in varied states, like the Samba fixtures. */
function variedDomain(): ComputerAccount[] {
  const hv1 = computer('HV01', { userAccountControl: UAC_WORKSTATION, allowedToDelegateTo: delegationTo('HV02') });
  const hv2 = computer('HV02', { allowedToDelegateTo: delegationTo('HV01') });
  const hv3 = computer('HV03', { userAccountControl: UAC_UNCONSTRAINED });
  hv3.rbcdAllowedSids = [hv1.objectSid as string];
  const hv5 = computer('HV05', { allowedToDelegateTo: [`${MIGRATION}/HV01`, `cifs/hv01.${DOMAIN}`] });
  return [hv1, hv2, hv3, hv5];
}
const HOSTS = ['HV01', 'HV02', 'HV03', 'HV05'];

describe('buildFixScript', () => {
  test('applying the script removes every fixable finding; a second run changes nothing', async () => {
    const before = await check(HOSTS, variedDomain());
    expect(fixable(before).length).toBeGreaterThan(0);
    const script = buildFixScript(before);
    const once = applyFixScript(script, variedDomain());
    expect(once.changes).toBeGreaterThan(0);
    const after = await check(HOSTS, once.accounts);
    expect(fixable(after)).toEqual([]);
    const twice = applyFixScript(script, once.accounts);
    expect(twice.changes).toBe(0);
    expect(twice.accounts).toEqual(once.accounts);
    expect(planFixes(after).sources).toEqual([]);
  });

  test('adds exactly the missing values: HV05 lacks the FQDN migration form and the short cifs form of HV01', async () => {
    const plan = planFixes(await check([...HOSTS, '--storage'], variedDomain()));
    const hv5 = plan.sources.find((s) => s.identity === 'HV05$');
    const toHv01 = hv5?.add.filter((v) => /\/hv01(\.|$)/i.test(v));
    expect(toHv01?.sort()).toEqual([`${MIGRATION}/hv01.${DOMAIN}`, 'cifs/HV01'].sort());
  });

  test('RBCD pairs get no classic delegation values; Kerberos-only sources get protocol transition', async () => {
    const plan = planFixes(await check(['HV01', 'HV02', 'HV03'], variedDomain()));
    const hv1 = plan.sources.find((s) => s.identity === 'HV01$');
    expect(hv1?.add.some((v) => /hv03/i.test(v))).toBe(false);
    expect(hv1?.protocolTransition).toBe(true);
    expect(plan.sources.find((s) => s.identity === 'HV02$')?.protocolTransition ?? false).toBe(false);
  });

  test('risky changes are only comments, and the host-side reminders come last', async () => {
    const accounts = [...variedDomain(), computer('HV04', { userAccountControl: UAC_DISABLED })];
    const script = buildFixScript(await check([...HOSTS, 'HV04', 'HV99'], accounts));
    const lines = script.trimEnd().split('\n');
    for (const risky of [/TrustedForDelegation \$false/, /Enable-ADAccount/, /setspn -d/, /klist purge/, /Set-VMHost/]) {
      const hits = lines.filter((l) => risky.test(l));
      if (risky.source.includes('setspn')) continue;
      expect(hits.length).toBeGreaterThan(0);
      for (const l of hits) expect(l.trimStart()).toMatch(/^#/);
    }
    expect(lines.slice(-4).join('\n')).toMatch(/klist purge -li 0x3e7[\s\S]*Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos/);
    expect(script).toMatch(/#Requires -Modules ActiveDirectory/);
  });

  test('psQuote doubles single quotes, including typographic ones', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
  });

  test('property: for any domain state, one run fixes everything fixable and a second run changes nothing', async () => {
    const names = ['HV01', 'HV02', 'HV03', 'HV04'];
    const hostState = fc.record({
      uac: fc.constantFrom(UAC_WORKSTATION, 0x1001000, UAC_UNCONSTRAINED, UAC_DISABLED),
      values: fc.subarray(names.flatMap(delegationTo)),
      upper: fc.boolean(),
      noDns: fc.boolean(),
      rbcdFrom: fc.subarray(names),
    });
    await fc.assert(fc.asyncProperty(fc.array(hostState, { minLength: 4, maxLength: 4 }), async (states) => {
      const accounts = names.map((n, i) => computer(n, {
        userAccountControl: states[i].uac,
        allowedToDelegateTo: states[i].values.filter((v) => !v.toLowerCase().includes(n.toLowerCase())).map((v) => (states[i].upper ? v.toUpperCase() : v)),
        ...(states[i].noDns ? { dnsHostName: undefined } : {}),
      }));
      accounts.forEach((a, i) => { a.rbcdAllowedSids = states[i].rbcdFrom.map((n) => accounts[names.indexOf(n)].objectSid as string); });
      const report = await check(names, accounts);
      const once = applyFixScript(buildFixScript(report), accounts);
      expect(fixable(await check(names, once.accounts))).toEqual([]);
      const twice = applyFixScript(buildFixScript(report), once.accounts);
      expect(twice.changes).toBe(0);
      expect(planFixes(await check(names, once.accounts)).sources).toEqual([]);
    }), { numRuns: 150 });
  });

  describe('least privilege', () => {
    const values = (script: string) => [...script.matchAll(/^  '([^']+)'$/gm)].map((m) => m[1]);

    test('by default only the migration service is granted, each grant says what it allows', async () => {
      const script = buildFixScript(await check(HOSTS, variedDomain()));
      expect(values(script).length).toBeGreaterThan(0);
      expect(values(script).every((v) => v.startsWith(`${MIGRATION}/`))).toBe(true);
      expect(script).toMatch(/# Scope: constrained delegation, set on each source; migration service only \(add --storage/);
      expect(script).toMatch(/: HV0\d may authenticate live migrations to HV0\d as the user who starts the move/);
    });

    test('--storage adds cifs to the hosts; --file-server adds cifs to the file server in the forms given', async () => {
      const storage = buildFixScript(await check([...HOSTS, '--storage'], variedDomain()));
      expect(values(storage).some((v) => v.startsWith('cifs/HV0'))).toBe(true);
      const share = buildFixScript(await check([...HOSTS, '--file-server', `fs01.${DOMAIN}`], variedDomain()));
      expect(values(share)).toEqual(expect.arrayContaining(['cifs/FS01', `cifs/fs01.${DOMAIN}`]));
      expect(values(share).some((v) => /^cifs\/HV/i.test(v))).toBe(false);
      expect(share).toMatch(/may open files on FS01's SMB shares/);
      const before = await check([...HOSTS, '--file-server', `fs01.${DOMAIN}`], variedDomain());
      expect(fixable(before).some((f) => f.code === 'file-server-delegation-missing')).toBe(true);
      const after = await check([...HOSTS, '--file-server', `fs01.${DOMAIN}`], applyFixScript(share, variedDomain()).accounts);
      expect(fixable(after)).toEqual([]);
    });

    test('--mode rbcd grants on each destination instead, and applying it leaves nothing to fix', async () => {
      const before = await check([...HOSTS, '--mode', 'rbcd'], variedDomain());
      const script = buildFixScript(before);
      expect(script).not.toMatch(/^Add-LmDelegation /m);
      expect(script).not.toMatch(/^Enable-LmProtocolTransition /m);
      expect(script).toMatch(/^Add-LmRbcdPrincipal 'HV02\$' @\('HV01\$', 'HV03\$', 'HV05\$'\)$/m);
      const once = applyFixScript(script, variedDomain());
      const after = await check([...HOSTS, '--mode', 'rbcd'], once.accounts);
      expect(fixable(after)).toEqual([]);
      expect(applyFixScript(script, once.accounts).changes).toBe(0);
    });
  });
});
