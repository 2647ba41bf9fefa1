/**
 * The RBCD security-descriptor and SID parsers on truncated and malformed buffers. Invariants: never a throw, only
 * well-formed SID strings out, and for well-formed descriptors built independently from MS-DTYP (2.4.2.2 SID, 2.4.4
 * ACE, 2.4.5 ACL, 2.4.6 SECURITY_DESCRIPTOR) exactly the allowed SIDs minus the denied ones.
 */
import fc from 'fast-check';
import { parseRbcdSids, sidToBuffer, sidToString } from '../../src/directory/security-descriptor';
import { toComputerAccount } from '../../src/directory/raw-entry';
import { cpuMsOf } from '../support/cpu-time';

const SID_TEXT = /^S-\d{1,3}-\d{1,15}(?:-\d{1,10})*$/;

interface SidSpec { revision: number; authority: number; subs: number[] }
interface AceSpec { type: number; flags: number; sid: SidSpec; objectFlags: number }

const sidSpec = fc.record({
  revision: fc.constantFrom(1, 1, 1, 0, 255),
  authority: fc.oneof(fc.constantFrom(5, 1, 0, 16), fc.integer({ min: 0, max: 2 ** 48 - 1 })),
  subs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
});
const text = (s: SidSpec) => `S-${s.revision}-${s.authority}${s.subs.map((x) => `-${x}`).join('')}`;

function sidBytes(s: SidSpec): Buffer {
  const b = Buffer.alloc(8 + 4 * s.subs.length);
  b[0] = s.revision;
  b[1] = s.subs.length;
  b.writeUIntBE(s.authority, 2, 6);
  s.subs.forEach((v, i) => b.writeUInt32LE(v, 8 + 4 * i));
  return b;
}

function aceBytes(a: AceSpec): Buffer {
  const object = a.type === 5 || a.type === 6;
  const guids = object ? Buffer.alloc(((a.objectFlags & 1) + ((a.objectFlags >> 1) & 1)) * 16, 0xab) : Buffer.alloc(0);
  const objectHead = object ? Buffer.from([a.objectFlags, 0, 0, 0]) : Buffer.alloc(0);
  const body = Buffer.concat([Buffer.from([0xff, 0x01, 0x0f, 0x00]), objectHead, guids, sidBytes(a.sid)]);
  const head = Buffer.from([a.type, a.flags, 0, 0]);
  head.writeUInt16LE(4 + body.length, 2);
  return Buffer.concat([head, body]);
}

function descriptor(aces: AceSpec[], control = 0x8004): Buffer {
  const owner = sidBytes({ revision: 1, authority: 5, subs: [32, 544] });
  const acl = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), ...aces.map(aceBytes)]);
  acl.writeUInt16LE(acl.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE(control, 2);
  header.writeUInt32LE(20, 4);
  header.writeUInt32LE(20 + owner.length, 16);
  return Buffer.concat([header, owner, acl]);
}

const aceSpec = fc.record({
  type: fc.constantFrom(0, 1, 5, 6, 0, 0, 2, 9, 0x11),
  flags: fc.constantFrom(0, 0, 0, 0x08, 0x02, 0x10),
  sid: sidSpec,
  objectFlags: fc.integer({ min: 0, max: 3 }),
});

/** What the parser must return for a descriptor built from these ACEs. */
function expected(aces: AceSpec[]): string[] {
  const live = aces.filter((a) => [0, 1, 5, 6].includes(a.type) && !(a.flags & 0x08));
  const denied = new Set(live.filter((a) => a.type === 1 || a.type === 6).map((a) => text(a.sid)));
  return [...new Set(live.filter((a) => a.type === 0 || a.type === 5).map((a) => text(a.sid)))].filter((s) => !denied.has(s));
}

function expectSids(sids: string[]): void {
  expect(Array.isArray(sids)).toBe(true);
  for (const s of sids) expect(s).toMatch(SID_TEXT);
  expect(new Set(sids).size).toBe(sids.length);
}

describe('RBCD descriptor parser on malformed input', () => {
  it('reads well-formed descriptors exactly: allowed SIDs minus denied ones, inherit-only and unknown ACEs ignored', () => {
    fc.assert(fc.property(fc.array(aceSpec, { maxLength: 12 }), (aces) => {
      expect(parseRbcdSids(descriptor(aces))).toEqual(expected(aces));
    }), { numRuns: 3000 });
  });

  it('never throws on any truncation of a valid descriptor, and never invents a SID', () => {
    fc.assert(fc.property(fc.array(aceSpec, { minLength: 1, maxLength: 6 }), fc.nat(), (aces, cut) => {
      const full = descriptor(aces);
      const truncated = full.subarray(0, cut % (full.length + 1));
      const sids = parseRbcdSids(truncated);
      expectSids(sids);
      const possible = new Set(aces.map((a) => text(a.sid)));
      for (const s of sids) expect(possible.has(s)).toBe(true);
    }), { numRuns: 4000 });
  });

  it('never throws on valid descriptors with corrupted bytes, lengths and counts', () => {
    const corruption = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.array(aceSpec, { maxLength: 6 }), corruption, fc.boolean(), (aces, edits, shorten) => {
      const b = Buffer.from(descriptor(aces));
      for (const [at, value] of edits) b[at % b.length] = value;
      expectSids(parseRbcdSids(shorten ? b.subarray(0, b.length - 1 - (edits[0][0] % 12)) : b));
    }), { numRuns: 4000 });
  });

  it('never throws on ACLs of correctly framed ACEs with arbitrary bodies (any type, any size ≥ 8)', () => {
    const rawAce = fc.record({
      type: fc.constantFrom(0, 1, 5, 6, 2, 7),
      flags: fc.integer({ min: 0, max: 255 }),
      body: fc.uint8Array({ minLength: 4, maxLength: 60 }),
    }).map(({ type, flags, body }) => {
      const head = Buffer.from([type, flags, 0, 0]);
      head.writeUInt16LE(4 + body.length, 2);
      return Buffer.concat([head, Buffer.from(body)]);
    });
    fc.assert(fc.property(fc.array(rawAce, { minLength: 1, maxLength: 6 }), (aces) => {
      const header = Buffer.alloc(20);
      header[0] = 1;
      header.writeUInt16LE(0x8004, 2);
      header.writeUInt32LE(20, 16);
      const acl = Buffer.concat([Buffer.from([4, 0, 0, 0, aces.length, 0, 0, 0]), ...aces]);
      acl.writeUInt16LE(acl.length, 2);
      expectSids(parseRbcdSids(Buffer.concat([header, acl])));
    }), { numRuns: 4000 });
  });

  it('never throws on random bytes, on a Uint8Array view with an offset, or on undefined', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 16 }), (bytes, offset) => {
      expectSids(parseRbcdSids(bytes));
      const backing = new Uint8Array(bytes.length + offset);
      backing.set(bytes, offset);
      expect(parseRbcdSids(backing.subarray(offset))).toEqual(parseRbcdSids(bytes));
    }), { numRuns: 4000 });
    expect(parseRbcdSids(undefined)).toEqual([]);
  });

  it('answers within a bounded time for a 64 KiB descriptor claiming 65,535 ACEs', () => {
    const b = Buffer.from(descriptor(Array.from({ length: 2000 }, (_, i) => ({ type: i % 2, flags: 0, sid: { revision: 1, authority: 5, subs: [21, i] }, objectFlags: 0 }))));
    b.writeUInt16LE(0xffff, 20 + 16 + 4);
    const { result, ms } = cpuMsOf(() => parseRbcdSids(b));
    expectSids(result);
    expect(ms).toBeLessThan(500);
  });

  it('turns a malformed descriptor in a directory entry into "no RBCD SIDs", never an exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ maxLength: 40 }), (sd, sid) => {
      const account = toComputerAccount({
        dn: 'CN=HV01,DC=x', attributes: new Map<string, Array<string | Buffer>>([
          ['samaccountname', ['HV01$']], ['msds-allowedtoactonbehalfofotheridentity', [Buffer.from(sd)]], ['objectsid', [Buffer.from(sid)]],
        ]),
      });
      expectSids(account.rbcdAllowedSids);
      if (account.objectSid !== undefined) expect(account.objectSid).toMatch(SID_TEXT);
    }), { numRuns: 2000 });
  });
});

describe('SID conversion', () => {
  it('round-trips SIDs through binary and reads them at any offset; truncated SIDs give undefined', () => {
    fc.assert(fc.property(sidSpec, fc.nat({ max: 8 }), fc.nat(), (spec, offset, cut) => {
      const bytes = sidBytes(spec);
      expect(sidToString(bytes)).toBe(text(spec));
      if (spec.revision <= 255 && spec.authority <= 2 ** 48 - 1) expect(sidToBuffer(text(spec)).equals(bytes)).toBe(true);
      const shifted = Buffer.concat([Buffer.alloc(offset, 0xee), bytes]);
      expect(sidToString(shifted, offset)).toBe(text(spec));
      const short = bytes.subarray(0, cut % bytes.length);
      expect(sidToString(short)).toBeUndefined();
    }), { numRuns: 3000 });
  });

  it('never throws on random bytes at any offset', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat({ max: 100 }), (bytes, offset) => {
      const sid = sidToString(bytes, offset);
      if (sid !== undefined) expect(sid).toMatch(SID_TEXT);
    }), { numRuns: 4000 });
  });
});
