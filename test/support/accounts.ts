import type { ComputerAccount } from '../../src/core/delegation/types';

/** Test-only literals, written once. */
export const DOMAIN = 'contoso.local';
export const MIGRATION = 'Microsoft Virtual System Migration Service';
export const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
export const UAC_WORKSTATION = 0x1000;
export const UAC_ANY_PROTOCOL = 0x1001000;
export const UAC_UNCONSTRAINED = 0x81000;
export const UAC_DISABLED = 0x1002;

/** The SPNs a healthy Hyper-V host registers (no cifs/: AD maps cifs to HOST). */
export function hostSpns(name: string): string[] {
  return ['HOST', 'RestrictedKrbHost', MIGRATION, 'Microsoft Virtual Console Service']
    .flatMap((s) => [`${s}/${name}`, `${s}/${name.toLowerCase()}.${DOMAIN}`]);
}

/** All four values Microsoft's scripts write for "may delegate to `target`". */
export function delegationTo(target: string): string[] {
  return [MIGRATION, 'cifs'].flatMap((s) => [`${s}/${target}`, `${s}/${target.toLowerCase()}.${DOMAIN}`]);
}

let rid = 1100;
/** A computer account with realistic defaults: enabled, any protocol, healthy SPNs, no delegation. */
export function computer(name: string, overrides: Partial<ComputerAccount> = {}): ComputerAccount {
  rid++;
  return {
    sAMAccountName: `${name}$`, dnsHostName: `${name.toLowerCase()}.${DOMAIN}`, userAccountControl: UAC_ANY_PROTOCOL,
    servicePrincipalNames: hostSpns(name), allowedToDelegateTo: [], objectSid: `${DOMAIN_SID}-${rid}`, rbcdAllowedSids: [],
    ...overrides,
  };
}

/** A fully configured mesh: every host may delegate to every other (any protocol, both forms, cifs). */
export function mesh(names: string[]): ComputerAccount[] {
  return names.map((n) => computer(n, { allowedToDelegateTo: names.filter((m) => m !== n).flatMap(delegationTo) }));
}
