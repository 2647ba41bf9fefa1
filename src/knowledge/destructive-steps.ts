/**
 * The destructive-step marker: a Fix step whose code uses a command from knowledge/destructive-commands.yml must carry
 * a "**Warning:**" line before that code block. Pure except `readDestructiveCommands`, which reads the list.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KnowledgeEntry } from '../core/types';
import type { KnowledgeProblem } from '../support/errors';

export const DESTRUCTIVE_FILE = 'destructive-commands.yml';
export const WARNING_MARK = '**Warning:**';

export interface DestructiveCommand { command: string; onlyWith: string[]; why: string }

export function readDestructiveCommands(knowledgeDir: string): { commands: DestructiveCommand[]; problems: KnowledgeProblem[] } {
  const file = join(knowledgeDir, DESTRUCTIVE_FILE);
  if (!existsSync(file)) return { commands: [], problems: [] };
  const problems: KnowledgeProblem[] = [];
  let list: unknown;
  try {
    list = (parse(readFileSync(file, 'utf8')) as { commands?: unknown })?.commands;
  } catch (e) {
    return { commands: [], problems: [{ file, field: 'yaml', message: (e as Error).message.split('\n')[0] }] };
  }
  if (!Array.isArray(list)) return { commands: [], problems: [{ file, field: 'commands', message: 'must be a list' }] };
  const commands: DestructiveCommand[] = [];
  list.forEach((c: Record<string, unknown>, i) => {
    const onlyWith = c?.['only-with'] ?? [];
    if (typeof c?.command !== 'string' || !/^[A-Za-z][\w-]*$/.test(c.command)) problems.push({ file, field: `commands[${i}].command`, message: 'required: a command name' });
    else if (typeof c.why !== 'string' || c.why.length < 10) problems.push({ file, field: `commands[${i}].why`, message: 'required: why it is destructive' });
    else if (!Array.isArray(onlyWith) || onlyWith.some((w) => typeof w !== 'string')) problems.push({ file, field: `commands[${i}].only-with`, message: 'must be a list of words' });
    else commands.push({ command: c.command, onlyWith: onlyWith as string[], why: c.why });
  });
  return { commands, problems };
}

/** The destructive command used on a code line, if any. */
export function destructiveCommandIn(line: string, commands: readonly DestructiveCommand[]): DestructiveCommand | undefined {
  const lower = line.toLowerCase();
  return commands.find((c) => new RegExp(`(?<![\\w-])${c.command}(?![\\w-])`, 'i').test(line)
    && (c.onlyWith.length === 0 || c.onlyWith.some((w) => lower.includes(w.toLowerCase()))));
}

/** Steps that use a destructive command in a code block with no warning line before that block. */
export function lintDestructiveSteps(entry: KnowledgeEntry, commands: readonly DestructiveCommand[]): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  entry.fix.forEach((step, i) => {
    for (const m of step.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
      const used = m[1].split('\n').filter((l) => !l.trim().startsWith('#')).map((l) => destructiveCommandIn(l, commands)).find(Boolean);
      if (used && !step.slice(0, m.index).includes(WARNING_MARK)) {
        problems.push({ file: entry.file, field: `body.Fix[${i + 1}]`, message: `uses ${used.command} (${used.why}) without a "${WARNING_MARK}" line before its code` });
      }
    }
  });
  return problems;
}
