/**
 * Fills the placeholders in knowledge text with the names found in a paste:
 * - {{source}}, {{destination}}, {{vm}}: the name as the paste wrote it (an FQDN stays an FQDN);
 * - {{source-computer}}, {{destination-computer}}: the host's computer name (the first label of an FQDN), which is
 *   what AD cmdlets take as an identity (`Get-ADComputer 'hv09'`; `Get-ADComputer 'hv09.corp.contoso.com'` fails).
 * Unknown names read naturally in prose ("the source host") and stay obviously replaceable in code, fenced or inline
 * (`<source-host>`), so no prose ever lands inside a command.
 */
import type { ExtractedNames } from './types';

type Role = 'source' | 'destination' | 'vm';
export const PLACEHOLDER_NAMES = ['source', 'destination', 'vm', 'source-computer', 'destination-computer'] as const;
type Placeholder = typeof PLACEHOLDER_NAMES[number];

const PROSE: Record<Role, string> = { source: 'the source host', destination: 'the destination host', vm: 'the VM' };
const CODE: Record<Role, string> = { source: '<source-host>', destination: '<destination-host>', vm: '<vm-name>' };
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

/** Names from a paste go into PowerShell; anything that is not a plain name is treated as not found. */
function nameFor(names: ExtractedNames, placeholder: Placeholder): string | undefined {
  const computer = placeholder.endsWith('-computer');
  const v = names[placeholder.replace(/-computer$/, '') as Role];
  if (!v || !SAFE_NAME.test(v)) return undefined;
  return computer ? v.split('.')[0] : v;
}

const PLACEHOLDER = /\{\{\s*(source-computer|destination-computer|source|destination|vm)\s*\}\}/g;

export function fillPlaceholders(markdown: string, names: ExtractedNames): string {
  // Split into code (fenced blocks and inline spans) and prose, so each gets the right wording for a missing name.
  return markdown.split(/(```[\s\S]*?```|`[^`\n]+`)/g).map((part) => {
    const inCode = part.startsWith('`');
    return part.replace(PLACEHOLDER, (_m, placeholder: Placeholder, offset: number, whole: string) => {
      const known = nameFor(names, placeholder);
      const role = placeholder.replace(/-computer$/, '') as Role;
      if (known) return known;
      if (inCode) return CODE[role];
      // Sentence start keeps a capital letter: "The source host …".
      const before = whole.slice(0, offset).trimEnd();
      const text = PROSE[role];
      return before === '' || /[.!?:]$/.test(before) ? text[0].toUpperCase() + text.slice(1) : text;
    });
  }).join('');
}
