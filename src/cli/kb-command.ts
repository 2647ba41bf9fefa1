/** `lm-doctor kb lint` and `lm-doctor kb test`. */
import type { CliIo } from './io';
import { lintKnowledge } from '../knowledge/load-knowledge';
import { checkExamples } from '../knowledge/check-examples';
import { createKnowledgeIndex } from '../core/knowledge-index';
import { formatProblem, UsageError } from '../errors';

export async function runKbCommand(args: string[], io: CliIo, knowledgeDir: string): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw new UsageError(`kb ${sub ?? ''} takes no arguments`);
  const lint = lintKnowledge(knowledgeDir);
  if (sub === 'lint') {
    for (const p of lint.problems) io.stderr(`${formatProblem(p)}\n`);
    io.stdout(`${lint.files} files, ${lint.entries.length} valid entries, ${lint.problems.length} problems\n`);
    return lint.problems.length > 0 ? 1 : 0;
  }
  if (sub === 'test') {
    if (lint.problems.length > 0) {
      for (const p of lint.problems) io.stderr(`${formatProblem(p)}\n`);
      io.stderr('fix the knowledge files first (lm-doctor kb lint)\n');
      return 4;
    }
    const report = checkExamples(lint.entries, createKnowledgeIndex(lint.entries));
    for (const f of report.failures) {
      io.stderr(`${f.entry} example ${f.example}: got ${f.got ?? `silence (${f.reason})`}: ${f.excerpt}\n`);
    }
    io.stdout(`${report.total - report.failures.length}/${report.total} examples pick their entry\n`);
    return report.failures.length > 0 ? 1 : 0;
  }
  throw new UsageError('usage: lm-doctor kb lint | lm-doctor kb test');
}
