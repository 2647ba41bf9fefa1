/** `lm-doctor kb lint`, `lm-doctor kb test` and `lm-doctor kb train`. */
import type { CliIo } from './io';
import type { KnowledgeConfig } from '../config/knowledge-settings';
import { lintKnowledge } from '../knowledge/load-knowledge';
import { readTrainingSets } from '../knowledge/training-sets';
import { checkExamples } from '../knowledge/check-examples';
import { loadKnowledgeIndexWithStatus } from '../knowledge/load-index';
import { CONTEXT_CLASSES, lintContextClasses } from '../core/context-classes';
import { formatProblem, UsageError, type KnowledgeProblem } from '../support/errors';

/** Every problem of the knowledge files, the labelled training sets and the context classes. */
function lintAll(config: KnowledgeConfig) {
  const lint = lintKnowledge(config.dir);
  const sets = readTrainingSets(config.trainingDir, new Set(lint.entries.map((e) => e.id)));
  const context: KnowledgeProblem[] = lintContextClasses({ classes: CONTEXT_CLASSES })
    .map((message) => ({ file: 'src/core/context-classes.json', field: 'classes', message }));
  return { lint, sets, problems: [...lint.problems, ...sets.problems, ...context] };
}

export async function runKbCommand(args: string[], io: CliIo, config: KnowledgeConfig): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw new UsageError(`kb ${sub ?? ''} takes no arguments`);
  if (sub !== 'lint' && sub !== 'test' && sub !== 'train') throw new UsageError('usage: lm-doctor kb lint | lm-doctor kb test | lm-doctor kb train');
  const { lint, sets, problems } = lintAll(config);
  if (sub === 'lint') {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    const outOfScope = lint.entries.filter((e) => e.outOfScope).length;
    io.stdout(`${lint.files} files, ${lint.entries.length} valid entries (${outOfScope} out of scope), ` +
      `${sets.rows.length} labelled training pastes, ${problems.length} problems\n`);
    return problems.length > 0 ? 1 : 0;
  }
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr('fix the knowledge files first (lm-doctor kb lint)\n');
    return 4;
  }
  // `train` always compiles afresh (npm run build runs it, so a build never keeps a file older code compiled).
  const { index, written } = loadKnowledgeIndexWithStatus(config, { rebuild: sub === 'train' });
  if (sub === 'train') {
    io.stdout(`compiled: ${index.entries.length} entries, ${index.model.classes.length} classes, ` +
      `${written ? config.modelFile : `not written (${config.modelFile} is not writable)`}\n`);
    return 0;
  }
  const report = checkExamples(index.entries, index);
  for (const f of report.failures) {
    io.stderr(`${f.entry} example ${f.example}: got ${f.got ?? `silence (${f.reason})`}: ${f.excerpt}\n`);
  }
  io.stdout(`${report.total - report.failures.length}/${report.total} examples pick their entry\n`);
  return report.failures.length > 0 ? 1 : 0;
}
