import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LdapConfig } from '../../src/config/ldap-settings';

/** Work dir of scripts/samba-ad-start.sh (same default as the script). */
export function sambaDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SAMBA_AD_DIR ?? join(env.TMPDIR ?? tmpdir(), 'lm-doctor-samba-ad');
}

export interface SambaEnv {
  SAMBA_AD_DIR: string;
  SAMBA_AD_PID: string;
  SAMBA_AD_LDAP_URL: string;
  SAMBA_AD_LDAPS_URL: string;
  SAMBA_AD_CA_FILE: string;
  SAMBA_AD_BASE_DN: string;
  SAMBA_AD_BIND_DN: string;
  SAMBA_AD_BIND_PASSWORD: string;
  SAMBA_AD_ADMIN_DN: string;
  SAMBA_AD_ADMIN_PASSWORD: string;
}

/**
 * The running test DC's settings, read from `$SAMBA_AD_DIR/env`. Throws (so directory tests fail loudly, never
 * skip) when the DC is not running, with the reason the global setup recorded.
 */
export function readSambaEnv(): SambaEnv {
  const file = join(sambaDir(), 'env');
  if (process.env.LM_SAMBA_ERROR || !existsSync(file)) {
    throw new Error(`the Samba AD test DC is not running: ${process.env.LM_SAMBA_ERROR ?? `${file} is missing`}` +
      ' (start it with scripts/samba-ad-start.sh; see test/support/global-setup.ts)');
  }
  const pairs = readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
  return Object.fromEntries(pairs) as unknown as SambaEnv;
}

/** An LdapConfig for the test DC over LDAPS as the read-only svc-lmcheck account. */
export function sambaLdapConfig(env: SambaEnv, overrides: Partial<LdapConfig> = {}): LdapConfig {
  return {
    url: env.SAMBA_AD_LDAPS_URL, bindDn: env.SAMBA_AD_BIND_DN, bindPassword: env.SAMBA_AD_BIND_PASSWORD,
    caFile: env.SAMBA_AD_CA_FILE, startTls: false, allowPlain: false, timeoutMs: 5000, ...overrides,
  };
}
