/**
 * A real PowerShell parser in Node: tree-sitter's PowerShell grammar (the wasm build shipped in tree-sitter-powershell)
 * on web-tree-sitter. No pwsh, no network, no native build. `parseErrors` lists the error and missing nodes.
 */
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';

let parser: Parser | undefined;

/**
 * tree-sitter-powershell (0.25–0.26) rejects three things PowerShell accepts. They are rewritten into equivalent
 * PowerShell before parsing, and nothing else is touched:
 * - a command argument that is a list with bare words (`Format-Table Name, State`, `Select-Object Name, @{…}`) has
 *   them quoted (`'Name', 'State'`);
 * - a number with a multiplier suffix (`1GB`) becomes its value (`1073741824`);
 * - a native command's `/switch:"value"` argument is quoted whole (`'/switch:"value"'`).
 */
const MULTIPLIER: Record<string, number> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40, pb: 2 ** 50 };

export function normaliseForGrammar(source: string): string {
  // Only outside string literals: a comma inside 'CN=Protected Users,*' is text.
  return source.split(/('(?:[^']|'')*'|"(?:[^"`]|`.)*")/).map((part, i) => (i % 2 === 1 ? part : part
    // Bare words before a comma, and after one at the end of an argument (`Select-Object Name, @{…}, State`).
    .replace(/(?<=[\s,(]|^)([A-Za-z_*][\w.*-]*)(?=\s*,)/gm, (w, _g, at: number, all: string) => (isArgument(all, at) ? `'${w}'` : w))
    .replace(/(?<=,\s*)([A-Za-z_*][\w.*-]*)(?=\s*(?:$|[|;)}\n]|\s-))/gm, "'$1'")
    .replace(/\b(\d+)(KB|MB|GB|TB|PB)\b/gi, (_m, n: string, unit: string) => String(Number(n) * MULTIPLIER[unit.toLowerCase()]))))
    .join('')
    .replace(/(?<=\s)(\/[A-Za-z]+:"[^"\n]*")/g, "'$1'");
}

/** A word at the start of a line or after `=`/`(` is a command or a member, not an argument: leave it. */
function isArgument(text: string, at: number): boolean {
  const before = text.slice(0, at).trimEnd();
  return before !== '' && !/[=(\n{;|]$/.test(before);
}

export async function powershellParser(): Promise<(source: string) => string[]> {
  if (!parser) {
    await Parser.init();
    // Bytes, not a path: loading by path takes a dynamic import jest's CommonJS runtime does not allow.
    const language = await Language.load(readFileSync(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
    parser = new Parser();
    parser.setLanguage(language);
  }
  const p = parser;
  return (source) => {
    const tree = p.parse(normaliseForGrammar(source));
    if (!tree) return ['the parser returned no tree'];
    const errors: string[] = [];
    const walk = (node: NonNullable<typeof tree>['rootNode']) => {
      if (node.isError || node.isMissing) errors.push(`${node.isMissing ? 'missing' : 'error'} at line ${node.startPosition.row + 1}: ${source.slice(node.startIndex, node.endIndex).slice(0, 60)}`);
      for (const child of node.children) if (child && (child.hasError || child.isMissing || child.isError)) walk(child);
    };
    if (tree.rootNode.hasError) walk(tree.rootNode);
    tree.delete();
    return errors;
  };
}
