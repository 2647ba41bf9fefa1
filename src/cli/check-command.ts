import { checkMigrationPairs, reportFails } from '../core/delegation/check-migration-pairs';
import { buildFixScript } from '../core/delegation/build-fix-script';
import type { Directory } from '../core/delegation/directory';
import { parseLmCheckArgs, parseOperator } from '../core/delegation/parse-lm-check-args';
import { renderReportJson } from '../core/delegation/render-report-json';
import { renderReportText } from '../core/delegation/render-report-text';
import type { LmCheckRequest } from '../core/delegation/types';
import { LdapDirectory } from '../directory/ldap-directory';
import { describeSearches } from '../directory/ldap-filter';
import type { LdapConfig } from '../config/ldap-settings';
import type { Config } from '../config/load-config';
import { SnapshotDirectory } from '../directory/snapshot-directory';
import { redact } from '../directory/translate-ldap-error';
import { ConfigError } from '../support/errors';
import { EXIT as CODES, describeFailure } from '../support/describe-failure';
import type { CliIo } from './io';
import { CHECK_USAGE, type CheckFlags, parseCheckFlags } from './parse-check-flags';

export const EXIT = Object.freeze({ ok: CODES.ok, pairFails: CODES.findings });

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
 * Settings come from loadConfig (only when LDAP is used); the bind password never reaches stdout or stderr.
 */
export async function runCheckCommand(args: string[], io: CliIo, loadConfig: () => Config): Promise<number> {
  let config: LdapConfig | undefined;
  try {
    const flags = parseCheckFlags(args);
    if (flags.help) {
      io.stdout(`${CHECK_USAGE}\n`);
      return EXIT.ok;
    }
    const request = parseLmCheckArgs(flags.hosts);
    if (flags.operator !== undefined) request.operator = parseOperator(flags.operator);
    // A snapshot needs no LDAP settings, so a broken LDAP_* variable does not stop it.
    config = flags.snapshot ? undefined : loadConfig().ldap;
    if (flags.dryRun) return dryRun(request, flags, config, io);
    const report = await checkMigrationPairs(request, await openDirectory(flags, config));
    if (flags.json) io.stdout(renderReportJson(report));
    else if (flags.fixScript) io.stdout(buildFixScript(report));
    else io.stdout(renderReportText(report));
    return reportFails(report) ? EXIT.pairFails : EXIT.ok;
  } catch (err) {
    const f = describeFailure(err);
    if (f.kind === 'unexpected') throw err;
    io.stderr(`lm-doctor check: ${config ? redact(f.detail, config) : f.detail}\n`);
    if (f.kind === 'usage') io.stderr(`${CHECK_USAGE}\n`);
    return f.exitCode;
  }
}
