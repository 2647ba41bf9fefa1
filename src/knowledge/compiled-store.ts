/**
 * The compiled knowledge on disk: one file that `npm run build` writes and every start-up reads. Layout:
 *
 *     "LMK3" | fingerprint (64 hex characters) | header length (uint32 LE) | header JSON | Float32 arrays
 *
 * The header holds the index data (entries and their compiled signals) and each model's names; the weights follow as
 * raw little-endian Float32 arrays, read as views over the file's bytes. The fingerprint comes first, so a stale file
 * is recognised before anything is parsed.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IndexData } from '../core/knowledge-index';
import type { StoredTextModel } from '../core/learned/text-model';

const MAGIC = 'LMK3';
const FINGERPRINT_LENGTH = 64;
const PREFIX = MAGIC.length + FINGERPRINT_LENGTH + 4;

export interface CompiledKnowledge {
  fingerprint: string;
  data: IndexData;
  model: StoredTextModel;
  relevance: StoredTextModel;
}

type ModelNames = Omit<StoredTextModel, 'weights' | 'idf'>;
interface Header { data: IndexData; model: ModelNames; relevance: ModelNames; arrays: number[] }

/** The stored knowledge when the file exists and carries this fingerprint; otherwise undefined (rebuild). */
export function readCompiledKnowledge(file: string, fingerprint: string): CompiledKnowledge | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length < PREFIX || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  if (buf.toString('latin1', MAGIC.length, MAGIC.length + FINGERPRINT_LENGTH) !== fingerprint) return undefined;
  try {
    const headerLength = buf.readUInt32LE(PREFIX - 4);
    const header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLength)) as Header;
    const arrays = float32Views(buf, PREFIX + headerLength, header.arrays);
    const [mw, mi, rw, ri] = arrays;
    if (arrays.length !== 4) return undefined;
    return { fingerprint, data: header.data, model: { ...header.model, weights: mw, idf: mi }, relevance: { ...header.relevance, weights: rw, idf: ri } };
  } catch {
    return undefined; // truncated or corrupt: rebuilt like a stale one
  }
}

/** Best effort and atomic (temporary file, then rename): a read-only install still works, it only rebuilds at start. */
export function writeCompiledKnowledge(file: string, k: CompiledKnowledge): boolean {
  const arrays = [k.model.weights, k.model.idf, k.relevance.weights, k.relevance.idf];
  const header: Header = { data: k.data, model: namesOf(k.model), relevance: namesOf(k.relevance), arrays: arrays.map((a) => a.length) };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad with spaces (valid JSON) so the arrays start 4-byte aligned.
  const pad = (4 - ((PREFIX + json.length) % 4)) % 4;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const prefix = Buffer.alloc(PREFIX);
  prefix.write(MAGIC + k.fingerprint, 0, 'latin1');
  prefix.writeUInt32LE(json.length, PREFIX - 4);
  const parts = [prefix, json, ...arrays.map((a) => littleEndianBytes(a))];
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, Buffer.concat(parts));
    renameSync(`${file}.tmp`, file);
    return true;
  } catch {
    return false;
  }
}

function namesOf(m: StoredTextModel): ModelNames {
  return { classes: m.classes, features: m.features, bias: m.bias };
}

function float32Views(buf: Buffer, start: number, lengths: readonly number[]): Float32Array[] {
  const out: Float32Array[] = [];
  let at = start;
  for (const n of lengths) {
    const end = at + n * 4;
    if (!Number.isInteger(n) || n < 0 || end > buf.length) throw new Error('compiled knowledge is truncated');
    out.push(readFloat32(buf, at, n));
    at = end;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function readFloat32(buf: Buffer, at: number, n: number): Float32Array {
  if (LITTLE_ENDIAN && (buf.byteOffset + at) % 4 === 0) return new Float32Array(buf.buffer, buf.byteOffset + at, n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = buf.readFloatLE(at + i * 4);
  return out;
}

function littleEndianBytes(a: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const out = Buffer.alloc(a.length * 4);
  a.forEach((x, i) => out.writeFloatLE(x, i * 4));
  return out;
}
