/** extractSignals(paste): everything the matcher needs from a raw paste, in one pure pass. */
import type { PasteSignals } from './types';
import { normalizePaste } from './normalize-paste';
import { extractCodes, extractEventIds } from './extract-codes';
import { extractNames } from './extract-names';

export function extractSignals(raw: string, knownEventIds: ReadonlySet<number> = new Set()): PasteSignals {
  const { plain, folded, truncated, hasLink } = normalizePaste(raw);
  const { codes, symbols } = extractCodes(plain);
  return {
    codes,
    symbols,
    eventIds: extractEventIds(plain, knownEventIds),
    names: extractNames(plain),
    text: folded,
    truncated,
    hasLink,
  };
}
