/** Reads every knowledge file in a folder, validates it, and refuses a knowledge base with any problem. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { KnowledgeEntry } from '../core/types';
import { KnowledgeFileError, type KnowledgeProblem } from '../support/errors';
import { parseEntry } from './parse-entry';
import { parseCode } from '../core/extract-codes';
import { readCatalog, withCatalog } from './catalog';
import { lintDestructiveSteps, readDestructiveCommands } from './destructive-steps';

export interface LintResult {
  entries: KnowledgeEntry[];
  problems: KnowledgeProblem[];
  files: number;
}

/** Out-of-scope entries (`reply: none`) live in this sub-folder of the knowledge folder. */
export const OUT_OF_SCOPE_DIR = 'out-of-scope';
/** The learned model's class for chatter; no entry may take it. */
const RESERVED_IDS = new Set(['none']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
}

/**
 * Validates every `*.md` (except README.md) in `dir` and in `dir/out-of-scope/`: per-file problems plus cross-file
 * ones (ids, primaries, where an entry lives).
 */
export function lintKnowledge(dir: string): LintResult {
  let paths: string[];
  try {
    const outOfScope = join(dir, OUT_OF_SCOPE_DIR);
    paths = [
      ...markdownFiles(dir).map((n) => join(dir, n)),
      ...(existsSync(outOfScope) ? markdownFiles(outOfScope).map((n) => join(outOfScope, n)) : []),
    ];
  } catch (e) {
    return { entries: [], files: 0, problems: [{ file: dir, field: 'folder', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const problems: KnowledgeProblem[] = [];
  const entries: KnowledgeEntry[] = [];
  const byId = new Map<string, string>();
  const primaries = new Map<string, string>();
  for (const file of paths) {
    const name = basename(file);
    const { entry, problems: p } = parseEntry(file, readFileSync(file, 'utf8'));
    problems.push(...p);
    if (!entry) continue;
    if (`${entry.id}.md` !== name) problems.push({ file, field: 'id', message: `"${entry.id}" does not match the file name ${name}` });
    if (RESERVED_IDS.has(entry.id)) problems.push({ file, field: 'id', message: `"${entry.id}" is reserved for chatter` });
    const inOutOfScope = basename(dirname(file)) === OUT_OF_SCOPE_DIR;
    if (inOutOfScope !== (entry.outOfScope === true)) {
      problems.push({ file, field: 'reply', message: inOutOfScope ? 'files in out-of-scope/ need "reply: none"' : '"reply: none" entries belong in out-of-scope/' });
    }
    const other = byId.get(entry.id);
    if (other) problems.push({ file, field: 'id', message: `duplicate id "${entry.id}" (also in ${other})` });
    byId.set(entry.id, file);
    for (const code of entry.signals.codes.filter((c) => c.primary)) {
      const key = parseCode(code.hex) ?? code.hex;
      const owner = primaries.get(key);
      if (owner) problems.push({ file, field: 'signals.codes', message: `${code.hex} is already primary in ${owner}` });
      primaries.set(key, entry.id);
    }
    entries.push(entry);
  }
  if (paths.length === 0) problems.push({ file: dir, field: 'folder', message: 'contains no knowledge files (*.md)' });
  const catalog = readCatalog(dir, new Set(entries.map((e) => e.id)));
  problems.push(...catalog.problems);
  const destructive = readDestructiveCommands(dir);
  problems.push(...destructive.problems, ...entries.flatMap((e) => lintDestructiveSteps(e, destructive.commands)));
  return { entries: withCatalog(entries, catalog.templates), problems, files: paths.length };
}

/** Loads the knowledge base for serving; throws KnowledgeFileError listing every problem. */
export function loadKnowledge(dir: string): KnowledgeEntry[] {
  const { entries, problems } = lintKnowledge(dir);
  if (problems.length > 0) throw new KnowledgeFileError(problems);
  return entries;
}
