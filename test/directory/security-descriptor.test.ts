import { parseRbcdSids, sidToBuffer, sidToString } from '../../src/directory/security-descriptor';

// Built by hand from MS-DTYP (2.4.2.2 SID, 2.4.4 ACE, 2.4.5 ACL, 2.4.6 SECURITY_DESCRIPTOR), independent of the parser.
function sid(text: string): Buffer {
  const [, rev, auth, ...subs] = text.split('-');
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = Number(rev);
  b[1] = subs.length;
  b.writeUIntBE(Number(auth), 2, 6);
  subs.forEach((s, i) => b.writeUInt32LE(Number(s), 8 + 4 * i));
  return b;
}
function ace(type: number, flags: number, sidText: string, objectFlags?: number): Buffer {
  const body = objectFlags === undefined
    ? Buffer.concat([Buffer.from([0xff, 0x01, 0x0f, 0x00]), sid(sidText)])
    : Buffer.concat([Buffer.from([0xff, 0x01, 0x0f, 0x00]), Buffer.from([objectFlags, 0, 0, 0]), Buffer.alloc(objectFlags & 1 ? 16 : 0, 0xab), sid(sidText)]);
  const head = Buffer.from([type, flags, 0, 0]);
  head.writeUInt16LE(4 + body.length, 2);
  return Buffer.concat([head, body]);
}
function sd(aces: Buffer[], control = 0x8004): Buffer {
  const owner = sid('S-1-5-32-544');
  const acl = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), ...aces]);
  acl.writeUInt16LE(acl.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE(control, 2);
  header.writeUInt32LE(20, 4);
  header.writeUInt32LE(20 + owner.length, 16);
  return Buffer.concat([header, owner, acl]);
}

const A = 'S-1-5-21-3895172137-3400468378-1126042012-1103';
const B = 'S-1-5-21-3895172137-3400468378-1126042012-1104';

describe('SIDs', () => {
  test.each([A, 'S-1-5-32-544', 'S-1-1-0', 'S-1-5-18'])('%s round-trips', (text) => {
    expect(sidToString(sidToBuffer(text))).toBe(text);
    expect(sidToString(sid(text))).toBe(text);
  });
  test('truncated SID → undefined', () => {
    expect(sidToString(sid(A).subarray(0, 12))).toBeUndefined();
  });
});

describe('parseRbcdSids', () => {
  test('one and two ACCESS_ALLOWED ACEs, as samba-tool writes them (80 and 116 bytes)', () => {
    expect(sd([ace(0, 0, A)])).toHaveLength(80);
    expect(parseRbcdSids(sd([ace(0, 0, A)]))).toEqual([A]);
    expect(sd([ace(0, 0, A), ace(0, 0, B)])).toHaveLength(116);
    expect(parseRbcdSids(sd([ace(0, 0, A), ace(0, 0, B)]))).toEqual([A, B]);
  });
  test('a deny ACE removes the SID; inherit-only ACEs are ignored', () => {
    expect(parseRbcdSids(sd([ace(0, 0, A), ace(0, 0, B), ace(1, 0, B)]))).toEqual([A]);
    expect(parseRbcdSids(sd([ace(0, 0x08, A), ace(0, 0, B)]))).toEqual([B]);
  });
  test('object ACEs (with and without an object type GUID) are read too', () => {
    expect(parseRbcdSids(sd([ace(5, 0, A, 1), ace(5, 0, B, 0)]))).toEqual([A, B]);
  });
  test.each([
    ['absent', undefined],
    ['empty', Buffer.alloc(0)],
    ['header only', Buffer.alloc(20)],
    ['no DACL_PRESENT flag', sd([ace(0, 0, A)], 0x8000)],
    ['truncated in the ACE', sd([ace(0, 0, A)]).subarray(0, 70)],
    ['ACE size 0', (() => { const b = sd([ace(0, 0, A)]); b.writeUInt16LE(0, 20 + 16 + 8 + 2); return b; })()],
  ])('%s → []', (_, value) => {
    expect(parseRbcdSids(value)).toEqual([]);
  });
});
