import { ConfigError } from '../errors';

/** The LDAP slice of lm-doctor's configuration. */
export interface LdapConfig {
  /** `ldaps://dc01.contoso.com` (port 636) or `ldap://…` (389; then StartTLS, or plain only when allowed). */
  url: string;
  /** Bind identity: UPN (`svc-lmcheck@contoso.com`), `DOMAIN\user` or a full DN. */
  bindDn: string;
  /** Never logged or printed. */
  bindPassword: string;
  /** Search base; when undefined, `defaultNamingContext` is read from the rootDSE. */
  baseDn?: string;
  /** PEM file with the CA(s) to trust for LDAPS/StartTLS; when undefined, Node's default CAs. */
  caFile?: string;
  /** Upgrade an `ldap://` connection with StartTLS before binding. Default false. */
  startTls: boolean;
  /** Permit a simple bind over an unencrypted connection. Default false (refused). */
  allowPlain: boolean;
  /** Bound on every directory call (connect, bind and searches together), in milliseconds. Default 5000. */
  timeoutMs: number;
}

export const DEFAULT_LDAP_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 120_000;

/** Whether a simple bind over this configuration would travel unencrypted. */
export function isPlainBind(config: Pick<LdapConfig, 'url' | 'startTls'>): boolean {
  return config.url.toLowerCase().startsWith('ldap://') && !config.startTls;
}

export const PLAIN_BIND_REFUSED =
  'refusing a simple bind over unencrypted ldap:// (the password would cross the network in clear text): ' +
  'use ldaps://, set LDAP_STARTTLS=true, or set LDAP_ALLOW_PLAIN=true to accept the risk';

function parseBool(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === '') return false;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return false;
}

/**
 * Reads the LDAP settings from an environment-like object. Returns undefined when LDAP_URL is unset (the check
 * then runs on the demo snapshot); throws ConfigError listing every problem at once. Pure.
 */
export function loadLdapConfig(env: Record<string, string | undefined>): LdapConfig | undefined {
  const url = env.LDAP_URL?.trim();
  if (!url) return undefined;
  const problems: string[] = [];
  const scheme = /^(ldaps?):\/\/[^/\s]+\/?$/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) problems.push(`LDAP_URL must look like ldaps://dc01.contoso.com or ldap://dc01.contoso.com:389 (got "${url}")`);
  const bindDn = env.LDAP_BIND_DN?.trim() ?? '';
  if (!bindDn) problems.push('LDAP_BIND_DN is not set: give the read-only account as user@domain, DOMAIN\\user or a DN');
  const bindPassword = env.LDAP_BIND_PASSWORD ?? '';
  if (!bindPassword) problems.push('LDAP_BIND_PASSWORD is not set (the read-only account\'s password)');
  const startTls = parseBool('LDAP_STARTTLS', env.LDAP_STARTTLS, problems);
  const allowPlain = parseBool('LDAP_ALLOW_PLAIN', env.LDAP_ALLOW_PLAIN, problems);
  if (startTls && scheme === 'ldaps') problems.push('LDAP_STARTTLS=true needs an ldap:// URL (ldaps:// is already TLS)');
  if (scheme === 'ldap' && !startTls && !allowPlain) problems.push(PLAIN_BIND_REFUSED);
  let timeoutMs = DEFAULT_LDAP_TIMEOUT_MS;
  const rawTimeout = env.LDAP_TIMEOUT_MS?.trim();
  if (rawTimeout) {
    timeoutMs = Number(rawTimeout);
    if (!/^\d+$/.test(rawTimeout) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      problems.push(`LDAP_TIMEOUT_MS must be a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS} (got "${rawTimeout}")`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config: LdapConfig = { url, bindDn, bindPassword, startTls, allowPlain, timeoutMs };
  const baseDn = env.LDAP_BASE_DN?.trim();
  if (baseDn) config.baseDn = baseDn;
  const caFile = env.LDAP_CA_FILE?.trim();
  if (caFile) config.caFile = caFile;
  return config;
}
