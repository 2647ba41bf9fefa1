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

/** `args`: the /lm-check arguments to suggest, with `<source-host>`/`<destination-host>` for a name the paste lacks. */
export type AdCheckOutcome =
  | { kind: 'pointer'; hosts: string[]; args: string[] }
  | { kind: 'result'; hosts: string[]; args: string[]; pair: PairResult; reverse?: PairResult; notFound: string[] }
  | { kind: 'timeout'; hosts: string[]; args: string[]; seconds: number }
  | { kind: 'failed'; hosts: string[]; args: string[]; reason: string; error: unknown };

/** Hyper-V's own words for a move that copies storage: then `cifs` delegation is in scope (least privilege otherwise). */
const STORAGE_MOVE = /-IncludeStorage\b|\bMove-VMStorage\b|\bstorage migration\b|\bshared[- ]nothing\b/i;

export function isStorageMove(text: string): boolean {
  return STORAGE_MOVE.test(text);
}

export const AUTO_CHECK_TIMEOUT_MS = 5000;

export async function checkPastePair(
  names: ExtractedNames,
  directory: Directory | undefined,
  timeoutMs: number = AUTO_CHECK_TIMEOUT_MS,
  storage = false,
): Promise<AdCheckOutcome> {
  const hosts = [names.source, names.destination].filter((h): h is string => typeof h === 'string');
  const args = [names.source ?? '<source-host>', names.destination ?? '<destination-host>', ...(storage ? ['--storage'] : [])];
  if (!directory || hosts.length < 2) return { kind: 'pointer', hosts, args };
  let timer: NodeJS.Timeout | undefined;
  const check = checkHosts(storage ? [...hosts, '--storage'] : hosts, directory);
  check.catch(() => undefined); // after a timeout nobody awaits it; its failure is expected and harmless
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  try {
    const report = await Promise.race([check, timeout]);
    if (report === 'timeout') return { kind: 'timeout', hosts, args, seconds: Math.round(timeoutMs / 100) / 10 };
    const [s, d] = report.hosts;
    const pair = report.pairs.find((p) => p.source === s?.name && p.destination === d?.name);
    if (!pair) return { kind: 'pointer', hosts, args };
    const reverse = report.pairs.find((p) => p.source === d?.name && p.destination === s?.name);
    const notFound = report.hosts.filter((h) => !h.found).map((h) => h.input);
    return { kind: 'result', hosts, args, pair, ...(reverse ? { reverse } : {}), notFound };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'pointer', hosts: [], args: ['<source-host>', '<destination-host>'] };
    return { kind: 'failed', hosts, args, reason: reasonFor(error), error };
  } finally {
    clearTimeout(timer);
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof DirectoryAuthError) return M.checkDirectoryAuth;
  if (error instanceof DirectoryUnavailableError) return M.checkDirectoryUnavailable;
  return M.checkFailed;
}
