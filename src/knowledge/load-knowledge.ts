/** Reads every knowledge file in a folder, validates it, and refuses a knowledge base with any problem. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeEntry } from '../core/types';
import { KnowledgeFileError, type KnowledgeProblem } from '../errors';
import { parseEntry } from './parse-entry';
import { parseCode } from '../core/extract-codes';

export interface LintResult {
  entries: KnowledgeEntry[];
  problems: KnowledgeProblem[];
  files: number;
}

/** Validates every `*.md` (except README.md) in `dir`: per-file problems plus cross-file ones (ids, primaries). */
export function lintKnowledge(dir: string): LintResult {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch (e) {
    return { entries: [], files: 0, problems: [{ file: dir, field: 'folder', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const problems: KnowledgeProblem[] = [];
  const entries: KnowledgeEntry[] = [];
  const byId = new Map<string, string>();
  const primaries = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const { entry, problems: p } = parseEntry(file, readFileSync(file, 'utf8'));
    problems.push(...p);
    if (!entry) continue;
    if (`${entry.id}.md` !== name) problems.push({ file, field: 'id', message: `"${entry.id}" does not match the file name ${name}` });
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
  if (names.length === 0) problems.push({ file: dir, field: 'folder', message: 'contains no knowledge files (*.md)' });
  return { entries, problems, files: names.length };
}

/** Loads the knowledge base for serving; throws KnowledgeFileError listing every problem. */
export function loadKnowledge(dir: string): KnowledgeEntry[] {
  const { entries, problems } = lintKnowledge(dir);
  if (problems.length > 0) throw new KnowledgeFileError(problems);
  return entries;
}
