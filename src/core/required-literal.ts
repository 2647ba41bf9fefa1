/**
 * The longest piece of plain text every match of a regular expression must contain, if one is easy to see: a run of
 * letters, digits and spaces at the top level, outside groups, classes and alternations. Used to skip a keyword
 * regex with one `includes` when the paste cannot match it. Returns undefined when unsure.
 */
export function requiredLiteral(source: string): string | undefined {
  let depth = 0;
  let inClass = false;
  let run = '';
  const runs: string[] = [];
  const close = () => { if (run.trim().length >= 3) runs.push(run); run = ''; };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') { close(); i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') { close(); inClass = true; continue; }
    if (ch === '(') { close(); depth++; continue; }
    if (ch === ')') { close(); depth--; continue; }
    if (depth === 0 && ch === '|') return undefined;
    if (depth > 0) continue;
    if ('?*{'.includes(ch)) { run = run.slice(0, -1); close(); continue; }
    if (/[a-z0-9 '-]/i.test(ch)) run += ch.toLowerCase();
    else close();
  }
  close();
  return runs.sort((a, b) => b.length - a.length)[0];
}

/**
 * For `a|b|c` at the top level: one required literal per branch (a match contains at least one of them), or
 * undefined when any branch has none. A pattern without a top-level `|` gives its single literal.
 */
export function requiredLiterals(source: string): string[] | undefined {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') { i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) { branches.push(source.slice(start, i)); start = i + 1; }
  }
  branches.push(source.slice(start));
  const literals = branches.map((b) => requiredLiteral(b));
  return literals.every((l): l is string => l !== undefined) ? literals : undefined;
}
