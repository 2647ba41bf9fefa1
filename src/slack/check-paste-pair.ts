/**
 * The automatic AD check for a pasted error whose knowledge entry has `adCheck`: when the paste names a source and a
 * destination host and a directory is configured, check that pair within a time bound; otherwise say how to run
 * /lm-check. Returns plain data for the renderer; never throws.
 */
import type { ExtractedNames } from '../core/types';
import type { Directory } from '../core/delegation/directory';
import type { PairResult } from '../core/delegation/types';
import { checkHosts } from '../core/delegation/check-migration-pairs';
import { DirectoryAuthError, DirectoryUnavailableError, UsageError } from '../errors';
import { MESSAGES as M } from './messages';

export type AdCheckOutcome =
  | { kind: 'pointer'; hosts: string[] }
  | { kind: 'result'; hosts: string[]; pair: PairResult; reverse?: PairResult; notFound: string[] }
  | { kind: 'timeout'; hosts: string[]; seconds: number }
  | { kind: 'failed'; hosts: string[]; reason: string; error: unknown };

export const AUTO_CHECK_TIMEOUT_MS = 5000;

export async function checkPastePair(
  names: ExtractedNames,
  directory: Directory | undefined,
  timeoutMs: number = AUTO_CHECK_TIMEOUT_MS,
): Promise<AdCheckOutcome> {
  const hosts = [names.source, names.destination].filter((h): h is string => typeof h === 'string');
  if (!directory || hosts.length < 2) return { kind: 'pointer', hosts };
  let timer: NodeJS.Timeout | undefined;
  const check = checkHosts(hosts, directory);
  check.catch(() => undefined); // after a timeout nobody awaits it; its failure is expected and harmless
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  try {
    const report = await Promise.race([check, timeout]);
    if (report === 'timeout') return { kind: 'timeout', hosts, seconds: Math.round(timeoutMs / 100) / 10 };
    const [s, d] = report.hosts;
    const pair = report.pairs.find((p) => p.source === s?.name && p.destination === d?.name);
    if (!pair) return { kind: 'pointer', hosts };
    const reverse = report.pairs.find((p) => p.source === d?.name && p.destination === s?.name);
    const notFound = report.hosts.filter((h) => !h.found).map((h) => h.input);
    return { kind: 'result', hosts, pair, ...(reverse ? { reverse } : {}), notFound };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'pointer', hosts: [] };
    return { kind: 'failed', hosts, reason: reasonFor(error), error };
  } finally {
    clearTimeout(timer);
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof DirectoryAuthError) return M.checkDirectoryAuth;
  if (error instanceof DirectoryUnavailableError) return M.checkDirectoryUnavailable;
  return M.checkFailed;
}
