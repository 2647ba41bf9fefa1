/**
 * `lm-doctor` command line: parses argv, dispatches to one command, returns an exit code (describeFailure's: 0 ok,
 * 1 findings or failures, 2 usage, 3 directory, 4 configuration or knowledge). Each command's module is loaded only
 * when it runs, so `diagnose` never pays for Bolt, ldapts, Redis or OCR. Only bin/ touches the process (exit,
 * signals, the environment).
 */
import type { CliIo } from './io';
import { loadConfig } from '../config/load-config';
import { describeFailure } from '../support/describe-failure';
import { UsageError } from '../support/errors';

export const USAGE = `Usage: lm-doctor <command> [options]

Commands:
  diagnose [FILE|-] [--json]     diagnose one paste (standard input by default)
  diagnose --image FILE [--json] read a PNG/JPEG screenshot of an error (OCR) and diagnose its text
  diagnose --jsonl [FILE|-]      batch: one {"id","text"} object per line in, one result per line out
  check HOST HOST [HOST …]       check Kerberos constrained delegation between hosts in Active Directory
                                 [--json] [--fix-script] [--storage] [--file-server NAME] [--mode kcd|rbcd]
                                 [--snapshot FILE] [--operator USER] [--dry-run]
  kb lint                        validate every knowledge file
  kb test                        run every knowledge entry's examples through the matcher
  kb train                       compile the knowledge and train the learned models (npm run build does this)
  feedback export [--since 30d] [--label-only]
                                 the channel's labels as evaluation lines (JSONL) for test/fixtures/eval/
  feedback report [--since 30d] [--json]
                                 per entry: answers, fixed, not it, precision; top confusions; silent pastes
  serve                          run the Slack app (or the local console without Slack settings)
  eval FILE | --cv | --sealed    score the matcher on labelled sets (development; npm run eval)

Environment: KNOWLEDGE_DIR, LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_BASE_DN, SLACK_BOT_TOKEN, LM_DATA_DIR, …
(see README.md).
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || ['help', '--help', '-h'].includes(command)) {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    const config = () => loadConfig(io.env, io.packageRoot);
    switch (command) {
      case 'diagnose': {
        const { runDiagnoseCommand } = require('./diagnose-command') as typeof import('./diagnose-command');
        return await runDiagnoseCommand(rest, io, config());
      }
      case 'kb': {
        const { runKbCommand } = require('./kb-command') as typeof import('./kb-command');
        return await runKbCommand(rest, io, config().knowledge);
      }
      case 'check': {
        const { runCheckCommand } = require('./check-command') as typeof import('./check-command');
        return await runCheckCommand(rest, io, config);
      }
      case 'feedback': {
        const { runFeedbackCommand } = require('./feedback-command') as typeof import('./feedback-command');
        return await runFeedbackCommand(rest, io, config);
      }
      case 'serve': {
        const { runServeCommand } = require('./serve-command') as typeof import('./serve-command');
        return await runServeCommand(rest, io);
      }
      case 'eval': {
        const { runEval } = require('../eval/run-eval') as typeof import('../eval/run-eval');
        return runEval(rest, io, config().knowledge);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    const f = describeFailure(e);
    io.stderr(`lm-doctor: ${f.detail}\n${f.kind === 'usage' ? 'Run "lm-doctor help" for usage.\n' : ''}`);
    return f.exitCode;
  }
}
