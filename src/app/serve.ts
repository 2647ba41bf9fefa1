/**
 * `lm-doctor serve` / `npm start`, wired: picks the shell from the configuration. Slack settings → the Slack service
 * (start-service.ts), in Socket Mode or HTTP mode; none → the local console, which also answers `/lm-check HOST HOST
 * …` from the configured directory or the bundled demo snapshot.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../config/load-config';
import type { KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { renderDiagnosisText } from '../core/render-text';
import { createDirectory } from '../directory/create-directory';
import { runConsole } from '../console/run-console';
import { answerConsoleCheck } from '../console/answer-check';
import type { Logger } from '../support/logger';
import { startService } from './start-service';
import type { OnProcessFault } from './process-faults';

export interface ServeOptions {
  /** Console input (needed without Slack settings). */
  input?: Readable;
  /** Console output. */
  write(text: string): void;
  /** Resolves when the Slack service should stop (the process's first SIGINT or SIGTERM); needed with Slack settings. */
  until?: Promise<unknown>;
  /** Structured log for the Slack service. Default: pino JSON lines on standard output at LOG_LEVEL, secrets scrubbed. */
  logger?: Logger;
  /** Called once the service is up, with the ports it listens on (tests). */
  onStarted?: (ports: { appPort?: number; opsPort: number }) => void;
  /**
   * Where the process's unhandled rejections and uncaught exceptions arrive (bin/ installs the listeners). The
   * service logs and counts each; an uncaught exception also begins the bounded shutdown, as a signal would.
   */
  onProcessFault?: OnProcessFault;
}

/**
 * Serves until stopped; resolves with the exit code: 0, or 1 when an uncaught exception or a failed part (the HTTP
 * intake thread) stopped the service.
 */
export async function serve(config: Config, index: KnowledgeIndex, packageRoot: string, o: ServeOptions): Promise<number> {
  if (config.slack) {
    if (!o.until) throw new Error('the Slack service needs a stop signal');
    const service = await startService({
      slack: config.slack, ops: config.ops, ldap: config.ldap, ocr: config.ocr, index, packageRoot, logger: o.logger,
      work: { config: config.work, knowledge: config.knowledge }, feedback: config.feedback,
    });
    let crashed = false;
    let release: (() => void) | undefined;
    const crash = new Promise<void>((resolve) => {
      release = o.onProcessFault?.((kind, error) => {
        service.reportFault(kind, error);
        if (kind === 'uncaught_exception') {
          crashed = true;
          resolve();
        }
      });
    });
    try {
      o.onStarted?.({ appPort: service.app.port, opsPort: service.opsPort });
      const failure = service.failed.then(() => { crashed = true; });
      await Promise.race([o.until, crash, failure]);
      await service.stop();
    } finally {
      release?.();
    }
    return crashed ? 1 : 0;
  }
  if (!o.input) throw new Error('the console needs an input stream');
  const directory = createDirectory(config.ldap, packageRoot);
  const tty = (o.input as { isTTY?: boolean }).isTTY === true;
  await runConsole({
    input: o.input,
    write: o.write,
    onPaste: (paste) => renderDiagnosisText(diagnosePaste(paste, index)),
    onCheck: (text) => answerConsoleCheck(text, directory),
    banner: tty
      ? `lm-doctor console: ${index.entries.length} knowledge entries. Paste an error and end it with two empty lines; ` +
        `"/lm-check HV01 HV02" checks delegation (${directory.kind === 'ldap' ? 'LDAP' : 'demo snapshot data/demo-directory.ldif'}); Ctrl-D quits.\n`
      : undefined,
  });
  return 0;
}
