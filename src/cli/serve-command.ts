/**
 * `lm-doctor serve`: reads the configuration once (every problem reported together), loads the knowledge and hands
 * both to the composition root (app/serve.ts). The process's signals arrive as `io.stopRequested` from bin/.
 */
import type { Readable } from 'node:stream';
import type { CliIo } from './io';
import { loadConfig } from '../config/load-config';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import type { Logger } from '../support/logger';
import { UsageError } from '../support/errors';
import { serve } from '../app/serve';
import type { OnProcessFault } from '../app/process-faults';

export interface ServeOverrides {
  /** Console input. Default: `io.stdin`. */
  input?: Readable;
  /** Resolves when the Slack app should stop. Default: `io.stopRequested`. */
  until?: Promise<unknown>;
  logger?: Logger;
  onStarted?: (ports: { appPort?: number; opsPort: number }) => void;
  /** Where process faults arrive. Default: `io.onProcessFault`. */
  onProcessFault?: OnProcessFault;
}

export async function runServeCommand(args: string[], io: CliIo, overrides: ServeOverrides = {}): Promise<number> {
  if (args.length > 0) throw new UsageError('serve takes no arguments; configure it with environment variables');
  const config = loadConfig(io.env, io.packageRoot);
  const index = loadKnowledgeIndex(config.knowledge);
  return serve(config, index, io.packageRoot, {
    input: overrides.input ?? io.stdin, until: overrides.until ?? io.stopRequested, write: io.stdout, logger: overrides.logger,
    onStarted: overrides.onStarted, onProcessFault: overrides.onProcessFault ?? io.onProcessFault,
  });
}
