import type { ComputerAccount } from '../../src/core/delegation/types';

const PS_STRING = /'((?:[^']|'')*)'/g;
const unquote = (s: string) => s.replace(/''/g, "'");

/**
 * Executes the AD-changing calls of a generated fix script against plain accounts, the way its PowerShell helpers
 * would: `Add-LmDelegation 'X$' @( 'v', … )` adds the values not already present (case-insensitive, like
 * -notcontains); `Enable-LmProtocolTransition 'X$'` sets 0x1000000; `Add-LmRbcdPrincipal 'D$' @('S$', …)` adds the
 * sources' SIDs to the destination's RBCD list. Commented lines are not run. Returns new
 * account objects and the number of changes made.
 */
export function applyFixScript(script: string, accounts: readonly ComputerAccount[]): { accounts: ComputerAccount[]; changes: number } {
  const byId = new Map(accounts.map((a) => [a.sAMAccountName.toLowerCase(), { ...a, allowedToDelegateTo: [...a.allowedToDelegateTo] }]));
  let changes = 0;
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('#')) continue;
    const add = /^Add-LmDelegation '((?:[^']|'')*)' @\($/.exec(line);
    if (add) {
      const target = byId.get(unquote(add[1]).toLowerCase());
      if (!target) throw new Error(`fix script names an unknown account: ${add[1]}`);
      for (i++; lines[i] !== ')'; i++) {
        for (const m of lines[i].matchAll(PS_STRING)) {
          const value = unquote(m[1]);
          if (target.allowedToDelegateTo.some((v) => v.toLowerCase() === value.toLowerCase())) continue;
          target.allowedToDelegateTo.push(value);
          changes++;
        }
      }
      continue;
    }
    const rbcd = /^Add-LmRbcdPrincipal '((?:[^']|'')*)' @\((.*)\)$/.exec(line);
    if (rbcd) {
      const target = byId.get(unquote(rbcd[1]).toLowerCase());
      if (!target) throw new Error(`fix script names an unknown account: ${rbcd[1]}`);
      target.rbcdAllowedSids = [...target.rbcdAllowedSids];
      for (const m of rbcd[2].matchAll(PS_STRING)) {
        const principal = byId.get(unquote(m[1]).toLowerCase());
        if (!principal?.objectSid) throw new Error(`fix script names an unknown principal: ${m[1]}`);
        if (target.rbcdAllowedSids.includes(principal.objectSid)) continue;
        target.rbcdAllowedSids.push(principal.objectSid);
        changes++;
      }
      continue;
    }
    const pt = /^Enable-LmProtocolTransition '((?:[^']|'')*)'$/.exec(line);
    if (pt) {
      const target = byId.get(unquote(pt[1]).toLowerCase());
      if (!target) throw new Error(`fix script names an unknown account: ${pt[1]}`);
      if (!(target.userAccountControl & 0x1000000)) {
        target.userAccountControl |= 0x1000000;
        changes++;
      }
    }
  }
  return { accounts: [...byId.values()], changes };
}
