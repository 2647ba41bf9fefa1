/**
 * `lm-doctor serve` / `npm start`: picks the shell from the environment. SLACK_APP_TOKEN + SLACK_BOT_TOKEN → Socket
 * Mode; SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN → HTTP mode on PORT; neither → the local console, which also answers
 * `/lm-check HOST HOST …` from the configured directory or the bundled demo snapshot. Configuration is read once and
 * every problem is reported together.
 */
import type { Readable } from 'node:stream';
import type { CliIo } from './io';
import { loadCoreConfig } from '../config';
import { loadSlackConfig, type SlackConfig } from '../slack-config';
import { loadLdapConfig, type LdapConfig } from '../directory/load-ldap-config';
import { createDirectory } from '../directory/create-directory';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import type { KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { renderDiagnosisText } from '../core/render-text';
import type { Directory } from '../core/delegation/directory';
import { checkMigrationPairs } from '../core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../core/delegation/parse-lm-check-args';
import { renderReportText } from '../core/delegation/render-report-text';
import { runConsole } from '../console/run-console';
import type { Logger } from '../slack/logger';
import { loadOpsConfig, type OpsConfig } from '../ops/load-ops-config';
import { startService } from '../ops/start-service';
import { ConfigError, DirectoryAuthError, DirectoryUnavailableError, UsageError } from '../errors';
import { loadOcrConfig, type OcrConfig } from '../ocr/load-ocr-config';

export interface ServeOptions {
  /** Console input. Default: standard input. */
  input?: Readable;
  /** Resolves when the Slack app should stop. Default: SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Structured log for the Slack app. Default: pino JSON lines on standard output at LOG_LEVEL, secrets scrubbed. */
  logger?: Logger;
  /** Called once the service is up, with the ports it listens on (tests). */
  onStarted?: (ports: { appPort?: number; opsPort: number }) => void;
}

interface ServeConfig {
  index: KnowledgeIndex;
  slack?: SlackConfig;
  ldap?: LdapConfig;
  ops: OpsConfig;
  ocr?: OcrConfig;
}

/** Reads every configuration slice, so one start-up lists all problems at once. */
function loadServeConfig(io: CliIo): ServeConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const slack = attempt(() => loadSlackConfig(io.env));
  const ldap = attempt(() => loadLdapConfig(io.env));
  const ops = attempt(() => loadOpsConfig(io.env));
  const ocr = attempt(() => loadOcrConfig(io.env));
  if (problems.length > 0 || !ops) throw new ConfigError(problems);
  const index = loadKnowledgeIndex(loadCoreConfig(io.env, io.packageRoot).knowledge);
  return { index, ops, ...(slack ? { slack } : {}), ...(ldap ? { ldap } : {}), ...(ocr ? { ocr } : {}) };
}

export async function runServeCommand(args: string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  if (args.length > 0) throw new UsageError('serve takes no arguments; configure it with environment variables');
  const config = loadServeConfig(io);
  if (config.slack) return runSlack(config.slack, config, io.packageRoot, options);
  const directory = createDirectory(config.ldap, io.packageRoot);
  const input = options.input ?? process.stdin;
  const tty = (input as { isTTY?: boolean }).isTTY === true;
  await runConsole({
    input,
    write: io.stdout,
    onPaste: (paste) => renderDiagnosisText(diagnosePaste(paste, config.index)),
    onCheck: (text) => answerConsoleCheck(text, directory),
    banner: tty
      ? `lm-doctor console: ${config.index.entries.length} knowledge entries. Paste an error and end it with two empty lines; ` +
        `"/lm-check HV01 HV02" checks delegation (${directory.kind === 'ldap' ? 'LDAP' : 'demo snapshot data/demo-directory.ldif'}); Ctrl-D quits.\n`
      : undefined,
  });
  return 0;
}

/** The console's `/lm-check`: the same parse and check as Slack, rendered as text; failures as one sentence. */
export async function answerConsoleCheck(text: string, directory: Directory): Promise<string> {
  try {
    const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
    const request = parseLmCheckArgs(words[0]?.toLowerCase() === 'public' ? words.slice(1) : words);
    return renderReportText(await checkMigrationPairs(request, directory)).trimEnd();
  } catch (e) {
    if (e instanceof UsageError) return `lm-check: ${e.message}\nUsage: /lm-check HOST HOST [HOST …]`;
    if (e instanceof DirectoryUnavailableError || e instanceof DirectoryAuthError) return `lm-check: ${e.message}`;
    throw e;
  }
}

async function runSlack(slack: SlackConfig, config: ServeConfig, packageRoot: string, options: ServeOptions): Promise<number> {
  // Listen for signals before starting, so a SIGTERM during start-up still shuts down cleanly.
  const until = options.until ?? untilSignal();
  const service = await startService({ slack, ops: config.ops, ldap: config.ldap, index: config.index, packageRoot, logger: options.logger, ocr: config.ocr });
  options.onStarted?.({ appPort: service.app.port, opsPort: service.opsPort });
  await until;
  await service.stop();
  if (!options.until) exitSoon(0);
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once (an operator who means it). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const first = () => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const again = () => { process.stderr.write('lm-doctor: second signal, exiting now\n'); process.exit(130); };
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve();
    };
    process.once('SIGINT', first);
    process.once('SIGTERM', first);
  });
}

/**
 * After a signal-driven stop the process should end by itself; if a library left a handle open (an abandoned HTTP
 * call past the shutdown bound), end it anyway. The timer is unref'd, so it never delays a clean exit.
 */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 1500).unref();
}
