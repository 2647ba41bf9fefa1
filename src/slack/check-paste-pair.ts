/**
 * The automatic AD check for a pasted error whose knowledge entry has `adCheck`: when the paste names a source and a
 * destination host and a directory is configured, check exactly that pair (the core's checkPair: one directory
 * session, so one LDAP bind, both directions) within a time bound; otherwise say how to run /lm-check. Host names
 * from the paste are validated first (hostNameProblem), so nothing invalid reaches the directory. When every check
 * slot is taken the answer is the /lm-check pointer, as without a directory. Returns plain data for the renderer
 * (render-ad-outcome.ts); never throws.
 */
import type { ExtractedNames } from '../core/types';
import type { Directory } from '../core/delegation/directory';
import { DEFAULT_SCOPE, type PairResult } from '../core/delegation/types';
import { checkPair } from '../core/delegation/check-pair';
import { hostNameProblem } from '../core/delegation/parse-lm-check-args';
import { describeFailure } from '../support/describe-failure';
import { LoadShedError } from '../support/errors';

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

/** For names that cannot be checked as a pair (not host names, or one host twice): /lm-check with placeholders. */
const askForHosts = (): AdCheckOutcome => ({ kind: 'pointer', hosts: [], args: ['<source-host>', '<destination-host>'] });

export async function checkPastePair(
  names: ExtractedNames,
  directory: Directory | undefined,
  timeoutMs: number = AUTO_CHECK_TIMEOUT_MS,
  storage = false,
): Promise<AdCheckOutcome> {
  const { source, destination } = names;
  const hosts = [source, destination].filter((h): h is string => typeof h === 'string');
  const args = [source ?? '<source-host>', destination ?? '<destination-host>', ...(storage ? ['--storage'] : [])];
  if (!directory || source === undefined || destination === undefined) return { kind: 'pointer', hosts, args };
  if (hostNameProblem(source) || hostNameProblem(destination)) return askForHosts();
  let timer: NodeJS.Timeout | undefined;
  const check = checkPair(source, destination, directory, { ...DEFAULT_SCOPE, storage });
  check.catch(() => undefined); // after a timeout nobody awaits it; its failure is expected and harmless
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  try {
    const checked = await Promise.race([check, timeout]);
    if (checked === 'timeout') return { kind: 'timeout', hosts, args, seconds: Math.round(timeoutMs / 100) / 10 };
    if (!checked) return askForHosts();
    const notFound = [checked.source, checked.destination].filter((h) => !h.found).map((h) => h.input);
    return { kind: 'result', hosts, args, pair: checked.pair, reverse: checked.reverse, notFound };
  } catch (error) {
    // Every LM_MAX_CONCURRENT_CHECKS slot is taken (check-slots.ts): point to /lm-check rather than wait.
    if (error instanceof LoadShedError) return { kind: 'pointer', hosts, args };
    return { kind: 'failed', hosts, args, reason: describeFailure(error).sentence, error };
  } finally {
    clearTimeout(timer);
  }
}
