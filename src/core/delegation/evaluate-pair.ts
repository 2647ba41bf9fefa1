/**
 * One ordered pair's findings (worst first) and verdict: the pair rules (delegation-rules.ts) plus the destination's
 * own rules (destination-rules.ts), or host-not-found when either host has no computer account. The one place the
 * per-pair logic lives: evaluatePairs (every ordered pair of a check) and checkPair (the pair of a pasted error)
 * both call it. Pure.
 */
import { PAIR_RULES, hostNotFound } from './delegation-rules';
import { destinationFindings } from './destination-rules';
import { DEFAULT_SCOPE, type CheckScope, type Finding, type HostResult, type PairResult, type SpnHolder } from './types';
import { verdictOf } from './verdict';

const RANK: Record<Finding['severity'], number> = { fail: 0, warn: 1, info: 2 };

/**
 * `ofDestination`: the destination rules' findings when the caller already has them (evaluatePairs computes them
 * once per destination, not once per pair); computed here otherwise. They are copied, never shared between pairs.
 */
export function evaluatePair(
  source: HostResult,
  destination: HostResult,
  spnHolders: readonly SpnHolder[],
  scope: CheckScope = DEFAULT_SCOPE,
  ofDestination?: readonly Finding[],
): PairResult {
  let findings: Finding[];
  if (source.account && destination.account) {
    const context = { source: source.account, destination: destination.account, spnHolders, storage: scope.storage, fileServers: scope.fileServers };
    findings = [];
    for (const rule of PAIR_RULES) findings.push(...rule(context));
    for (const f of ofDestination ?? destinationFindings(destination.account, spnHolders)) findings.push({ ...f });
    findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  } else {
    findings = hostNotFound(source, destination);
  }
  return { source: source.name, destination: destination.name, verdict: verdictOf(findings), findings };
}
