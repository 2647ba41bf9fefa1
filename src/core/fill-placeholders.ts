/**
 * Fills {{source}}, {{destination}} and {{vm}} in knowledge text with the names found in a paste. Unknown names read
 * naturally in prose ("the source host") and stay obviously replaceable in code (`<source-host>`).
 */
import type { ExtractedNames } from './types';

type Role = 'source' | 'destination' | 'vm';

const PROSE: Record<Role, string> = { source: 'the source host', destination: 'the destination host', vm: 'the VM' };
const CODE: Record<Role, string> = { source: '<source-host>', destination: '<destination-host>', vm: '<vm-name>' };
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

/** Names from a paste go into PowerShell; anything that is not a plain name is treated as not found. */
function nameFor(names: ExtractedNames, role: Role): string | undefined {
  const v = names[role];
  return v && SAFE_NAME.test(v) ? v : undefined;
}

export function fillPlaceholders(markdown: string, names: ExtractedNames): string {
  // Split into fenced code and prose, so each gets the right wording for a missing name.
  return markdown.split(/(```[\s\S]*?```)/g).map((part) => {
    const inCode = part.startsWith('```');
    return part.replace(/\{\{\s*(source|destination|vm)\s*\}\}/g, (_m, role: Role, offset: number, whole: string) => {
      const known = nameFor(names, role);
      if (known) return known;
      if (inCode) return CODE[role];
      // Sentence start keeps a capital letter: "The source host …".
      const before = whole.slice(0, offset).trimEnd();
      const text = PROSE[role];
      return before === '' || /[.!?:]$/.test(before) ? text[0].toUpperCase() + text.slice(1) : text;
    });
  }).join('');
}
