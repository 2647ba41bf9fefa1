import type { RawEntry } from './raw-entry';

/** Thrown for LDIF the reader cannot understand; the message names the line. */
export class LdifSyntaxError extends Error {}

/** Text of an export: UTF-8, or UTF-16LE with BOM (`ldifde -u`); a UTF-8 BOM is dropped. */
export function decodeLdif(data: Uint8Array): string {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  const text = b.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Physical lines → logical lines: a line starting with one space continues the previous one (RFC 2849). */
function unfold(text: string): Array<{ line: string; no: number }> {
  const out: Array<{ line: string; no: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const last = out[out.length - 1];
    if (raw.startsWith(' ') && last && last.line !== '') last.line += raw.slice(1);
    else out.push({ line: raw, no: i + 1 });
  });
  return out;
}

/**
 * Reads LDIF content records as written by `ldapsearch -LLL` (folded lines, `::` base64 values) and `ldifde`
 * (CRLF, `changetype: add`, UTF-16 with -u). Attribute options (`;binary`) are dropped, names lower-cased;
 * base64 values stay Buffers (binary SIDs and security descriptors), others become strings. Pure.
 */
export function parseLdif(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  let current: RawEntry | undefined;
  for (const { line, no } of unfold(text)) {
    if (line.trim() === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    // `[\s\S]`, not `.`: a value may hold U+2028/U+2029, which `.` does not match (lines are split on \n only).
    const m = /^([A-Za-z0-9][A-Za-z0-9.;-]*):(:|<)?\s?([\s\S]*)$/.exec(line);
    if (!m) throw new LdifSyntaxError(`line ${no}: expected "attribute: value", got ${JSON.stringify(line.slice(0, 60))}`);
    const name = m[1].split(';')[0].toLowerCase();
    if (m[2] === '<') throw new LdifSyntaxError(`line ${no}: URL values (${name}:<) are not supported`);
    const value: string | Buffer = m[2] === ':' ? Buffer.from(m[3].trim(), 'base64') : m[3];
    if (name === 'dn') {
      if (current) throw new LdifSyntaxError(`line ${no}: a new dn without a blank line before it`);
      current = { dn: Buffer.isBuffer(value) ? value.toString('utf8') : value, attributes: new Map() };
      continue;
    }
    if (name === 'version' && !current) continue;
    if (!current) throw new LdifSyntaxError(`line ${no}: attribute "${name}" before any dn`);
    if (name === 'changetype' || name === '-') continue;
    const list = current.attributes.get(name) ?? [];
    list.push(value);
    current.attributes.set(name, list);
  }
  if (current) entries.push(current);
  return entries;
}
