import { computerFilter, escapeFilterValue, operatorFilter, spnHolderFilter } from '../../src/directory/ldap-filter';

describe('escapeFilterValue (RFC 4515 §3)', () => {
  test.each([
    ['HV01$', 'HV01$'],
    ['*', '\\2a'],
    ['*)(sAMAccountName=*', '\\2a\\29\\28sAMAccountName=\\2a'],
    ['a\\b', 'a\\5cb'],
    ['nul\u0000x', 'nul\\00x'],
    ['é', '\\c3\\a9'],
    ['Microsoft Virtual System Migration Service/HV01', 'Microsoft Virtual System Migration Service/HV01'],
  ])('%j → %j', (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });
  test('binary values escape every byte', () => {
    expect(escapeFilterValue(Buffer.from([0x01, 0x05, 0x2a]))).toBe('\\01\\05\\2a');
  });
  test('an escaped value never contains a raw filter metacharacter', () => {
    for (const v of ['*()\\', '\u0000', ')(|(objectClass=*)']) expect(escapeFilterValue(v)).not.toMatch(/[*()\u0000]|\\(?![0-9a-f]{2})/);
  });
});

describe('filters', () => {
  test('one OR over account names and DNS names', () => {
    expect(computerFilter(['HV01', 'hv02.contoso.local', 'HV03$'])).toBe(
      '(&(objectClass=computer)(|(sAMAccountName=HV01$)(sAMAccountName=HV02$)(dNSHostName=hv02.contoso.local)(sAMAccountName=HV03$)))');
  });
  test('hostile names stay inside their value', () => {
    expect(computerFilter(['*)(objectClass=*'])).toBe('(&(objectClass=computer)(|(sAMAccountName=\\2a\\29\\28OBJECTCLASS=\\2a$)))');
  });
  test('SPN holders and operators', () => {
    expect(spnHolderFilter(['cifs/a', 'b*'])).toBe('(|(servicePrincipalName=cifs/a)(servicePrincipalName=b\\2a))');
    expect(operatorFilter('jane@contoso.local')).toContain('(userPrincipalName=jane@contoso.local)');
    expect(operatorFilter('jane')).toContain('(sAMAccountName=jane)');
  });
});
