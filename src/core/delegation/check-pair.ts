/**
 * The check of one pair of hosts, for the automatic AD check of a pasted error: the same reads and the same rules as
 * checkMigrationPairs (readHosts, evaluatePair), for exactly the two hosts, in one directory session (one LDAP
 * bind), in both directions: the pair as pasted and the move back. No N×N matrix and no request to parse.
 */
import type { Directory } from './directory';
import { readHosts } from './check-migration-pairs';
import { evaluatePair } from './evaluate-pair';
import { hostNameProblem } from './parse-lm-check-args';
import { DEFAULT_SCOPE, type CheckScope, type HostResult, type PairResult } from './types';
import { UsageError } from '../../support/errors';

export interface PairCheck {
  source: HostResult;
  destination: HostResult;
  /** source → destination. */
  pair: PairResult;
  /** destination → source. */
  reverse: PairResult;
}

/**
 * Checks `source` → `destination` and back. Throws UsageError for a name that is not a host name (nothing invalid
 * reaches the directory); returns undefined when both names designate one computer account. Directory failures
 * propagate as typed errors.
 */
export async function checkPair(source: string, destination: string, directory: Directory, scope: CheckScope = DEFAULT_SCOPE): Promise<PairCheck | undefined> {
  for (const name of [source, destination]) {
    const problem = hostNameProblem(name);
    if (problem) throw new UsageError(`host name ${JSON.stringify(name.slice(0, 80))} ${problem}`);
  }
  const { hosts, spnHolders } = await directory.session((reader) => readHosts(reader, [source, destination]));
  const [s, d] = hosts;
  if (!s || !d) return undefined;
  return { source: s, destination: d, pair: evaluatePair(s, d, spnHolders, scope), reverse: evaluatePair(d, s, spnHolders, scope) };
}
