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
