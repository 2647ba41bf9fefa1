import { checkMigrationPairs, reportFails } from '../core/delegation/check-migration-pairs';
import { buildFixScript } from '../core/delegation/build-fix-script';
import type { Directory } from '../core/delegation/directory';
import { parseLmCheckArgs, parseOperator } from '../core/delegation/parse-lm-check-args';
import { renderReportJson } from '../core/delegation/render-report-json';
import { renderReportText } from '../core/delegation/render-report-text';
import type { LmCheckRequest } from '../core/delegation/types';
import { LdapDirectory } from '../directory/ldap-directory';
import { describeSearches } from '../directory/ldap-filter';
import { type LdapConfig, loadLdapConfig } from '../directory/load-ldap-config';
import { SnapshotDirectory } from '../directory/snapshot-directory';
import { redact } from '../directory/translate-ldap-error';
import { ConfigError, DirectoryAuthError, DirectoryUnavailableError, UsageError } from '../errors';
import type { CliIo } from './io';
import { CHECK_USAGE, type CheckFlags, parseCheckFlags } from './parse-check-flags';

export const EXIT = Object.freeze({ ok: 0, pairFails: 1, usage: 2, directory: 3, config: 4 });

const NOT_CONFIGURED =
  'LDAP is not configured: set LDAP_URL, LDAP_BIND_DN and LDAP_BIND_PASSWORD, or pass --snapshot FILE ' +
  '(try --snapshot data/demo-directory.ldif)';

function dryRun(request: LmCheckRequest, flags: CheckFlags, config: LdapConfig | undefined, io: CliIo): number {
  if (flags.snapshot) {
    io.stdout(`would read the LDIF snapshot ${flags.snapshot} (no LDAP connection)\n`);
    return EXIT.ok;
  }
  const target = config ? `${config.url} as ${config.bindDn}${config.startTls ? ' (StartTLS)' : ''}` : '(LDAP_URL not set)';
  io.stdout(`would bind to ${target} and search base ${config?.baseDn ?? '(defaultNamingContext from the rootDSE)'}:\n`);
  for (const s of describeSearches(request.hosts)) io.stdout(`  ${s}\n`);
  return EXIT.ok;
}

async function openDirectory(flags: CheckFlags, config: LdapConfig | undefined): Promise<Directory> {
  if (flags.snapshot) return SnapshotDirectory.fromFile(flags.snapshot);
  if (!config) throw new ConfigError([NOT_CONFIGURED]);
  return new LdapDirectory(config);
}

/**
 * `lm-doctor check HOST HOST … [--json | --fix-script] [--snapshot FILE] [--operator USER] [--dry-run]`.
 * Exit codes: 0 no pair fails, 1 some pair (or the operator) fails, 2 usage, 3 directory error, 4 configuration.
 * Reads the environment only through `io.env`; the bind password never reaches stdout or stderr.
 */
export async function runCheckCommand(args: string[], io: CliIo): Promise<number> {
  let config: LdapConfig | undefined;
  try {
    const flags = parseCheckFlags(args);
    if (flags.help) {
      io.stdout(`${CHECK_USAGE}\n`);
      return EXIT.ok;
    }
    const request = parseLmCheckArgs(flags.hosts);
    if (flags.operator !== undefined) request.operator = parseOperator(flags.operator);
    config = flags.snapshot ? undefined : loadLdapConfig(io.env);
    if (flags.dryRun) return dryRun(request, flags, config, io);
    const report = await checkMigrationPairs(request, await openDirectory(flags, config));
    if (flags.json) io.stdout(renderReportJson(report));
    else if (flags.fixScript) io.stdout(buildFixScript(report));
    else io.stdout(renderReportText(report));
    return reportFails(report) ? EXIT.pairFails : EXIT.ok;
  } catch (err) {
    const say = (text: string) => io.stderr(`lm-doctor check: ${config ? redact(text, config) : text}\n`);
    if (err instanceof UsageError) {
      say(err.message);
      io.stderr(`${CHECK_USAGE}\n`);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      say(err.message);
      return EXIT.config;
    }
    if (err instanceof DirectoryUnavailableError || err instanceof DirectoryAuthError) {
      say(err.message);
      return EXIT.directory;
    }
    throw err;
  }
}
