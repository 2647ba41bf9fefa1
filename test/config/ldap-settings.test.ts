import { loadLdapConfig } from '../../src/config/ldap-settings';
import { ConfigError } from '../../src/support/errors';

const base = { LDAP_URL: 'ldaps://dc01.contoso.local', LDAP_BIND_DN: 'svc-lmcheck@contoso.local', LDAP_BIND_PASSWORD: 's3cret-Value' };

describe('loadLdapConfig', () => {
  test('LDAP_URL unset → undefined (demo snapshot / not configured)', () => {
    expect(loadLdapConfig({})).toBeUndefined();
    expect(loadLdapConfig({ LDAP_URL: '  ' })).toBeUndefined();
  });

  test('defaults', () => {
    expect(loadLdapConfig(base)).toEqual({ url: base.LDAP_URL, bindDn: base.LDAP_BIND_DN, bindPassword: base.LDAP_BIND_PASSWORD, startTls: false, allowPlain: false, timeoutMs: 5000 });
  });

  test('all settings', () => {
    expect(loadLdapConfig({ ...base, LDAP_URL: 'ldap://dc01:389', LDAP_STARTTLS: 'true', LDAP_BASE_DN: 'DC=contoso,DC=local', LDAP_CA_FILE: '/etc/ca.pem', LDAP_TIMEOUT_MS: '1500' }))
      .toMatchObject({ startTls: true, baseDn: 'DC=contoso,DC=local', caFile: '/etc/ca.pem', timeoutMs: 1500 });
    expect(loadLdapConfig({ ...base, LDAP_URL: 'ldap://dc01', LDAP_ALLOW_PLAIN: 'true' })).toMatchObject({ allowPlain: true, startTls: false });
  });

  test.each([
    [{ LDAP_URL: 'http://dc01' }, /LDAP_URL/],
    [{ LDAP_BIND_DN: '' }, /LDAP_BIND_DN/],
    [{ LDAP_BIND_PASSWORD: undefined }, /LDAP_BIND_PASSWORD/],
    [{ LDAP_URL: 'ldap://dc01' }, /LDAP_ALLOW_PLAIN/],
    [{ LDAP_STARTTLS: 'true' }, /ldap:\/\//],
    [{ LDAP_STARTTLS: 'maybe' }, /LDAP_STARTTLS/],
    [{ LDAP_TIMEOUT_MS: '0' }, /LDAP_TIMEOUT_MS/],
    [{ LDAP_TIMEOUT_MS: '5s' }, /LDAP_TIMEOUT_MS/],
    [{ LDAP_URL: 'ldaps://svc-lmcheck:pw-in-url@dc01.contoso.local' }, /LDAP_URL must not contain a user name or password.*LDAP_BIND_PASSWORD/],
  ])('%j is refused', (patch, message) => {
    expect(() => loadLdapConfig({ ...base, ...patch })).toThrow(ConfigError);
    expect(() => loadLdapConfig({ ...base, ...patch })).toThrow(message);
  });

  test('every problem is listed at once, and the password never appears', () => {
    try {
      loadLdapConfig({ LDAP_URL: 'ftp://x', LDAP_BIND_PASSWORD: 's3cret-Value', LDAP_TIMEOUT_MS: '-1' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(3);
      expect((err as Error).message).not.toContain('s3cret-Value');
    }
  });
});
