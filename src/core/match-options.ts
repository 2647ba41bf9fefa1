/**
 * Every matching weight and threshold, in one frozen object (Fuse's config.ts style). Chosen under cross-validation
 * (`npm run eval -- --cv`); change them there, not in the code that uses them.
 */
export const MATCH_OPTIONS = Object.freeze({
  /** An exact error code (any form) of the entry. */
  codeWeight: 3,
  /** Extra weight for the entry a bare paste of the code means most often (`primary: true`). */
  primaryBonus: 0.25,
  /** An event ID of the entry, and of a wrapper event such as HA 21502 that only carries another message. */
  eventWeight: 1.5,
  wrapperEventWeight: 0.25,
  /** A verbatim phrase: base weight plus a bonus that grows with the phrase's length up to `phraseFullLength`. */
  phraseBase: 2,
  phraseLengthBonus: 1,
  phraseFullLength: 80,
  /** A phrase found in the text of n entries weighs 1 / (1 + penalty × (n − 1)) of its full weight. */
  phraseDfPenalty: 0.25,
  /** Phrase evidence of one entry is capped, so a long event export does not drown code evidence. */
  phraseCap: 6,
  localizedWeight: 2.5,
  /** The learned model's probability for an entry adds up to this much to its exact score. */
  learnedWeight: 6,
  /** Below this probability the learned model's opinion of an entry is not a candidate at all. */
  minLearnedCandidate: 0.05,
  /** Without an exact message, event or code in a migration context, the model must be at least this sure. */
  minLearnedProbability: 0.2,
  /** The relevance model's probability that the text is about a live migration, for exact evidence to count. */
  minRelevance: 0.6,
  /** …and for a message or code only Hyper-V writes (never seen in text that is not a live-migration failure). */
  minRelevanceSpecific: 0.25,
  /** …and for wording alone, with no exact evidence, at least this. */
  minLearnedRelevance: 0.65,
  /** …lowered by this much per unit of the entry model's probability. */
  learnedRelevanceTradeoff: 0.25,
  /** A silent paste names an out-of-scope entry as what it reads like when the model gives that entry this much. */
  minOutOfScopeProbability: 0.3,
  /** Fuse.js Bitap threshold for a phrase against a window of the paste (0 = exact). */
  fuzzyThreshold: 0.3,
  /** Share of a phrase's words (3+ letters) the paste must contain before a fuzzy match is tried. */
  fuzzyMinWordCoverage: 0.8,
  /** A paste that ends inside a phrase counts when at least this many characters and this share of it survived. */
  truncatedMinChars: 20,
  truncatedMinShare: 0.5,
  /** Paraphrase: a phrase whose content words are mostly present close together matches with this quality × share. */
  proximityQuality: 0.7,
  proximityMinCoverage: 0.75,
  proximityMinWords: 2,
  proximityMaxWords: 6,
  /** Words found in more than this share of entries are too common to count for a retyped message. */
  proximityMaxWordShare: 0.2,
  proximitySpread: 2,
  /** Most Fuse.js calls for one paste, whatever its size (bounded work). */
  maxFuzzyCallsPerPaste: 8,
  /** Most places a phrase's anchor word is tried in a paste. */
  maxAnchorHits: 3,
  /** Below this total an entry is never chosen. */
  minScore: 2,
  /** …unless the paste carries Hyper-V's own "migration failed" wrapper; then this much is enough. */
  minScoreInFailureTemplate: 1.5,
  /** An umbrella entry yields to a candidate whose own codes and messages weigh at least this much. */
  umbrellaYieldEvidence: 2,
  /** …and then leads it by this much, so the learned part cannot put the umbrella back on top. */
  umbrellaYieldMargin: 0.5,
  /** Alternatives shown: at most this many, with at least this score. */
  maxAlternatives: 3,
  minAlternativeScore: 1,
  /** A paste this short that holds a code is a "bare code" paste and needs no other context. */
  bareCodeMaxChars: 48,
});
