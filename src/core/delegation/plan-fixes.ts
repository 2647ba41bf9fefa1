import { rbcdAllows } from './delegation-rules';
import { CIFS_SERVICE, MIGRATION_SERVICE, formsPresent, nameForms, parseSpn, shortName } from './host-names';
import { DEFAULT_SCOPE, type CheckScope, type ComputerAccount, type HostResult, type Report } from './types';
import { UAC, hasFlag } from './uac-flags';

/** What the fix script changes for one source account. */
export interface SourceFix {
  /** sAMAccountName, e.g. "HV01$" (what -Identity gets). */
  identity: string;
  name: string;
  /** msDS-AllowedToDelegateTo values still missing, in a stable order. */
  add: string[];
  /** Set TRUSTED_TO_AUTH_FOR_DELEGATION ("Use any authentication protocol"). */
  protocolTransition: boolean;
}

/** RBCD (`--mode rbcd`): the accounts a destination (or file server) must allow, set on the destination itself. */
export interface RbcdFix {
  /** The destination: sAMAccountName of a host found in AD, or a file server's name as given. */
  identity: string;
  name: string;
  /** sAMAccountNames of the sources still missing from its PrincipalsAllowedToDelegateToAccount. */
  principals: string[];
}

/** A change left for a human: printed as a commented line with its reason. */
export interface ManualFix {
  command: string;
  reason: string;
}

export interface FixPlan {
  scope: CheckScope;
  hosts: string[];
  /** Hosts with a computer account (the host-side reminders name these). */
  foundHosts: string[];
  sources: SourceFix[];
  rbcd: RbcdFix[];
  manual: ManualFix[];
}

/** The values of `service/<destination>` (short and FQDN as stored) that the source lacks. */
function missingValues(source: ComputerAccount, destination: ComputerAccount, service: string): string[] {
  const nf = nameForms(destination);
  const have = formsPresent(source.allowedToDelegateTo, service, nf);
  const out: string[] = [];
  if (!have.short) out.push(`${service}/${nf.short}`);
  if (!have.fqdn && destination.dnsHostName) out.push(`${service}/${destination.dnsHostName}`);
  return out;
}

/** `cifs/<file server>` in the forms the name was given in (short always; the FQDN too when given). */
function fileServerValues(source: ComputerAccount, server: string): string[] {
  const short = server.split('.')[0].toUpperCase();
  const wanted = [`${CIFS_SERVICE}/${short}`, ...(server.includes('.') ? [`${CIFS_SERVICE}/${server.toLowerCase()}`] : [])];
  return wanted.filter((v) => !source.allowedToDelegateTo.some((have) => have.toLowerCase() === v.toLowerCase()));
}

/**
 * Least privilege: the migration service of every other host always; `cifs` to the hosts only when storage moves are
 * in scope; `cifs` to the SMB file servers given; protocol transition only where constrained delegation is granted.
 */
function planSource(s: HostResult & { account: ComputerAccount }, hosts: readonly HostResult[], scope: CheckScope): SourceFix {
  const add: string[] = [];
  let constrained = false;
  for (const d of hosts) {
    if (d === s || !d.account) continue;
    // RBCD on the destination already covers every SPN of it (MS-SFU 3.2.5.1.2): nothing to add.
    if (rbcdAllows({ source: s.account, destination: d.account, spnHolders: [] })) continue;
    constrained = true;
    add.push(...missingValues(s.account, d.account, MIGRATION_SERVICE));
    if (scope.storage) add.push(...missingValues(s.account, d.account, CIFS_SERVICE));
  }
  for (const server of scope.fileServers) {
    constrained = true;
    add.push(...fileServerValues(s.account, server));
  }
  const protocolTransition = constrained && !hasFlag(s.account.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION);
  return { identity: s.account.sAMAccountName, name: s.name, add, protocolTransition };
}

/** `--mode rbcd`: each destination (and file server) allows the sources it does not allow yet. */
function planRbcd(found: ReadonlyArray<HostResult & { account: ComputerAccount }>, scope: CheckScope): RbcdFix[] {
  const out: RbcdFix[] = [];
  for (const d of found) {
    const principals = found.filter((s) => s !== d && !rbcdAllows({ source: s.account, destination: d.account, spnHolders: [] }))
      .map((s) => s.account.sAMAccountName);
    if (principals.length > 0) out.push({ identity: d.account.sAMAccountName, name: d.name, principals });
  }
  for (const server of scope.fileServers) {
    out.push({ identity: server.split('.')[0].toUpperCase(), name: server, principals: found.map((s) => s.account.sAMAccountName) });
  }
  return out;
}

function manualFixes(report: Report): ManualFix[] {
  const out: ManualFix[] = [];
  for (const h of report.hosts) {
    if (!h.account) {
      out.push({ command: `Get-ADComputer -Filter "Name -eq '${h.name}'"`, reason: `${h.input}: no computer account found; join the host or fix the name, then run the check again` });
      continue;
    }
    const id = h.account.sAMAccountName;
    if (!h.enabled) out.push({ command: `Enable-ADAccount -Identity '${id}'`, reason: `${h.name} is disabled; enable it only if the host is really in service` });
    if (hasFlag(h.account.userAccountControl, UAC.TRUSTED_FOR_DELEGATION)) {
      out.push({ command: `Set-ADAccountControl -Identity '${id}' -TrustedForDelegation $false`,
        reason: `${h.name} has unconstrained delegation (insecure; blocked by Credential Guard on Windows Server 2025); remove it once the constrained delegation above works` });
    }
  }
  for (const holder of report.spnHolders) {
    for (const spn of holder.spns) {
      // The destination's own registration is not a duplicate.
      if (parseSpn(spn)?.host.split('.')[0].toUpperCase() === shortName(holder)) continue;
      out.push({ command: `setspn -d "${spn}" ${holder.sAMAccountName}`, reason: `duplicate SPN: make sure ${holder.sAMAccountName} is stale before removing it` });
    }
  }
  return out;
}

/** Exactly the missing delegation values and protocol-transition bits, per source, plus manual suggestions. Pure. */
export function planFixes(report: Report): FixPlan {
  const scope = report.scope ?? DEFAULT_SCOPE;
  const found = report.hosts.filter((h): h is HostResult & { account: ComputerAccount } => h.account !== undefined);
  const rbcd = scope.mode === 'rbcd';
  return {
    scope,
    hosts: report.hosts.map((h) => (h.account ? shortName(h.account) : h.name)),
    foundHosts: found.map((h) => shortName(h.account)),
    sources: rbcd ? [] : found.map((s) => planSource(s, report.hosts, scope)).filter((f) => f.add.length > 0 || f.protocolTransition),
    rbcd: rbcd ? planRbcd(found, scope) : [],
    manual: manualFixes(report),
  };
}
