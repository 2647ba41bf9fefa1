/**
 * Pastes of scripts, queries, alert rules and docs quote our error strings without reporting an error ("if Move-VM
 * throws 0x8009030E here…"). This removes source code so only reported text is matched: fenced blocks, and a whole
 * unfenced paste, count as code when most of their lines look like program text and none look like error output.
 */

/** Lines that are program text, not tool output. */
const CODE_LINE = new RegExp([
  String.raw`^\s*(?:\$[\w:]+\s*(?:=|\+=)|function\s|param\s*\(|if\s*\(|elseif|else\s*\{|foreach\s*\(|for\s*\(|while\s*\(|switch\s*\(|try\s*\{|catch\b|return\b)`,
  String.raw`^\s*(?:#(?!\s*(?:error|fehler))|\/\/|--\s|\/\*|\*\s)`,
  String.raw`^\s*(?:import|from|def|class|const|let|var|public|private|using)\s`,
  String.raw`^\s*[\w.]+\s*=\s*(?:\[|\{|re\.|new\s|@\{|@\()`,
  String.raw`^\s*[\w-]+:\s+(?:\{|\||>|"[^"]*"\s*$|\S+\s*$)`,
  String.raw`^\s*-\s+(?:alert|name|expr|record|rule)\s*:`,
  String.raw`^\s*\|\s*(?:where|summarize|project|extend|join|take|order)\b`,
  String.raw`^\s*\w+ (?:has(?:_any|_all)?|contains|startswith|endswith|matches regex|in~?|=~|!=|==) \S`,
  String.raw`^\s*\|.*\|\s*$`,
  String.raw`^\s*[{}()\]\[;]+,?\s*$`,
  String.raw`^\s*(?:Write-(?:Host|Output|Warning|Error|Verbose)|throw)\b`,
  String.raw`^\s*re\.compile\(`,
  String.raw`^\s*'[^']*'\s*=\s*'[^']*'\s*$`,
].join('|'), 'i');

/** Lines that only error output or logs have. */
const OUTPUT_LINE = /^\s*(?:PS(?: [A-Z]:\\[^>]*)?>|At line:\d|\+ (?:CategoryInfo|FullyQualifiedErrorId|~)|[\w-]+ : .*(?:failed|error|cannot|could not)|Log Name:|Event ID:|Description:|Move-VM\w* :|Error\s*:|Fehler|Erreur)/i;

export function isSourceCode(block: string): boolean {
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  if (lines.some((l) => OUTPUT_LINE.test(l))) return false;
  const code = lines.filter((l) => CODE_LINE.test(l)).length;
  return code / lines.length >= 0.5;
}

/** Replaces fenced source-code blocks (and a paste that is all source code) with a blank line. */
export function stripSourceCode(text: string): string {
  if (!text.includes('```')) return isSourceCode(text) ? '' : text;
  const parts = text.split('```');
  // Odd indexes are inside fences; an unclosed last fence counts as inside too.
  return parts.map((part, i) => (i % 2 === 1 && isSourceCode(part.replace(/^[\w+-]*\n/, '')) ? '\n' : part)).join('\n');
}
