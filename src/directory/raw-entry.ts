import type { ComputerAccount, SpnHolder } from '../core/delegation/types';
import { parseRbcdSids, sidToString } from './security-descriptor';

/** An entry as any reader produced it: attribute names lower-cased, values as strings or Buffers. */
export interface RawEntry {
  dn: string;
  attributes: Map<string, Array<string | Buffer>>;
}

/** Builds a RawEntry from ldapts's SearchEntry shape (one value → scalar, absent → [], keys in schema casing). */
export function rawEntryFromLdapts(entry: Record<string, unknown>): RawEntry {
  const attributes = new Map<string, Array<string | Buffer>>();
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn') continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' || Buffer.isBuffer(v));
    if (values.length > 0) attributes.set(key.toLowerCase(), values as Array<string | Buffer>);
  }
  return { dn: String(entry.dn ?? ''), attributes };
}

export function strings(entry: RawEntry, name: string): string[] {
  return (entry.attributes.get(name.toLowerCase()) ?? []).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
}

export function first(entry: RawEntry, name: string): string | undefined {
  return strings(entry, name)[0];
}

export function buffers(entry: RawEntry, name: string): Buffer[] {
  return (entry.attributes.get(name.toLowerCase()) ?? []).map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(v, 'latin1')));
}

export function toComputerAccount(entry: RawEntry): ComputerAccount {
  const sid = buffers(entry, 'objectSid')[0];
  const account: ComputerAccount = {
    sAMAccountName: first(entry, 'sAMAccountName') ?? '',
    userAccountControl: Number(first(entry, 'userAccountControl') ?? 0),
    servicePrincipalNames: strings(entry, 'servicePrincipalName'),
    allowedToDelegateTo: strings(entry, 'msDS-AllowedToDelegateTo'),
    rbcdAllowedSids: buffers(entry, 'msDS-AllowedToActOnBehalfOfOtherIdentity').flatMap((sd) => parseRbcdSids(sd)),
  };
  const optional = { dnsHostName: first(entry, 'dNSHostName'), objectSid: sid ? sidToString(sid) : undefined,
    operatingSystem: first(entry, 'operatingSystem'), operatingSystemVersion: first(entry, 'operatingSystemVersion') };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(account, { [k]: v });
  return account;
}

/** The holder of some of `wanted` SPNs (compared case-insensitively). */
export function toSpnHolder(entry: RawEntry, wanted: ReadonlySet<string>): SpnHolder {
  return {
    sAMAccountName: first(entry, 'sAMAccountName') ?? entry.dn,
    spns: strings(entry, 'servicePrincipalName').filter((s) => wanted.has(s.toLowerCase())),
  };
}
