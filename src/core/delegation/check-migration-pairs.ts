/**
 * The AD delegation check of `lm-doctor check`, `/lm-check` and the console: every ordered pair of the requested hosts
 * (plus the operator, when asked). One check is one directory session, so one LDAP bind, whatever the number of
 * hosts: one search for all computer accounts, one for the holders of their migration SPNs, and the operator's
 * lookup. The rules run afterwards on plain data (evaluate-pair.ts). check-pair.ts checks a single pair the same way.
 */
import { destinationFindings } from './destination-rules';
import type { Directory, DirectoryReader } from './directory';
import { evaluatePair } from './evaluate-pair';
import { MIGRATION_SERVICE, accountMatches, hostKey, nameForms, shortName, spnsFor } from './host-names';
import { evaluateOperator } from './operator-rules';
import { parseOperator } from './parse-lm-check-args';
import { DEFAULT_SCOPE, type CheckScope, type ComputerAccount, type HostResult, type LmCheckRequest, type PairResult, type Report, type SpnHolder } from './types';
import { UAC, hasFlag } from './uac-flags';

export interface CheckOptions {
  /** The admin who starts migrations (sAMAccountName or UPN), checked for "sensitive" and Protected Users. */
  operator?: string;
}

/** An FQDN match (dNSHostName) beats a short-name match, so `hv01.a.example` never picks another domain's HV01. */
function pickAccount(input: string, accounts: readonly ComputerAccount[]): ComputerAccount | undefined {
  const matches = accounts.filter((a) => accountMatches(input, a));
  const fqdn = hostKey(input).fqdn;
  return matches.find((a) => fqdn !== undefined && a.dnsHostName?.toLowerCase() === fqdn) ?? matches[0];
}

/** One HostResult per distinct account; inputs naming the same account (HV01, hv01.lab.example) are merged. */
export function resolveHosts(inputs: readonly string[], accounts: readonly ComputerAccount[]): HostResult[] {
  const out: HostResult[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const account = pickAccount(input, accounts);
    const name = account ? shortName(account) : input.toUpperCase();
    const key = account ? `a:${account.sAMAccountName.toLowerCase()}` : `i:${input.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(account
      ? { input, name, found: true, enabled: !hasFlag(account.userAccountControl, UAC.ACCOUNTDISABLE), account }
      : { input, name, found: false, enabled: false });
  }
  return out;
}

/** Every ordered pair (N×(N−1)), each with its findings (worst first) and verdict. Pure. */
export function evaluatePairs(hosts: readonly HostResult[], spnHolders: readonly SpnHolder[], scope: CheckScope = DEFAULT_SCOPE): PairResult[] {
  // Destination rules depend on the destination only: once per host, not once per pair.
  const perDestination = new Map(hosts.map((d) => [d, d.account ? destinationFindings(d.account, spnHolders) : []]));
  const pairs: PairResult[] = [];
  for (const s of hosts) {
    for (const d of hosts) {
      if (s !== d) pairs.push(evaluatePair(s, d, spnHolders, scope, perDestination.get(d)));
    }
  }
  return pairs;
}

/** What a check reads about its hosts: the resolved hosts and the holders of their migration SPNs. */
export interface HostsRead {
  hosts: HostResult[];
  spnHolders: SpnHolder[];
}

/**
 * Reads the hosts' computer accounts (one search for all of them) and then the holders of their migration SPNs
 * (one search; none when no host was found), through the reader of the caller's session.
 */
export async function readHosts(reader: DirectoryReader, inputs: readonly string[]): Promise<HostsRead> {
  const hosts = resolveHosts(inputs, await reader.findComputers(inputs));
  const spns = hosts.flatMap((h) => (h.account ? spnsFor(MIGRATION_SERVICE, nameForms(h.account)) : []));
  const spnHolders = spns.length > 0 ? await reader.findSpnHolders(spns) : [];
  return { hosts, spnHolders };
}

/**
 * Reads everything in ONE directory session (for LDAP: one connection, one bind): the hosts, the SPN holders and,
 * when asked, the operator; then evaluates every ordered pair. Directory failures propagate as typed errors.
 */
export async function checkMigrationPairs(request: LmCheckRequest, directory: Directory, options: CheckOptions = {}): Promise<Report> {
  const operatorName = options.operator ?? request.operator;
  if (operatorName !== undefined) parseOperator(operatorName); // UsageError before any I/O
  const scope = request.scope ?? DEFAULT_SCOPE;
  const { hosts, spnHolders, operator } = await directory.session(async (reader) => ({
    ...(await readHosts(reader, request.hosts)),
    operator: operatorName === undefined ? undefined : await reader.findOperator(operatorName),
  }));
  const report: Report = { scope, hosts, pairs: evaluatePairs(hosts, spnHolders, scope), spnHolders };
  if (operatorName !== undefined) report.operator = evaluateOperator(operatorName, operator);
  return report;
}

/** Exit status of a report: 1 when any pair (or the operator) fails, else 0. */
export function reportFails(report: Report): boolean {
  return report.pairs.some((p) => p.verdict === 'fail') || (report.operator?.findings.some((f) => f.severity === 'fail') ?? false);
}
