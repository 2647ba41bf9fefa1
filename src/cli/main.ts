/**
 * `lm-doctor` command line: parses argv, dispatches to one command, returns an exit code
 * (0 ok, 1 findings/failures, 2 usage, 3 directory, 4 configuration/knowledge). Only bin/ exits the process.
 */
import { dirname, join } from 'node:path';
import type { CliIo } from './io';
import { loadCoreConfig } from '../config';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { ConfigError, DirectoryAuthError, DirectoryUnavailableError, KnowledgeFileError, UsageError } from '../errors';

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
  serve                          run the Slack app (or the local console without Slack settings)

Environment: KNOWLEDGE_DIR, LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_BASE_DN, SLACK_BOT_TOKEN, …
(see README.md).
`;

export function createProcessIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    packageRoot: join(dirname(__filename), '..', '..'),
  };
}

export async function runCli(argv: string[], io: CliIo = createProcessIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Each command's module is loaded only when it runs: `diagnose` never pays for Bolt, ldapts, Redis or OCR.
    switch (command) {
      case 'diagnose': return await (require('./diagnose-command') as typeof import('./diagnose-command')).runDiagnoseCommand(rest, io, loadIndex(io));
      case 'kb': return await (require('./kb-command') as typeof import('./kb-command')).runKbCommand(rest, io, loadCoreConfig(io.env, io.packageRoot).knowledge);
      case 'check': return await (require('./check-command') as typeof import('./check-command')).runCheckCommand(rest, io);
      case 'serve': return await (require('./serve-command') as typeof import('./serve-command')).runServeCommand(rest, io);
      case undefined: case 'help': case '--help': case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    return reportError(e, io);
  }
}

function loadIndex(io: CliIo) {
  return loadKnowledgeIndex(loadCoreConfig(io.env, io.packageRoot).knowledge);
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr(`lm-doctor: ${e.message}\nRun "lm-doctor help" for usage.\n`);
    return 2;
  }
  if (e instanceof DirectoryUnavailableError || e instanceof DirectoryAuthError) {
    io.stderr(`lm-doctor: ${e.message}\n`);
    return 3;
  }
  if (e instanceof ConfigError || e instanceof KnowledgeFileError) {
    io.stderr(`lm-doctor: ${e.message}\n`);
    return 4;
  }
  throw e;
}
