/** `lm-doctor serve` / `npm start`: the local console when no Slack settings are present. */
import type { CliIo } from './io';
import { loadCoreConfig } from '../config';
import { loadKnowledge } from '../knowledge/load-knowledge';
import { createKnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { renderDiagnosisText } from '../core/render-text';
import { runConsole } from '../console/run-console';
import { UsageError } from '../errors';

export async function runServeCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('serve takes no arguments; configure it with environment variables');
  const index = createKnowledgeIndex(loadKnowledge(loadCoreConfig(io.env, io.packageRoot).knowledge.dir));
  await runConsole({
    input: process.stdin,
    write: io.stdout,
    onPaste: (paste) => renderDiagnosisText(diagnosePaste(paste, index)),
    banner: process.stdin.isTTY
      ? `lm-doctor console: ${index.entries.length} knowledge entries. Paste an error and end it with an empty line; Ctrl-D quits.\n`
      : undefined,
  });
  return 0;
}
