import { UsageError } from '../support/errors';

export interface CheckFlags {
  hosts: string[];
  json: boolean;
  fixScript: boolean;
  dryRun: boolean;
  help: boolean;
  snapshot?: string;
  operator?: string;
}

export const CHECK_USAGE =
  'usage: lm-doctor check HOST HOST [HOST …] [--json | --fix-script] [--storage] [--file-server NAME …] [--mode kcd|rbcd] ' +
  '[--snapshot FILE] [--operator USER] [--dry-run]';

/** Splits `lm-doctor check` arguments into flags and host tokens (hosts are validated by parseLmCheckArgs). */
export function parseCheckFlags(args: readonly string[]): CheckFlags {
  const flags: CheckFlags = { hosts: [], json: false, fixScript: false, dryRun: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--json': flags.json = true; break;
      case '--fix-script': flags.fixScript = true; break;
      case '--dry-run': flags.dryRun = true; break;
      case '-h': case '--help': flags.help = true; break;
      case '--snapshot': flags.snapshot = value(); break;
      case '--operator': flags.operator = value(); break;
      // Scope options travel with the hosts: parseLmCheckArgs reads them the same way for /lm-check.
      case '--storage': flags.hosts.push(name); break;
      case '--file-server': case '--mode': flags.hosts.push(name, value()); break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        flags.hosts.push(arg);
    }
  }
  if (flags.json && flags.fixScript) throw new UsageError('--json and --fix-script cannot be combined');
  return flags;
}
