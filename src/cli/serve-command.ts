/**
 * `lm-doctor serve` / `npm start`: picks the shell from the environment. SLACK_APP_TOKEN + SLACK_BOT_TOKEN → Socket
 * Mode; SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN → HTTP mode on PORT; neither → the local console, which also answers
 * `/lm-check HOST HOST …` from the configured directory or the bundled demo snapshot. Configuration is read once and
 * every problem is reported together.
 */
import type { Readable } from 'node:stream';
import pino from 'pino';
import type { CliIo } from './io';
import { loadCoreConfig } from '../config';
import { loadSlackConfig, type SlackConfig } from '../slack-config';
import { loadLdapConfig, type LdapConfig } from '../directory/load-ldap-config';
import { createDirectory } from '../directory/create-directory';
import { loadKnowledge } from '../knowledge/load-knowledge';
import { createKnowledgeIndex, type KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { renderDiagnosisText } from '../core/render-text';
import type { Directory } from '../core/delegation/directory';
import { checkMigrationPairs } from '../core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../core/delegation/parse-lm-check-args';
import { renderReportText } from '../core/delegation/render-report-text';
import { runConsole } from '../console/run-console';
import { startSlackApp } from '../slack/start-slack-app';
import type { Logger } from '../slack/logger';
import { ConfigError, DirectoryAuthError, DirectoryUnavailableError, UsageError } from '../errors';

export interface ServeOptions {
  /** Console input. Default: standard input. */
  input?: Readable;
  /** Resolves when the Slack app should stop. Default: SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Structured log for the Slack app. Default: pino (JSON lines on standard output). */
  logger?: Logger;
}

interface ServeConfig {
  index: KnowledgeIndex;
  slack?: SlackConfig;
  ldap?: LdapConfig;
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
  if (problems.length > 0) throw new ConfigError(problems);
  const index = createKnowledgeIndex(loadKnowledge(loadCoreConfig(io.env, io.packageRoot).knowledge.dir));
  return { index, ...(slack ? { slack } : {}), ...(ldap ? { ldap } : {}) };
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
      ? `lm-doctor console: ${config.index.entries.length} knowledge entries. Paste an error and end it with an empty line; ` +
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
  // Structured JSON logs on stdout; tokens and the bind password are never handed to the logger.
  const logger = options.logger ?? pino({ base: { app: 'lm-doctor' }, level: 'info' });
  const directory = config.ldap ? createDirectory(config.ldap, packageRoot) : undefined;
  const app = await startSlackApp(slack, { index: config.index, directory, logger });
  await (options.until ?? untilSignal());
  await app.stop();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve(); };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
