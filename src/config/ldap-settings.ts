/**
 * The LDAP slice of the configuration. Undefined when LDAP_URL is unset (the check then reads the bundled demo
 * snapshot). The bind password never appears in a problem, and neither does LDAP_URL (it may hold credentials,
 * which are refused).
 */
import { createEnvReader, type Env, type EnvReader } from './read-env';
import { ConfigError } from '../support/errors';

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
  /** Bound on one check's whole session (connect, bind and every search), in milliseconds. Default 5000. */
  timeoutMs: number;
}

export const DEFAULT_LDAP_TIMEOUT_MS = 5000;

/** Whether a simple bind over this configuration would travel unencrypted. */
export function isPlainBind(config: Pick<LdapConfig, 'url' | 'startTls'>): boolean {
  return config.url.toLowerCase().startsWith('ldap://') && !config.startTls;
}

export const PLAIN_BIND_REFUSED =
  'refusing a simple bind over unencrypted ldap:// (the password would cross the network in clear text): ' +
  'use ldaps://, set LDAP_STARTTLS=true, or set LDAP_ALLOW_PLAIN=true to accept the risk';

export const CREDENTIALS_IN_URL =
  'LDAP_URL must not contain a user name or password (user:password@host): give the account in LDAP_BIND_DN and ' +
  'its password in LDAP_BIND_PASSWORD, and keep only the server in LDAP_URL (ldaps://dc01.contoso.com)';

export function readLdapConfig(r: EnvReader): LdapConfig | undefined {
  const url = r.text('LDAP_URL');
  if (!url) return undefined;
  const { problems } = r;
  const parts = /^(ldaps?):\/\/([^/\s]+)\/?$/i.exec(url);
  const scheme = parts?.[1]?.toLowerCase();
  if (!scheme) problems.push('LDAP_URL must look like ldaps://dc01.contoso.com or ldap://dc01.contoso.com:389');
  // user:password@ in the URL would travel into logs, messages and /readyz wherever the URL is shown.
  if (parts?.[2]?.includes('@')) problems.push(CREDENTIALS_IN_URL);
  const bindDn = r.text('LDAP_BIND_DN') ?? '';
  if (!bindDn) problems.push('LDAP_BIND_DN is not set: give the read-only account as user@domain, DOMAIN\\user or a DN');
  const bindPassword = r.secret('LDAP_BIND_PASSWORD') ?? '';
  if (!bindPassword) problems.push('LDAP_BIND_PASSWORD is not set (the read-only account\'s password)');
  const startTls = r.boolean('LDAP_STARTTLS', false);
  const allowPlain = r.boolean('LDAP_ALLOW_PLAIN', false);
  if (startTls && scheme === 'ldaps') problems.push('LDAP_STARTTLS=true needs an ldap:// URL (ldaps:// is already TLS)');
  if (scheme === 'ldap' && !startTls && !allowPlain) problems.push(PLAIN_BIND_REFUSED);
  const timeoutMs = r.integer('LDAP_TIMEOUT_MS', { fallback: DEFAULT_LDAP_TIMEOUT_MS, min: 1, max: 120_000, unit: 'a number of milliseconds' });
  const baseDn = r.text('LDAP_BASE_DN');
  const caFile = r.text('LDAP_CA_FILE');
  return { url, bindDn, bindPassword, startTls, allowPlain, timeoutMs, ...(baseDn ? { baseDn } : {}), ...(caFile ? { caFile } : {}) };
}

/** The slice alone (tests, tools): throws ConfigError listing every problem. */
export function loadLdapConfig(env: Env): LdapConfig | undefined {
  const r = createEnvReader(env);
  const config = readLdapConfig(r);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
