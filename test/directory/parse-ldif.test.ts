import { LdifSyntaxError, decodeLdif, parseLdif } from '../../src/directory/parse-ldif';
import { strings, buffers } from '../../src/directory/raw-entry';
import { SnapshotDirectory } from '../../src/directory/snapshot-directory';
import { ConfigError } from '../../src/support/errors';

const SID_B64 = 'AQUAAAAAAAUVAAAAKZwu6JoHr8qcDR5DTwQAAA==';

describe('parseLdif', () => {
  test('ldapsearch -LLL: folded lines and base64 values', () => {
    const text = [
      'dn: CN=HV07,CN=Computers,DC=lab,DC=example',
      'sAMAccountName: HV07$',
      'servicePrincipalName: Microsoft Virtual System Migration Service/HV07.lab.exam',
      ' ple',
      `objectSid:: ${SID_B64}`,
      'description:: w6nDqQ==',
      '',
      'dn: CN=HV08,CN=Computers,DC=lab,DC=example',
      'sAMAccountName: HV08$',
      '',
    ].join('\n');
    const [a, b] = parseLdif(text);
    expect(a.dn).toBe('CN=HV07,CN=Computers,DC=lab,DC=example');
    expect(strings(a, 'servicePrincipalName')).toEqual(['Microsoft Virtual System Migration Service/HV07.lab.example']);
    expect(buffers(a, 'objectSid')[0]).toEqual(Buffer.from(SID_B64, 'base64'));
    expect(strings(a, 'description')).toEqual(['éé']);
    expect(strings(b, 'samaccountname')).toEqual(['HV08$']);
  });

  test('ldifde: CRLF, version, changetype, attribute options, UTF-16LE with BOM', () => {
    const text = 'version: 1\r\n\r\ndn: CN=HV01,OU=Hyper-V,DC=contoso,DC=local\r\nchangetype: add\r\nsAMAccountName: HV01$\r\n' +
      'msDS-AllowedToDelegateTo: cifs/HV02\r\nmsDS-AllowedToDelegateTo: Microsoft Virtual System Migration Service/HV0\r\n 2\r\n' +
      `objectSid;binary:: ${SID_B64}\r\n\r\n`;
    for (const data of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])]) {
      const [e] = parseLdif(decodeLdif(data));
      expect(strings(e, 'msDS-AllowedToDelegateTo')).toEqual(['cifs/HV02', 'Microsoft Virtual System Migration Service/HV02']);
      expect(e.attributes.has('changetype')).toBe(false);
      expect(buffers(e, 'objectSid')).toHaveLength(1);
    }
  });

  test('comments and a file without a trailing blank line', () => {
    expect(parseLdif('# export\ndn: CN=A\n# note\ncn: A')).toHaveLength(1);
  });

  test.each([
    ['attribute before dn', 'cn: A\n', /line 1/],
    ['garbage line', 'dn: CN=A\nthis is not ldif\n', /line 2/],
    ['two dns without a blank line', 'dn: CN=A\ndn: CN=B\n', /line 2/],
    ['URL value', 'dn: CN=A\njpegPhoto:< file:///etc/passwd\n', /URL/],
  ])('%s → LdifSyntaxError naming the line', (_, text, message) => {
    expect(() => parseLdif(text)).toThrow(LdifSyntaxError);
    expect(() => parseLdif(text)).toThrow(message);
  });

  test('SnapshotDirectory.fromFile: missing or malformed files are configuration errors', async () => {
    await expect(SnapshotDirectory.fromFile('/nonexistent/snapshot.ldif')).rejects.toBeInstanceOf(ConfigError);
    await expect(SnapshotDirectory.fromFile(__filename)).rejects.toThrow(/line 1/);
  });
});
