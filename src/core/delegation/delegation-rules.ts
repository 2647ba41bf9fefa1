import { CIFS_SERVICE, MIGRATION_SERVICE, formsPresent, nameForms, shortName, spnsFor } from './host-names';
import type { ComputerAccount, Finding, HostResult, SpnHolder } from './types';
import { UAC, hasFlag } from './uac-flags';

/** Everything one ordered pair's rules look at. Both hosts are found (host-not-found is decided before). */
export interface PairContext {
  source: ComputerAccount;
  destination: ComputerAccount;
  /** Accounts holding any destination's migration SPN (from the one SPN-holder search). */
  spnHolders: readonly SpnHolder[];
  /** Storage moves are in scope (`--storage`): `cifs` to the destination is then required, not just noted. */
  storage?: boolean;
  /** SMB file servers that hold VMs (`--file-server`): the source needs `cifs` delegation to each. */
  fileServers?: readonly string[];
}

// Facts shared by several rules.
const isUnconstrained = (a: ComputerAccount) => hasFlag(a.userAccountControl, UAC.TRUSTED_FOR_DELEGATION);
/** Windows Server 2025 (build 26100 and later) turns Credential Guard on by default on domain members. */
export const isServer2025OrLater = (a: ComputerAccount) =>
  /\b20(?:2[5-9]|[3-9]\d)\b/.test(a.operatingSystem ?? '') || Number(/\((\d+)\)/.exec(a.operatingSystemVersion ?? '')?.[1] ?? 0) >= 26100;
const hasProtocolTransition = (a: ComputerAccount) => hasFlag(a.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION);
export const rbcdAllows = (c: PairContext) =>
  c.source.objectSid !== undefined && c.destination.rbcdAllowedSids.includes(c.source.objectSid);
const forms = (c: PairContext, service: string) => formsPresent(c.source.allowedToDelegateTo, service, nameForms(c.destination));
const names = (c: PairContext) => ({ src: shortName(c.source), dst: shortName(c.destination) });
const list = (spns: string[]) => spns.map((s) => `'${s}'`).join(' and ');

/**
 * host-not-found — either host has no computer account (nothing else can be checked for the pair).
 * Source: the setup page's step 1 selects both computer accounts in AD ("Set up hosts for live migration without
 * Failover Clustering", learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/set-up-hosts-for-live-migration-without-failover-clustering).
 */
export function hostNotFound(source: HostResult, destination: HostResult): Finding[] {
  return [source, destination].filter((h) => !h.found).map((h) => ({
    code: 'host-not-found' as const, severity: 'fail' as const,
    message: `No computer account found for ${h.input}: check the name, or the base DN the check searches.`,
  }));
}

/** account-disabled — a disabled computer account cannot get Kerberos tickets (ADS_UF_ACCOUNTDISABLE 0x2). Source: ADS_USER_FLAG_ENUM. */
export function accountDisabled(c: PairContext): Finding[] {
  return [c.source, c.destination].filter((a) => hasFlag(a.userAccountControl, UAC.ACCOUNTDISABLE)).map((a) => ({
    code: 'account-disabled' as const, severity: 'fail' as const,
    message: `The computer account ${shortName(a)} is disabled in AD; it cannot authenticate until it is enabled.`,
  }));
}

/**
 * migration-delegation-missing — no `Microsoft Virtual System Migration Service/<destination>` in the source's
 * msDS-AllowedToDelegateTo, no unconstrained delegation, and no RBCD on the destination for the source.
 * Source: setup page step 1 (add "Microsoft Virtual System Migration Service" for the destination, on the source);
 * KB 4558514 for 0x8009030E/0x8009030D.
 */
export function migrationDelegationMissing(c: PairContext): Finding[] {
  const f = forms(c, MIGRATION_SERVICE);
  if (f.short || f.fqdn || isUnconstrained(c.source) || rbcdAllows(c)) return [];
  const { src, dst } = names(c);
  return [{
    code: 'migration-delegation-missing', severity: 'fail',
    message: `${src} is not allowed to delegate to ${dst}: add ${list(spnsFor(MIGRATION_SERVICE, nameForms(c.destination)))} ` +
      `to ${src}'s delegation list, or the move fails with 0x8009030E/0x8009030D.`,
  }];
}

/**
 * migration-delegation-partial — only one of the short/FQDN forms is listed (for the migration service or cifs).
 * Which form the KDC checks depends on the name the admin types. Source: Microsoft's Set-KCD.ps1 and the S2D
 * KCDSetup.ps1 sample always write both forms (reference live-migration-auth.md §3.1).
 */
export function migrationDelegationPartial(c: PairContext): Finding[] {
  const out: Finding[] = [];
  const nf = nameForms(c.destination);
  if (rbcdAllows(c)) return out; // RBCD covers every SPN of the destination, in any name form
  for (const service of [MIGRATION_SERVICE, CIFS_SERVICE]) {
    const f = forms(c, service);
    if (f.short === f.fqdn || nf.fqdn === undefined) continue;
    const [have, missing] = f.short ? [`${service}/${nf.short}`, `${service}/${nf.fqdn}`] : [`${service}/${nf.fqdn}`, `${service}/${nf.short}`];
    const { src, dst } = names(c);
    // cifs out of scope (no --storage) is information only, like a missing cifs entry.
    out.push({
      code: 'migration-delegation-partial', severity: service === CIFS_SERVICE && !c.storage ? 'info' : 'warn',
      message: `${src} lists '${have}' but not '${missing}': a ${service === CIFS_SERVICE ? 'storage ' : ''}move to ${dst} fails when the other name form is used.`,
    });
  }
  return out;
}

/**
 * cifs-delegation-missing — no `cifs/<destination>` in either form; needed to move storage or for SMB-stored VMs.
 * RBCD covers every SPN of the destination, and unconstrained delegation any service, so they satisfy it.
 * Source: setup page step 1 ("cifs … required if you want to move the storage along with the virtual machine").
 */
export function cifsDelegationMissing(c: PairContext): Finding[] {
  const f = forms(c, CIFS_SERVICE);
  if (f.short || f.fqdn || isUnconstrained(c.source) || rbcdAllows(c)) return [];
  const { src, dst } = names(c);
  // Least privilege: cifs lets the source act on the destination's shares; needed only when storage moves.
  if (!c.storage) {
    return [{
      code: 'cifs-delegation-missing', severity: 'info',
      message: `${src} may not delegate cifs to ${dst}: fine for live migration; moving storage to ${dst} needs it (check with --storage).`,
    }];
  }
  return [{
    code: 'cifs-delegation-missing', severity: 'warn',
    message: `${src} may not delegate cifs to ${dst}: moving storage fails until ` +
      `${list(spnsFor(CIFS_SERVICE, nameForms(c.destination)))} are added.`,
  }];
}

/**
 * file-server-delegation-missing — VMs on SMB shares (`--file-server`): the source moves them with the user's identity
 * against the file server, so it needs `cifs/<file server>` (or unconstrained delegation, or RBCD on the file server,
 * which this check cannot read for a server it was not asked about). Source: setup page step 1 ("cifs … required if
 * you want to move the storage"); SMB-stored VMs need delegation to the file server (live-migration-auth.md).
 */
export function fileServerDelegationMissing(c: PairContext): Finding[] {
  if (isUnconstrained(c.source)) return [];
  const have = c.source.allowedToDelegateTo.map((v) => v.toLowerCase());
  return (c.fileServers ?? []).filter((fs) => {
    const short = fs.split('.')[0].toLowerCase();
    return !have.some((v) => v === `cifs/${short}` || v.startsWith(`cifs/${short}.`) || v === `cifs/${fs.toLowerCase()}`);
  }).map((fs) => ({
    code: 'file-server-delegation-missing' as const, severity: 'warn' as const,
    message: `${shortName(c.source)} may not delegate cifs to the file server ${fs}: VMs stored on its shares cannot be moved from ${shortName(c.source)} until cifs/${fs} is added.`,
  }));
}

/**
 * kerberos-only — constrained delegation to the destination without protocol transition
 * (TRUSTED_TO_AUTH_FOR_DELEGATION 0x1000000 not set). Works only when the move is started on the source host.
 * Source: Virtualization blog "Live Migration via Constrained Delegation with Kerberos in Windows Server 2016"
 * (2017-02-01) and the setup page ("Use any authentication protocol").
 */
export function kerberosOnly(c: PairContext): Finding[] {
  const m = forms(c, MIGRATION_SERVICE);
  const s = forms(c, CIFS_SERVICE);
  const constrained = m.short || m.fqdn || s.short || s.fqdn;
  if (!constrained || hasProtocolTransition(c.source) || isUnconstrained(c.source) || rbcdAllows(c)) return [];
  const { src, dst } = names(c);
  return [{
    code: 'kerberos-only', severity: 'warn',
    message: `${src} uses "Kerberos only" delegation to ${dst}: moves work only when started on ${src} itself; ` +
      `from another machine (WAC, Hyper-V Manager, remote PowerShell) set "Use any authentication protocol".`,
  }];
}

/**
 * unconstrained-delegation — the source has TRUSTED_FOR_DELEGATION (0x80000): insecure, and blocked by Credential
 * Guard, which Windows Server 2025 enables by default. Source: "Considerations and known issues when using
 * Credential Guard" (learn.microsoft.com/windows/security/identity-protection/credential-guard/considerations-known-issues).
 */
export function unconstrainedDelegation(c: PairContext): Finding[] {
  if (!isUnconstrained(c.source) || isServer2025OrLater(c.source)) return [];
  return [{
    code: 'unconstrained-delegation', severity: 'warn',
    message: `${shortName(c.source)} is trusted for unconstrained delegation: insecure, and blocked by Credential Guard ` +
      `(on by default on Windows Server 2025); use constrained delegation instead.`,
  }];
}

/**
 * unconstrained-blocked-2025 — the source relies on unconstrained delegation alone (no constrained delegation to the
 * destination's migration service, no RBCD) and runs Windows Server 2025 or later, where Credential Guard is on by
 * default and blocks unconstrained delegation: the move fails. Source: "Considerations and known issues when using
 * Credential Guard" and reference live-migration-auth.md (Credential Guard / Server 2025).
 */
export function unconstrainedBlocked2025(c: PairContext): Finding[] {
  if (!isUnconstrained(c.source) || !isServer2025OrLater(c.source) || rbcdAllows(c)) return [];
  const f = forms(c, MIGRATION_SERVICE);
  if (f.short || f.fqdn) return [];
  const { src, dst } = names(c);
  return [{
    code: 'unconstrained-blocked-2025', severity: 'fail',
    message: `${src} runs ${c.source.operatingSystem ?? 'Windows Server 2025'} and may delegate to ${dst} only through unconstrained ` +
      `delegation, which Credential Guard (on by default since Windows Server 2025) blocks: add constrained delegation ` +
      `to ${list(spnsFor(MIGRATION_SERVICE, nameForms(c.destination)))}.`,
  }];
}

/**
 * rbcd — the destination's msDS-AllowedToActOnBehalfOfOtherIdentity allows the source: an alternative path
 * (covers every SPN of the destination, no protocol-transition bit needed). Source: MS-SFU 3.2.5.1.2 and the
 * Credential Guard known issue, which recommends KCD or RBCD for Hyper-V live migration.
 */
export function rbcd(c: PairContext): Finding[] {
  if (!rbcdAllows(c)) return [];
  const { src, dst } = names(c);
  return [{
    code: 'rbcd', severity: 'info',
    message: `${dst} allows ${src} through resource-based constrained delegation (RBCD, an alternative to the setup page's method).`,
  }];
}

/** The rules that depend on both hosts, in the order their findings are shown (see destination-rules.ts for the rest). */
export const PAIR_RULES: ReadonlyArray<(c: PairContext) => Finding[]> = [
  accountDisabled, migrationDelegationMissing, unconstrainedBlocked2025, migrationDelegationPartial, kerberosOnly,
  cifsDelegationMissing, fileServerDelegationMissing, unconstrainedDelegation, rbcd,
];
