import { execFileSync } from 'node:child_process';
import type { SambaEnv } from './samba-env';

/** The attributes a snapshot needs (the same list the docs give Windows admins for ldifde). */
export const SNAPSHOT_ATTRIBUTES = [
  'objectClass', 'sAMAccountName', 'dNSHostName', 'userAccountControl', 'servicePrincipalName', 'msDS-AllowedToDelegateTo',
  'objectSid', 'msDS-AllowedToActOnBehalfOfOtherIdentity', 'operatingSystem', 'operatingSystemVersion',
  'userPrincipalName', 'memberOf', 'member',
];

/** Exports the test DC with `ldapsearch -LLL` as the read-only account, exactly as an admin would (folded, base64). */
export function exportSambaSnapshot(env: SambaEnv): string {
  return execFileSync('ldapsearch', [
    '-LLL', '-x', '-H', env.SAMBA_AD_LDAPS_URL, '-D', env.SAMBA_AD_BIND_DN, '-w', env.SAMBA_AD_BIND_PASSWORD,
    '-b', env.SAMBA_AD_BASE_DN, '-E', 'pr=200/noprompt',
    '(|(objectClass=computer)(objectClass=user)(objectClass=group))', ...SNAPSHOT_ATTRIBUTES,
  ], { encoding: 'utf8', env: { ...process.env, LDAPTLS_CACERT: env.SAMBA_AD_CA_FILE }, maxBuffer: 64 * 1024 * 1024 });
}
