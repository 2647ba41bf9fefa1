/** Plain data for the AD delegation check (`lm-doctor check`, `/lm-check`). No I/O here. */

/** A computer account as read from the directory, normalised (names as stored, SIDs as S-1-… strings). */
export interface ComputerAccount {
  /** sAMAccountName as stored, e.g. "HV01$". */
  sAMAccountName: string;
  dnsHostName?: string;
  userAccountControl: number;
  servicePrincipalNames: string[];
  /** msDS-AllowedToDelegateTo values (classic constrained delegation, set on the source). */
  allowedToDelegateTo: string[];
  /** objectSid as an S-1-… string. */
  objectSid?: string;
  /** SIDs allowed by msDS-AllowedToActOnBehalfOfOtherIdentity (RBCD, set on the destination). */
  rbcdAllowedSids: string[];
  operatingSystem?: string;
  operatingSystemVersion?: string;
}

/** An account that holds one of the SPNs asked for (used to detect duplicate SPNs). */
export interface SpnHolder {
  sAMAccountName: string;
  /** The SPNs of this account that were asked for (as stored). */
  spns: string[];
}

/** The person who starts migrations (`--operator`). */
export interface OperatorAccount {
  sAMAccountName: string;
  userPrincipalName?: string;
  userAccountControl: number;
  /** Member of Protected Users (RID 525), directly or through nested groups. */
  protectedUsers: boolean;
}

export type Severity = 'fail' | 'warn' | 'info';
export type Verdict = 'fail' | 'warn' | 'ok';

export type FindingCode =
  | 'host-not-found'
  | 'account-disabled'
  | 'migration-delegation-missing'
  | 'migration-delegation-partial'
  | 'cifs-delegation-missing'
  | 'file-server-delegation-missing'
  | 'kerberos-only'
  | 'unconstrained-delegation'
  | 'unconstrained-blocked-2025'
  | 'rbcd'
  | 'destination-spn-missing'
  | 'duplicate-spn'
  | 'operator-not-found'
  | 'operator-sensitive'
  | 'operator-protected-user';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One or two plain sentences for an ops person. */
  message: string;
}

/** What the request asked for and what the directory said about it. */
export interface HostResult {
  /** The name as typed (first spelling when duplicates were merged). */
  input: string;
  /** Short name in upper case: sAMAccountName without `$`, or the input's first label when not found. */
  name: string;
  found: boolean;
  enabled: boolean;
  account?: ComputerAccount;
}

export interface PairResult {
  /** Short upper-case names (see HostResult.name). */
  source: string;
  destination: string;
  verdict: Verdict;
  findings: Finding[];
}

export interface OperatorResult {
  input: string;
  found: boolean;
  account?: OperatorAccount;
  findings: Finding[];
}

export interface Report {
  /** What the check and its fix script cover (DEFAULT_SCOPE when not given). */
  scope?: CheckScope;
  hosts: HostResult[];
  pairs: PairResult[];
  operator?: OperatorResult;
  /** Accounts holding the destinations' migration SPNs (the destinations themselves included). */
  spnHolders: SpnHolder[];
}

/**
 * What the delegation must cover, and how to grant it. Least privilege by default: the migration service only.
 * `storage` adds `cifs` to every host (moving storage: Move-VM -IncludeStorage, shared-nothing, Move-VMStorage);
 * `fileServers` adds `cifs` to the SMB file servers that hold VMs; `mode: 'rbcd'` grants on each destination
 * (resource-based constrained delegation) instead of on each source.
 */
export interface CheckScope {
  storage: boolean;
  fileServers: string[];
  mode: 'kcd' | 'rbcd';
}

export const DEFAULT_SCOPE: Readonly<CheckScope> = Object.freeze({ storage: false, fileServers: [], mode: 'kcd' });

/** A parsed `lm-doctor check` / `/lm-check` request: 2–100 distinct, validated host names. */
export interface LmCheckRequest {
  hosts: string[];
  operator?: string;
  scope?: CheckScope;
}
