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
const shortCache = new WeakMap<object, { sam: string; name: string }>();
export function shortName(account: Pick<ComputerAccount, 'sAMAccountName'>): string {
  const hit = shortCache.get(account);
  if (hit && hit.sam === account.sAMAccountName) return hit.name;
  const name = account.sAMAccountName.replace(/\$$/, '').toUpperCase();
  shortCache.set(account, { sam: account.sAMAccountName, name });
  return name;
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

/** SPNs indexed host → service classes (lower case), cached per array: pair rules look them up N×(N−1) times. */
const indexCache = new WeakMap<readonly string[], { length: number; index: Map<string, Set<string>> }>();
export function spnIndex(spns: readonly string[]): Map<string, Set<string>> {
  const hit = indexCache.get(spns);
  if (hit && hit.length === spns.length) return hit.index;
  const index = new Map<string, Set<string>>();
  for (const spn of spns) {
    const p = parseSpn(spn);
    if (!p) continue;
    const services = index.get(p.host) ?? new Set<string>();
    services.add(p.service);
    index.set(p.host, services);
  }
  indexCache.set(spns, { length: spns.length, index });
  return index;
}

/** Which forms (short/FQDN) of `service/<destination>` appear in a list of SPNs, compared case-insensitively. */
export function formsPresent(spns: readonly string[], service: string, forms: NameForms): { short: boolean; fqdn: boolean } {
  const index = spnIndex(spns);
  const s = service.toLowerCase();
  const short = index.get(forms.short.toLowerCase())?.has(s) ?? false;
  if (forms.fqdn !== undefined) return { short, fqdn: index.get(forms.fqdn)?.has(s) ?? false };
  // dNSHostName unknown: any dotted name whose first label is the short name counts as the FQDN form.
  const first = `${forms.short.toLowerCase()}.`;
  return { short, fqdn: [...index].some(([host, services]) => host.startsWith(first) && services.has(s)) };
}

/** `service/SHORT` and `service/fqdn` for a destination (only the short form when dNSHostName is unknown). */
export function spnsFor(service: string, forms: NameForms): string[] {
  return forms.fqdn ? [`${service}/${forms.short}`, `${service}/${forms.fqdn}`] : [`${service}/${forms.short}`];
}
