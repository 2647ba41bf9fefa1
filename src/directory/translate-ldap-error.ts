import { ResultCodeError } from 'ldapts';
import { DirectoryAuthError, DirectoryUnavailableError, LmError } from '../support/errors';
import type { LdapConfig } from '../config/ldap-settings';

/** Node/OpenSSL certificate verification codes (node:tls): the server's certificate is not trusted. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'CERT_REJECTED',
]);

/** AD's sub-codes of invalidCredentials (49), from the "data NNN" part of the diagnostic message. */
const AD_BIND_REASONS: Record<string, string> = {
  532: 'the password has expired (AD 532); set a new password for the account and update LDAP_BIND_PASSWORD',
  773: 'the password must be changed before first use (AD 773, pwdLastSet = 0); set a new password and update LDAP_BIND_PASSWORD',
  533: 'the account is disabled (AD 533)',
  701: 'the account has expired (AD 701); extend accountExpires',
  775: 'the account is locked out (AD 775); unlock it and check for a wrong password elsewhere',
};

/** Thrown inside LdapDirectory when the whole call exceeds its deadline. */
export class DeadlineError extends Error {}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Removes the bind password from any text, in case a server or library echoes it. */
export function redact(text: string, config: Pick<LdapConfig, 'bindPassword'>): string {
  return config.bindPassword ? text.split(config.bindPassword).join('***') : text;
}

/**
 * Maps whatever ldapts or the socket threw to lm-doctor's typed errors (the one place that knows ldapts error
 * types): bad credentials and missing rights → DirectoryAuthError; refused, timeout, TLS, missing base →
 * DirectoryUnavailableError. Messages name the setting to fix and never contain the password.
 */
export function translateLdapError(err: unknown, config: LdapConfig, baseDn?: string): LmError {
  if (err instanceof LmError) return err;
  const where = config.url;
  const detail = redact(err instanceof Error ? err.message : String(err), config).split('\n')[0];
  if (err instanceof ResultCodeError) {
    switch (err.code) {
      case 49: {
        const reason = AD_BIND_REASONS[/\bdata ([0-9a-f]{3})\b/i.exec(detail)?.[1]?.toLowerCase() ?? ''];
        if (reason) return new DirectoryAuthError(`${where} refused the bind for ${config.bindDn}: ${reason}`, { cause: err });
        return new DirectoryAuthError(`${where} refused the bind for ${config.bindDn}: invalid credentials (49); check LDAP_BIND_DN and LDAP_BIND_PASSWORD`, { cause: err });
      }
      case 50:
        return new DirectoryAuthError(`${config.bindDn} may not read what the check needs on ${where}: insufficient access rights (50)`, { cause: err });
      case 1:
      case 48:
        return new DirectoryAuthError(`${where} refused the search for ${config.bindDn} (${err.code}): the bind did not authenticate`, { cause: err });
      case 8:
      case 13:
        return new DirectoryAuthError(`${where} requires an encrypted connection (${err.code}): use ldaps:// or LDAP_STARTTLS=true`, { cause: err });
      case 32:
        return new DirectoryUnavailableError(`the search base ${baseDn ?? config.baseDn ?? '(rootDSE)'} does not exist on ${where} (noSuchObject 32); check LDAP_BASE_DN`, { cause: err });
      default:
        return new DirectoryUnavailableError(`${where} answered with LDAP error ${err.code}: ${detail}`, { cause: err });
    }
  }
  const code = codeOf(err);
  if (code && TLS_TRUST_CODES.has(code)) {
    const ca = config.caFile ? `LDAP_CA_FILE (${config.caFile}) does not` : 'LDAP_CA_FILE is not set and the system CAs do not';
    return new DirectoryUnavailableError(`TLS to ${where} failed: ${ca} validate the server certificate (${code})`, { cause: err });
  }
  if (err instanceof DeadlineError) {
    return new DirectoryUnavailableError(`${where} did not answer within ${config.timeoutMs} ms (LDAP_TIMEOUT_MS)`, { cause: err });
  }
  const reason = code ?? detail;
  return new DirectoryUnavailableError(`cannot reach ${where}: ${reason}`, { cause: err });
}
