/**
 * Finds error codes, symbolic names and event IDs in normalised paste text, in every form people paste them.
 * HRESULTs are never masked (Sentry's <hex> rule would erase our best evidence, see reference/matching.md §1.1).
 */

/** Canonical form of a code: "0x" + 8 upper-case hex digits of its unsigned 32-bit value. */
export function canonicalCode(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Parses "0x8009030E", "8009030e", "0x13AB" or "-2146893042" into the canonical form; undefined if not a code. */
export function parseCode(text: string): string | undefined {
  const t = text.trim();
  if (/^-\d{1,10}$/.test(t)) {
    const n = Number(t);
    return n >= -2147483648 && n < 0 ? canonicalCode(n) : undefined;
  }
  const hex = t.replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,8}$/i.test(hex)) return undefined;
  return canonicalCode(parseInt(hex, 16));
}

/**
 * The other canonical form of the same Win32 error: HRESULT_FROM_WIN32 (0x8007xxxx) ↔ the bare Win32 code.
 * People paste 0x000013AB, 0x13AB and 0x800713AB for the same failure.
 */
export function win32Twin(code: string): string | undefined {
  const value = parseInt(code.slice(2), 16);
  if ((value & 0xffff0000) >>> 0 === 0x80070000) return canonicalCode(value & 0xffff);
  if (value > 0 && value <= 0xffff) return canonicalCode((0x80070000 | value) >>> 0);
  return undefined;
}

const HEX_CODE = /(?<![\w-])0x([0-9a-f]{4,8})(?![\w-])/gi;
// Bare 8-digit failure codes (8xxxxxxx HRESULT, Cxxxxxxx NTSTATUS), but not the first group of a GUID.
const BARE_CODE = /(?<![\w-])([8c][0-9a-f]{7})(?![\w-])/gi;
const DECIMAL_CODE = /(?<![\w.])-(\d{9,10})(?!\w|\.\d)/g;
// "error 10061", "Win32 error: 1722": decimal Win32 codes only count with such a word before them.
// Whitespace runs sit inside optional groups so a long run costs one pass, not one per split (no `\s*…?\s*`).
const WIN32_DECIMAL = /\b(?:error|code|win32|status)(?:\s*code)?(?:\s*[:=#])?\s*(\d{3,5})\b/gi;
const SYMBOL = /\b((?:SEC_E|SEC_I|WSAE|ERROR|STATUS|E|KRB_AP_ERR|KDC_ERR|RPC_S|VM_E)_?[A-Z0-9_]{2,60})\b/g;

export interface ExtractedCodes {
  codes: string[];
  symbols: string[];
}

/** `plain` keeps case (symbols are upper case by convention). */
export function extractCodes(plain: string): ExtractedCodes {
  const codes = new Set<string>();
  for (const m of plain.matchAll(HEX_CODE)) addCode(codes, parseInt(m[1], 16));
  for (const m of plain.matchAll(BARE_CODE)) {
    if (/\d/.test(m[1])) addCode(codes, parseInt(m[1], 16));
  }
  for (const m of plain.matchAll(DECIMAL_CODE)) {
    const n = -Number(m[1]);
    // Only failure codes: HRESULTs with the severity bit and NTSTATUS errors are below -0x10000000.
    if (n >= -2147483648 && n <= -268435456) addCode(codes, n);
  }
  for (const m of plain.matchAll(WIN32_DECIMAL)) addCode(codes, Number(m[1]));
  const symbols = new Set<string>();
  for (const m of plain.matchAll(SYMBOL)) {
    if (m[1].includes('_') || m[1].startsWith('WSAE')) symbols.add(m[1]);
  }
  return { codes: [...codes], symbols: [...symbols] };
}

function addCode(codes: Set<string>, value: number): void {
  if (value === 0) return;
  const code = canonicalCode(value);
  codes.add(code);
  const twin = win32Twin(code);
  if (twin) codes.add(twin);
}

const EVENT_EXPLICIT = /\bevent(?:\s*id)?(?:\s*[:#=])?\s*(\d{1,5})\b|\bid\s*[:=]\s*(\d{1,5})\b|\beventid(?:\s*[:=])?\s*(\d{1,5})\b/gi;
// A bare number followed by a unit ("5120 MB", "1069 ms") is a quantity, not an event.
const NUMBER = /(?<![\w.:/-])(\d{3,5})(?![\w.:/-]|\s?(?:[kmgt]i?b|ms|s|sec|seconds|minutes|min|%|vms?|hosts?|nodes?)\b)/gi;

/**
 * Event IDs: explicit ("Event ID: 21502", "EventID 21502", "Id : 21502") always; bare numbers only when they are
 * event IDs the knowledge base knows (tabular exports, "(21111)", "20417 warnings").
 */
export function extractEventIds(plain: string, knownIds: ReadonlySet<number>): number[] {
  const ids = new Set<number>();
  for (const m of plain.matchAll(EVENT_EXPLICIT)) ids.add(Number(m[1] ?? m[2] ?? m[3]));
  for (const m of plain.matchAll(NUMBER)) {
    const n = Number(m[1]);
    if (knownIds.has(n)) ids.add(n);
  }
  return [...ids];
}
