/**
 * LDIF snapshots (`--snapshot FILE`, the console's demo directory) on hostile input. Invariants: decodeLdif never
 * throws; parseLdif returns entries or throws LdifSyntaxError, nothing else; what an RFC 2849 writer produces (folded
 * lines, base64 values, CRLF, comments, `changetype: add`) reads back to the same entries; a mutated demo snapshot
 * still answers a delegation check or fails with a typed error; a megabyte parses in bounded time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LdifSyntaxError, decodeLdif, parseLdif } from '../../src/directory/parse-ldif';
import type { RawEntry } from '../../src/directory/raw-entry';
import { toComputerAccount } from '../../src/directory/raw-entry';
import { SnapshotDirectory } from '../../src/directory/snapshot-directory';
import { DEMO_SNAPSHOT } from '../../src/directory/create-directory';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { REPO_ROOT } from '../support/paths';
import { cpuMsOf } from '../support/cpu-time';

const DEMO = readFileSync(join(REPO_ROOT, DEMO_SNAPSHOT), 'utf8');

/** Parses with LdifSyntaxError as the only allowed failure. */
function parse(text: string): RawEntry[] | undefined {
  try {
    return parseLdif(text);
  } catch (error) {
    expect(error).toBeInstanceOf(LdifSyntaxError);
    expect((error as Error).message).toMatch(/^line \d+: /);
    return undefined;
  }
}

// ---- an independent RFC 2849 writer -----------------------------------------------------------------------------

interface Spec { dn: string; attributes: Array<[string, Array<string | Buffer>]> }

/** RFC 2849 SAFE-STRING, further limited to what survives a line split: no NUL, CR, LF; no leading space, ':' or '<'. */
const isSafe = (v: string) => !/[\0\r\n]/.test(v) && !/^[ :<]/.test(v) && !/ $/.test(v);

function writeValue(name: string, value: string | Buffer): string {
  if (typeof value === 'string' && isSafe(value)) return `${name}: ${value}`;
  return `${name}:: ${Buffer.from(value).toString('base64')}`;
}

/** Folds at `width` characters: continuation lines start with one space. */
function fold(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 1) out.push(` ${line.slice(i, i + width - 1)}`);
  return out;
}

function writeLdif(entries: Spec[], style: { eol: string; width: number; changetype: boolean; comments: boolean; version: boolean }): string {
  const lines: string[] = [];
  if (style.version) lines.push('version: 1', '');
  for (const e of entries) {
    if (style.comments) lines.push('# exported entry');
    lines.push(...fold(writeValue('dn', e.dn), style.width));
    if (style.changetype) lines.push('changetype: add');
    for (const [name, values] of e.attributes) for (const v of values) lines.push(...fold(writeValue(name, v), style.width));
    lines.push('');
  }
  return lines.join(style.eol);
}

const attrName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/)
  .filter((n) => !['dn', 'changetype', 'version'].includes(n.toLowerCase()));
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => Buffer.from(s, 'utf8').toString('utf8')),
  fc.uint8Array({ maxLength: 90 }).map((b) => Buffer.from(b)),
  fc.constantFrom(' leading', ':colon', '<angle', 'trailing ', 'HV01$', 'Microsoft Virtual System Migration Service/HV02', ''),
);
const spec = fc.record({
  dn: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== ''),
  attributes: fc.uniqueArray(fc.tuple(attrName, fc.array(value, { minLength: 1, maxLength: 4 })), {
    maxLength: 8, selector: ([n]) => n.toLowerCase(),
  }),
});
const style = fc.record({
  eol: fc.constantFrom('\n', '\r\n'), width: fc.integer({ min: 2, max: 100 }),
  changetype: fc.boolean(), comments: fc.boolean(), version: fc.boolean(),
});

/** Values as bytes: base64 values come back as Buffers, plain ones as strings. */
const asBytes = (v: string | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8')).toString('hex');

// ---- mutations of the demo snapshot -----------------------------------------------------------------------------

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', 'dn: CN=X', 'objectSid:: !!!!', 'objectSid:: AQ==', 'msDS-AllowedToActOnBehalfOfOtherIdentity:: AQAEgA==',
      'userAccountControl: -1', 'userAccountControl: 99999999999999999999', 'sAMAccountName: HV01$', 'x:< file:///etc/passwd',
      ' continuation', '-', 'changetype: modify', 'servicePrincipalName: ', 'dNSHostName: *)(objectClass=*'),
  ) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, edits: Array<{ kind: string; at: number; text?: string; char?: string }>): string {
  let lines = text.split('\n');
  for (const m of edits) {
    const i = m.at % (lines.length + 1);
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'insert') lines.splice(i, 0, m.text ?? '');
    else if (m.kind === 'flip') {
      const all = lines.join('\n');
      const j = m.at % Math.max(1, all.length);
      lines = (all.slice(0, j) + (m.char ?? '') + all.slice(j + 1)).split('\n');
    } else lines = lines.join('\n').slice(0, m.at % (text.length + 1)).split('\n');
  }
  return lines.join('\n');
}

describe('LDIF snapshots on hostile input', () => {
  it('decodes any bytes (UTF-8, UTF-16LE with BOM, invalid sequences) without throwing', () => {
    const prefix = fc.constantFrom([], [0xff, 0xfe], [0xef, 0xbb, 0xbf], [0xfe, 0xff]);
    fc.assert(fc.property(prefix, fc.uint8Array({ maxLength: 400 }), (p, bytes) => {
      expect(typeof decodeLdif(new Uint8Array([...p, ...bytes]))).toBe('string');
    }), { numRuns: 3000 });
    expect(decodeLdif(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('dn: CN=HV01\n', 'utf16le')]))).toBe('dn: CN=HV01\n');
  });

  it('parses any text into entries or throws LdifSyntaxError naming the line, nothing else', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fc.oneof(fc.constantFrom('dn: x', 'a: b', 'a:: AAAA', 'a:< x', '', ' ', ' cont', '#c', 'version: 1', '-', 'changetype: add', ':'),
        fc.string({ maxLength: 20 })), { maxLength: 30 }).map((ls) => ls.join('\n')),
    );
    fc.assert(fc.property(text, (t) => {
      const entries = parse(t);
      for (const e of entries ?? []) {
        expect(typeof e.dn).toBe('string');
        for (const [name, values] of e.attributes) {
          expect(name).toBe(name.toLowerCase());
          for (const v of values) expect(typeof v === 'string' || Buffer.isBuffer(v)).toBe(true);
          expect(() => toComputerAccount(e)).not.toThrow();
        }
      }
    }), { numRuns: 4000 });
  });

  it('reads back what an RFC 2849 writer wrote: folded lines, base64, CRLF, comments, changetype', () => {
    fc.assert(fc.property(fc.array(spec, { maxLength: 5 }), style, (entries, s) => {
      const parsed = parseLdif(writeLdif(entries, s));
      expect(parsed.map((e) => e.dn)).toEqual(entries.map((e) => e.dn));
      parsed.forEach((e, i) => {
        const want = entries[i].attributes.map(([n, vs]) => [n.toLowerCase(), vs.map(asBytes)]);
        expect([...e.attributes].map(([n, vs]) => [n, vs.map(asBytes)])).toEqual(want);
      });
    }), { numRuns: 2000 });
  });

  it('answers a delegation check over a mutated demo snapshot, or fails with a typed error', async () => {
    let checked = 0;
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (edits) => {
      const entries = parse(mutate(DEMO, edits));
      if (!entries) return;
      checked++;
      const report = await checkMigrationPairs({ hosts: ['HV01', 'HV02', 'hv03.lab.example', 'HV07'] }, new SnapshotDirectory(entries));
      expect(report.pairs.length).toBeGreaterThan(0);
      for (const p of report.pairs) expect(['ok', 'warn', 'fail']).toContain(p.verdict);
    }), { numRuns: 1500 });
    expect(checked).toBeGreaterThan(300);
  });

  it('parses a megabyte in bounded time: a large export, one 1 MB folded value, and 100,000 comment lines', () => {
    const blocks = DEMO.split(/\n\n+/).filter((b) => b.startsWith('dn:'));
    const big = Array.from({ length: Math.ceil((1 << 20) / DEMO.length) * blocks.length },
      (_, i) => blocks[i % blocks.length].replace(/^dn: CN=([^,]+)/, `dn: CN=$1-${i}`)).join('\n\n');
    const longValue = `dn: CN=X\ndescription: ${fold('y'.repeat(1 << 20), 76).join('\n')}\n`;
    const comments = `${'# comment\n'.repeat(100_000)}dn: CN=X\n`;
    for (const text of [big, longValue, comments]) {
      const { result, ms } = cpuMsOf(() => parseLdif(text));
      expect(result.length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(3000);
    }
  });
});
