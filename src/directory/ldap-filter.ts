import { hostKey } from '../core/delegation/host-names';

/** Hosts per OR filter: one search covers up to this many hosts (the issue's limit; AD copes with far more). */
export const HOSTS_PER_SEARCH = 100;

/** Attributes read for every computer. Binary ones must also be listed in BINARY_ATTRIBUTES. */
export const COMPUTER_ATTRIBUTES = Object.freeze([
  'sAMAccountName', 'dNSHostName', 'userAccountControl', 'servicePrincipalName', 'msDS-AllowedToDelegateTo',
  'objectSid', 'msDS-AllowedToActOnBehalfOfOtherIdentity', 'operatingSystem', 'operatingSystemVersion',
]);
export const BINARY_ATTRIBUTES = Object.freeze(['objectSid', 'msDS-AllowedToActOnBehalfOfOtherIdentity', 'tokenGroups']);

/**
 * RFC 4515 §3 value escaping: `*`, `(`, `)`, `\`, NUL, and (to keep filters ASCII) every control or non-ASCII
 * UTF-8 byte become `\xx`. Host names are validated long before this; escaping is the second line of defence.
 */
export function escapeFilterValue(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '';
  for (const b of bytes) {
    const special = b === 0x2a || b === 0x28 || b === 0x29 || b === 0x5c || b < 0x20 || b >= 0x7f;
    out += special || typeof value !== 'string' ? `\\${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b);
  }
  return out;
}

const eq = (attribute: string, value: string) => `(${attribute}=${escapeFilterValue(value)})`;

/** `(&(objectClass=computer)(|(sAMAccountName=HV01$)(dNSHostName=hv02.lab.example)…))` for validated names. */
export function computerFilter(names: readonly string[]): string {
  const clauses = new Set<string>();
  for (const name of names) {
    const key = hostKey(name);
    clauses.add(eq('sAMAccountName', `${key.short}$`));
    if (key.fqdn !== undefined) clauses.add(eq('dNSHostName', key.fqdn));
  }
  return `(&(objectClass=computer)(|${[...clauses].join('')}))`;
}

/** Accounts of any kind holding one of the SPNs (AD matches SPNs case-insensitively). */
export function spnHolderFilter(spns: readonly string[]): string {
  return `(|${spns.map((s) => eq('servicePrincipalName', s)).join('')})`;
}

/** The operator by UPN (`user@domain`) or sAMAccountName. */
export function operatorFilter(name: string): string {
  const attribute = name.includes('@') ? 'userPrincipalName' : 'sAMAccountName';
  return `(&(objectCategory=person)(objectClass=user)${eq(attribute, name)})`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The searches a check sends, for `--dry-run` (the SPN-holder search depends on what the first one finds). */
export function describeSearches(names: readonly string[]): string[] {
  const out = chunk(names, HOSTS_PER_SEARCH).map((part, i, all) =>
    `search${all.length > 1 ? ` ${i + 1}/${all.length}` : ''} (subtree, paged): ${computerFilter(part)} attributes: ${COMPUTER_ATTRIBUTES.join(', ')}`);
  out.push('then one search (subtree, paged) for accounts holding the found hosts\' migration SPNs: ' +
    `(|(servicePrincipalName=Microsoft Virtual System Migration Service/<host>)…)`);
  return out;
}
