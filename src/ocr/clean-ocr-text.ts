/**
 * OCR output → text for the matcher and for people: fixes the letter/digit confusions Tesseract makes inside error
 * codes and host names, drops lines of frame debris, and joins the lines a dialog wrapped mid-sentence. Pure.
 */

/** Characters OCR reads instead of hex digits, and the digit each stands for. */
const HEX_LOOKALIKES: Record<string, string> = { O: '0', o: '0', Q: '0', I: '1', l: '1', i: '1', '|': '1', S: '5', s: '5', Z: '2', G: '6' };
/** `0x` (read as 0x, Ox, ox, 0X) followed by 4–8 hex digits or look-alikes, as a whole token. */
const HEX_TOKEN = /(?<![0-9A-Za-z])[0Oo][xX]([0-9A-Fa-fOoQIli|SsZG]{4,8})(?![0-9A-Za-z])/g;
/** `0x` read as `01` in front of an HRESULT: 0180090324 (no decimal code people paste looks like this). */
const HEX_PREFIX_AS_01 = /(?<![0-9A-Za-z-])0[1lI]([8C][0-9A-F]{7})(?![0-9A-Za-z])/g;
/** An upper-case name whose digit suffix starts with the letter O: HVO1, SQLO1, NODEO2. */
const NAME_WITH_O = /\b([A-Z][A-Z-]*?[A-Z])(O+)(\d+)\b/g;

export function cleanOcrText(raw: string): string {
  const fixed = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\f\v]/g, '\n')
    .replace(HEX_TOKEN, (token: string, digits: string) => {
      // A code has at least one real digit: "oxalis" stays a word.
      if (!/[0-9]/.test(digits)) return token;
      let value = digits.replace(/[OoQIli|SsZG]/g, (c) => HEX_LOOKALIKES[c]);
      // HRESULTs and NTSTATUS codes start with 8 or C; OCR reads that 8 as B.
      if (value.length === 8 && value[0] === 'B') value = `8${value.slice(1)}`;
      return /^[0-9A-Fa-f]+$/.test(value) ? `0x${value.toUpperCase()}` : token;
    })
    .replace(HEX_PREFIX_AS_01, '0x$1')
    .replace(NAME_WITH_O, (_m, name: string, os: string, digits: string) => `${name}${'0'.repeat(os.length)}${digits}`);
  // Borders of text boxes come out as "|" at either end of a line.
  const lines = fixed.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trim().replace(/^[|¦] /, '').replace(/ [|¦]$/, ''));
  return joinWrapped(lines.filter((l) => l === '' || /[0-9A-Za-z]/.test(l))).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Joins a line to the previous one when the previous line does not end a sentence or a label and the next one
 * continues it (starts in lower case, with a quote, a bracket or a digit): dialogs wrap paragraphs at their width.
 */
function joinWrapped(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.length > 0 ? out[out.length - 1] : '';
    const continues = prev !== '' && line !== '' && !/[.:!?)\]]$/.test(prev) && /^[a-z'"‘’“(0-9]/.test(line);
    if (continues) out[out.length - 1] = `${prev} ${line}`;
    else out.push(line);
  }
  return out;
}
