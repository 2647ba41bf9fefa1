/**
 * Parsers for the binary values the check reads: SIDs (MS-DTYP 2.4.2.2) and the self-relative security descriptor
 * in msDS-AllowedToActOnBehalfOfOtherIdentity (MS-DTYP 2.4.6; ACL 2.4.5; ACEs 2.4.4). Pure; bounds-checked.
 */

const SE_DACL_PRESENT = 0x0004;
const INHERIT_ONLY_ACE = 0x08;
const ACCESS_ALLOWED = 0x00;
const ACCESS_DENIED = 0x01;
const ACCESS_ALLOWED_OBJECT = 0x05;
const ACCESS_DENIED_OBJECT = 0x06;

/** `S-1-5-21-…` from a binary SID at `offset`; undefined when it does not fit in the buffer. */
export function sidToString(buf: Uint8Array, offset = 0): string | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (offset + 8 > b.length) return undefined;
  const count = b[offset + 1];
  if (offset + 8 + 4 * count > b.length) return undefined;
  let sid = `S-${b[offset]}-${b.readUIntBE(offset + 2, 6)}`;
  for (let i = 0; i < count; i++) sid += `-${b.readUInt32LE(offset + 8 + 4 * i)}`;
  return sid;
}

/** Binary SID for `S-1-5-21-…` (for `(objectSid=\xx…)` filters). */
export function sidToBuffer(sid: string): Buffer {
  const parts = sid.split('-');
  if (parts[0] !== 'S' || parts.length < 3) throw new Error(`not a SID: ${sid}`);
  const subs = parts.slice(3).map(Number);
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = Number(parts[1]);
  b[1] = subs.length;
  b.writeUIntBE(Number(parts[2]), 2, 6);
  subs.forEach((v, i) => b.writeUInt32LE(v, 8 + 4 * i));
  return b;
}

/** Offset of the SID inside an ACE body (after type, flags, size, mask; object ACEs carry optional GUIDs). */
function aceSidOffset(b: Buffer, ace: number, type: number, size: number): number {
  if (type === ACCESS_ALLOWED || type === ACCESS_DENIED) return ace + 8;
  // An object ACE too short for its flags holds no SID: point past its end.
  if (size < 12) return ace + size;
  const flags = b.readUInt32LE(ace + 8);
  return ace + 12 + (flags & 1 ? 16 : 0) + (flags & 2 ? 16 : 0);
}

/**
 * SIDs an RBCD descriptor allows: ACCESS_ALLOWED(_OBJECT) ACEs of the DACL, minus SIDs with an ACCESS_DENIED ACE,
 * ignoring inherit-only ACEs. The access mask is not interpreted (Windows tools and samba-tool write full control).
 * Returns [] for an absent, empty or malformed descriptor.
 */
export function parseRbcdSids(sd: Uint8Array | undefined): string[] {
  if (!sd || sd.length < 20) return [];
  const b = Buffer.from(sd.buffer, sd.byteOffset, sd.byteLength);
  const control = b.readUInt16LE(2);
  const dacl = b.readUInt32LE(16);
  if (!(control & SE_DACL_PRESENT) || dacl === 0 || dacl + 8 > b.length) return [];
  const count = b.readUInt16LE(dacl + 4);
  const allowed: string[] = [];
  const denied = new Set<string>();
  let ace = dacl + 8;
  for (let i = 0; i < count && ace + 8 <= b.length; i++) {
    const type = b[ace];
    const flags = b[ace + 1];
    const size = b.readUInt16LE(ace + 2);
    if (size < 8 || ace + size > b.length) break;
    const known = [ACCESS_ALLOWED, ACCESS_DENIED, ACCESS_ALLOWED_OBJECT, ACCESS_DENIED_OBJECT].includes(type);
    if (known && !(flags & INHERIT_ONLY_ACE)) {
      const sid = sidToString(b.subarray(0, ace + size), aceSidOffset(b, ace, type, size));
      if (sid && (type === ACCESS_ALLOWED || type === ACCESS_ALLOWED_OBJECT)) allowed.push(sid);
      if (sid && (type === ACCESS_DENIED || type === ACCESS_DENIED_OBJECT)) denied.add(sid);
    }
    ace += size;
  }
  return [...new Set(allowed)].filter((s) => !denied.has(s));
}
