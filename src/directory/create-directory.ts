import { join } from 'node:path';
import type { Directory } from '../core/delegation/directory';
import { LdapDirectory } from './ldap-directory';
import type { LdapConfig } from '../config/ldap-settings';
import { SnapshotDirectory } from './snapshot-directory';

/** The demo snapshot shipped with the package (hosts in varied states), relative to the package root. */
export const DEMO_SNAPSHOT = join('data', 'demo-directory.ldif');

/**
 * The directory the Slack app and the console use: LDAP when configured (loadLdapConfig returned a config),
 * otherwise the demo snapshot, so `/lm-check HV01 HV02` answers out of the box. The snapshot is read on first use.
 */
export function createDirectory(config: LdapConfig | undefined, packageRoot: string): Directory & { readonly kind: 'ldap' | 'demo' } {
  if (config) return Object.assign(new LdapDirectory(config), { kind: 'ldap' as const });
  return Object.assign(new SnapshotDirectory(join(packageRoot, DEMO_SNAPSHOT)), { kind: 'demo' as const });
}
