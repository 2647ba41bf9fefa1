import type { ComputerAccount } from './types';

/** The literal service class Hyper-V registers for live migration (one string with spaces). */
export const MIGRATION_SERVICE = 'Microsoft Virtual System Migration Service';
export const CIFS_SERVICE = 'cifs';

/** A host name as typed, split into the forms AD stores. */
export interface HostKey {
  /** Upper-case NetBIOS-style first label, without `$`. */
  short: string;
  /** Lower-case FQDN, when the input had dots. */
  fqdn?: string;
}

export function hostKey(input: string): HostKey {
  const name = input.replace(/\$$/, '').replace(/\.$/, '');
  const dot = name.indexOf('.');
  if (dot < 0) return { short: name.toUpperCase() };
  return { short: name.slice(0, dot).toUpperCase(), fqdn: name.toLowerCase() };
}

/** sAMAccountName without the trailing `$`, upper case: the name used in reports and matrices. */
export function shortName(account: Pick<ComputerAccount, 'sAMAccountName'>): string {
  return account.sAMAccountName.replace(/\$$/, '').toUpperCase();
}

/**
 * Whether a typed host name designates this account: an FQDN must equal dNSHostName (or, when the account has
 * none, its first label must equal the account name); a short name or `NAME$` must equal the sAMAccountName.
 */
export function accountMatches(input: string, account: ComputerAccount): boolean {
  const key = hostKey(input);
  if (key.fqdn !== undefined && account.dnsHostName) return account.dnsHostName.toLowerCase() === key.fqdn;
  return shortName(account) === key.short;
}

/** Splits an SPN `class/host[:port][/name]` into lower-cased class and host. */
export function parseSpn(spn: string): { service: string; host: string } | undefined {
  const slash = spn.indexOf('/');
  if (slash <= 0) return undefined;
  const host = spn.slice(slash + 1).split(/[:/]/)[0];
  return { service: spn.slice(0, slash).toLowerCase(), host: host.toLowerCase() };
}

/** The name forms of a destination that an SPN may use: short and (when known) FQDN. */
export interface NameForms {
  short: string;
  fqdn?: string;
}

export function nameForms(account: ComputerAccount): NameForms {
  return { short: shortName(account), fqdn: account.dnsHostName?.toLowerCase() };
}

/** `class/host` keys (lower case) of a list of SPNs, cached per array: pair rules look them up N×(N−1) times. */
const keyCache = new WeakMap<readonly string[], { length: number; keys: Set<string> }>();
export function spnKeys(spns: readonly string[]): Set<string> {
  const hit = keyCache.get(spns);
  if (hit && hit.length === spns.length) return hit.keys;
  const keys = new Set<string>();
  for (const spn of spns) {
    const p = parseSpn(spn);
    if (p) keys.add(`${p.service}/${p.host}`);
  }
  keyCache.set(spns, { length: spns.length, keys });
  return keys;
}

/** Which forms (short/FQDN) of `service/<destination>` appear in a list of SPNs, compared case-insensitively. */
export function formsPresent(spns: readonly string[], service: string, forms: NameForms): { short: boolean; fqdn: boolean } {
  const keys = spnKeys(spns);
  const prefix = `${service.toLowerCase()}/`;
  const short = keys.has(prefix + forms.short.toLowerCase());
  if (forms.fqdn !== undefined) return { short, fqdn: keys.has(prefix + forms.fqdn) };
  // dNSHostName unknown: any dotted name whose first label is the short name counts as the FQDN form.
  const first = `${prefix}${forms.short.toLowerCase()}.`;
  return { short, fqdn: [...keys].some((k) => k.startsWith(first)) };
}

/** `service/SHORT` and `service/fqdn` for a destination (only the short form when dNSHostName is unknown). */
export function spnsFor(service: string, forms: NameForms): string[] {
  return forms.fqdn ? [`${service}/${forms.short}`, `${service}/${forms.fqdn}`] : [`${service}/${forms.short}`];
}
