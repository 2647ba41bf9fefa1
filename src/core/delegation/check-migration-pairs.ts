import { PAIR_RULES, hostNotFound } from './delegation-rules';
import { destinationFindings } from './destination-rules';
import type { Directory } from './directory';
import { MIGRATION_SERVICE, accountMatches, hostKey, nameForms, shortName, spnsFor } from './host-names';
import { evaluateOperator } from './operator-rules';
import { parseLmCheckArgs, parseOperator } from './parse-lm-check-args';
import { DEFAULT_SCOPE, type CheckScope, type ComputerAccount, type Finding, type HostResult, type LmCheckRequest, type PairResult, type Report, type SpnHolder } from './types';
import { UAC, hasFlag } from './uac-flags';
import { verdictOf } from './verdict';

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

const RANK: Record<Finding['severity'], number> = { fail: 0, warn: 1, info: 2 };

/** Every ordered pair (N×(N−1)), each with its findings (worst first) and verdict. Pure. */
export function evaluatePairs(hosts: readonly HostResult[], spnHolders: readonly SpnHolder[], scope: CheckScope = DEFAULT_SCOPE): PairResult[] {
  // Destination rules depend on the destination only: once per host, not once per pair.
  const perDestination = new Map(hosts.map((d) => [d, d.account ? destinationFindings(d.account, spnHolders) : []]));
  const pairs: PairResult[] = [];
  for (const s of hosts) {
    for (const d of hosts) {
      if (s === d) continue;
      let findings: Finding[];
      if (s.account && d.account) {
        const context = { source: s.account, destination: d.account, spnHolders, storage: scope.storage, fileServers: scope.fileServers };
        findings = [];
        for (const rule of PAIR_RULES) findings.push(...rule(context));
        for (const f of perDestination.get(d) ?? []) findings.push({ ...f });
        findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
      } else {
        findings = hostNotFound(s, d);
      }
      pairs.push({ source: s.name, destination: d.name, verdict: verdictOf(findings), findings });
    }
  }
  return pairs;
}

/**
 * Reads the directory once for all hosts (plus at most one search for duplicate SPN holders and one lookup of the
 * operator) and evaluates every ordered pair. Directory failures propagate as typed errors.
 */
export async function checkMigrationPairs(request: LmCheckRequest, directory: Directory, options: CheckOptions = {}): Promise<Report> {
  const accounts = await directory.findComputers(request.hosts);
  const hosts = resolveHosts(request.hosts, accounts);
  const spns = hosts.flatMap((h) => (h.account ? spnsFor(MIGRATION_SERVICE, nameForms(h.account)) : []));
  const spnHolders = spns.length > 0 ? await directory.findSpnHolders(spns) : [];
  const operatorName = options.operator ?? request.operator;
  const scope = request.scope ?? DEFAULT_SCOPE;
  const report: Report = { scope, hosts, pairs: evaluatePairs(hosts, spnHolders, scope), spnHolders };
  if (operatorName !== undefined) {
    report.operator = evaluateOperator(operatorName, await directory.findOperator(parseOperator(operatorName)));
  }
  return report;
}

/** For the Slack app: validates the host names (UsageError) and runs the check. */
export async function checkHosts(hosts: readonly string[], directory: Directory, options: CheckOptions = {}): Promise<Report> {
  return checkMigrationPairs(parseLmCheckArgs(hosts), directory, options);
}

/** Exit status of a report: 1 when any pair (or the operator) fails, else 0. */
export function reportFails(report: Report): boolean {
  return report.pairs.some((p) => p.verdict === 'fail') || (report.operator?.findings.some((f) => f.severity === 'fail') ?? false);
}
