/**
 * Paraphrase tolerance: people retype messages in chat ("can't find the ethernet switch" for "Could not find Ethernet
 * switch", "isn't a possible owner" for "not a possible owner"). A phrase partly matches when most of its content
 * words occur close together in the paste. Pure; linear in the paste once, then cheap per phrase.
 */

const STOPWORDS = new Set([
  'the', 'and', 'for', 'this', 'that', 'with', 'from', 'are', 'was', 'were', 'has', 'have', 'had', 'its', 'not', 'but',
  'been', 'being', 'can', 'cannot', 'could', 'did', 'does', 'will', 'would', 'should', 'there', 'their', 'which',
  'when', 'into', 'onto', 'than', 'then', 'any', 'all', 'one', 'use', 'used', 'make', 'sure', 'please', 'try',
]);

/** Most positions remembered per word, so a word repeated all over a long paste costs a bounded amount. */
const MAX_POSITIONS = 32;

export type TokenPositions = Map<string, number[]>;

export function indexTokenPositions(tokens: readonly string[]): TokenPositions {
  const positions: TokenPositions = new Map();
  tokens.forEach((t, i) => {
    const list = positions.get(t);
    if (!list) positions.set(t, [i]);
    else if (list.length < MAX_POSITIONS) list.push(i);
  });
  return positions;
}

/** The words of a phrase that carry meaning: three letters or more, not a stop word, not a number. */
export function contentWords(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w)))];
}

export interface ProximityOptions {
  /** Share of content words that must be present. */
  minCoverage: number;
  /** At least this many content words must be present. */
  minWords: number;
  /** The present words must fit in a window of (phrase words × this + 3) tokens. */
  spread: number;
}

/** Share of the phrase's content words found close together, or 0. */
export function proximityCoverage(words: readonly string[], positions: TokenPositions, o: ProximityOptions): number {
  const present = words.filter((w) => positions.has(w));
  if (present.length < o.minWords || present.length / words.length < o.minCoverage) return 0;
  const window = words.length * o.spread + 3;
  const lists = present.map((w) => positions.get(w) ?? []).sort((a, b) => a.length - b.length);
  for (const start of lists[0]) {
    if (lists.slice(1).every((list) => list.some((p) => Math.abs(p - start) <= window))) {
      return present.length / words.length;
    }
  }
  return 0;
}
