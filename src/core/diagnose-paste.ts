/**
 * diagnosePaste(paste, index) → Diagnosis: the one decision both shells (Slack, CLI) use.
 *
 * Two kinds of evidence compete for every entry, live-migration classes and out-of-scope ones alike:
 * - exact signals (error codes, event IDs, Hyper-V's verbatim messages), deterministic and dominant;
 * - the learned model's probability, which reads the wording around them, decides chat lines and breaks ties.
 * Silence is a result: an out-of-scope entry or plain chatter (`none`) explaining the text better, evidence too weak,
 * or one of the few context classes (context-classes.json) that outrank evidence.
 */
import type { Candidate, Diagnosis, KnowledgeEntry, MatchedSignal } from './types';
import type { KnowledgeIndex } from './knowledge-index';
import { extractSignals } from './signals';
import { contextTokens, findContextClass } from './context-classes';
import type { TextVector } from './learned/text-model';
import { featureTokens } from './learned/text-features';
import { MATCH_OPTIONS as O } from './match-options';

/** Hyper-V's own failure wrappers (VMMS, HA events, Move-VM): a migration failed, whatever the inner message. */
const MIGRATION_FAILED = /migration operation for '[^']{1,64}' failed at migration (?:source|destination)|live migration of '[^']{1,80}' failed|storage migration for '[^']{1,64}' failed/;
const EXACT_MESSAGE = new Set<MatchedSignal['kind']>(['phrase', 'localized']);
const STRONG_KINDS = new Set<MatchedSignal['kind']>(['code', 'phrase', 'localized']);
/** The learned model's class for text that is no known failure and no known other product: plain chatter. */
export const CHATTER = 'none';
/** The relevance model's positive class: the text reads as a live-migration failure. */
export const LIVE_MIGRATION = 'live-migration';
/**
 * The learned model's class for Hyper-V's failure wrappers on their own ("Live migration of 'X' failed.", "Move of
 * cluster role 'X' for drain could not be completed."): a migration failed, and the paste does not say why.
 */
export const CAUSE_UNKNOWN = 'cause-unknown';

interface Ranked { candidate?: Candidate; entry?: KnowledgeEntry; total: number; unknownCause?: boolean }

export function diagnosePaste(raw: string, index: KnowledgeIndex): Diagnosis {
  const signals = extractSignals(raw, index.knownEventIds);
  const base = {
    names: signals.names, codes: signals.codes, eventIds: signals.eventIds, truncated: signals.truncated,
  };
  const exact = rootCauseFirst(index.match(signals));
  // One tokenisation for both models: the relevance model reads it all, the entry model without the exact messages.
  const tokens = featureTokens(signals.text);
  const wording = index.model.vectorizeTokens(index.maskTokens(tokens));
  const probabilities = index.model.predict(wording);
  const p = (id: string) => { const i = index.model.classIndex.get(id); return i === undefined ? 0 : probabilities[i]; };
  // Hyper-V's own failure wrapper says a migration failed: chatter and the out-of-scope entries cannot explain it.
  const wrapped = MIGRATION_FAILED.test(signals.text);
  const ranked = rank(index, exact, p).filter((r) => !wrapped || (r.entry ? !r.entry.outOfScope : r.unknownCause === true));
  const relevance = index.relevance.predict(index.relevance.vectorizeTokens(tokens))[index.relevance.classIndex.get(LIVE_MIGRATION) ?? -1] ?? 0;
  const best = ranked[0];
  const inScope = ranked.filter((r) => r.entry && !r.entry.outOfScope);
  const alternativesOf = (skip?: KnowledgeEntry) => inScope.filter((r) => r.entry !== skip && r.candidate)
    .map((r) => r.candidate!).filter((c) => c.score >= O.minAlternativeScore).slice(0, O.maxAlternatives);
  const silent = (silenceReason: string, outOfScope?: KnowledgeEntry): Diagnosis => ({
    ...base, confidence: 0, alternatives: alternativesOf(), signals: [], silenceReason, ...(outOfScope ? { outOfScope } : {}),
  });
  if (best?.unknownCause) {
    const reason = `only Hyper-V's failure wrapper: a migration failed, and the paste does not say why (${CAUSE_UNKNOWN} p=${p(CAUSE_UNKNOWN).toFixed(2)})`;
    return { ...silent(reason), causeUnknown: true };
  }
  if (!best?.entry || !best.candidate) {
    return silent(best ? `reads as ordinary chat (${CHATTER} p=${p(CHATTER).toFixed(2)}), no known signal` : 'no known signal');
  }
  if (best.entry.outOfScope) return silent(`looks like ${best.entry.id}: ${best.entry.title}`, best.entry);
  const reason = whySilent(best.candidate, signals.text, signals.hasLink, wrapped ? 1 : relevance);
  if (reason) {
    // The best-placed out-of-scope entry, when the text reads as something else rather than as nothing in particular.
    const other = relevance < O.minRelevance ? ranked.find((r) => r.entry?.outOfScope && (r.candidate?.learned ?? 0) >= O.minOutOfScopeProbability) : undefined;
    return silent(other?.entry ? `${reason}; it reads like ${other.entry.id}` : reason, other?.entry);
  }
  return {
    ...base,
    entry: best.entry,
    confidence: confidenceOf(best.candidate.evidence + best.candidate.learned * O.learnedWeight, best.total - (ranked[1]?.total ?? 0)),
    alternatives: alternativesOf(best.entry),
    signals: best.candidate.signals.map((s) => (s.kind === 'learned' ? { ...s, value: describeWording(index, wording, best.entry!.id) } : s)),
  };
}

/**
 * Every entry with exact evidence or a learned probability worth counting, plus chatter, ranked by exact score +
 * learnedWeight × probability. Exact evidence dominates: a code is worth about three, a message two to three, while
 * the learned part adds at most `learnedWeight`.
 */
function rank(index: KnowledgeIndex, exact: Candidate[], p: (id: string) => number): Ranked[] {
  const byId = new Map(exact.map((c) => [c.entry.id, c] as const));
  // Chatter and "cause unknown" compete with wording only: where an entry has exact evidence of its own (more than a
  // wrapper event), relevance (whySilent) judges the context.
  const out: Ranked[] = exact.some((c) => c.evidence >= O.minAlternativeScore) ? [] : [
    { total: p(CHATTER) * O.learnedWeight },
    { total: p(CAUSE_UNKNOWN) * O.learnedWeight, unknownCause: true },
  ];
  for (const entry of index.entries) {
    const learned = p(entry.id);
    const found = byId.get(entry.id);
    if (!found && learned < O.minLearnedCandidate) continue;
    const signals = [...(found?.signals ?? [])];
    if (learned >= O.minLearnedCandidate) signals.push({ kind: 'learned', value: 'wording', weight: round(learned * O.learnedWeight) });
    const candidate: Candidate = {
      entry, signals, learned: round(learned),
      score: round((found?.score ?? 0) + learned * O.learnedWeight),
      evidence: found?.evidence ?? 0,
    };
    out.push({ candidate, entry, total: candidate.score });
  }
  // Ties: more exact evidence, then the id (stable output).
  return out.sort((a, b) => b.total - a.total || (b.candidate?.evidence ?? 0) - (a.candidate?.evidence ?? 0)
    || (a.entry?.id ?? '').localeCompare(b.entry?.id ?? ''));
}

/**
 * An umbrella entry ("the cluster resource failed") on top yields to the first candidate with its own code or message
 * in the paste: that is the root cause the umbrella's event only reports (eval README, labelling rules).
 */
function rootCauseFirst(candidates: Candidate[]): Candidate[] {
  if (!candidates[0]?.entry.umbrella) return candidates;
  const own = (c: Candidate) => c.signals.filter((s) => STRONG_KINDS.has(s.kind)).reduce((sum, s) => sum + s.weight, 0);
  const i = candidates.findIndex((c, k) => k > 0 && !c.entry.umbrella && !c.entry.outOfScope && own(c) >= O.umbrellaYieldEvidence);
  if (i < 0) return candidates;
  // The root cause takes the umbrella's exact score, so the learned part cannot put the umbrella back on top.
  const root = { ...candidates[i], score: Math.max(candidates[i].score, candidates[0].score + O.umbrellaYieldMargin) };
  return [root, ...candidates.filter((_, k) => k !== i)];
}

/** `relevance`: how sure the relevance model is that the text reports a live-migration failure (1 with Hyper-V's wrapper). */
function whySilent(best: Candidate, text: string, hasLink: boolean, relevance: number): string | undefined {
  const inMigration = relevance >= O.minRelevance;
  const exact = (s: MatchedSignal) => EXACT_MESSAGE.has(s.kind) || s.kind === 'code' || (s.kind === 'event' && s.weight >= O.eventWeight);
  const specific = best.signals.some((s) => exact(s) && !s.generic);
  const generic = best.signals.some((s) => exact(s) && s.generic);
  const bareCode = best.signals.some((s) => s.kind === 'code') && text.length <= O.bareCodeMaxChars;
  const context = findContextClass(contextTokens(text), hasLink);
  if (context) return `${context.id} ("${context.cue}"): ${context.reason}`;
  // Hyper-V's own message needs less of a migration context than a code or message other products share.
  if (bareCode || (specific && relevance >= O.minRelevanceSpecific) || (generic && inMigration)) {
    // Hyper-V's own failure wrapper already says "a migration failed"; the entry's evidence may then be thinner.
    const floor = MIGRATION_FAILED.test(text) ? O.minScoreInFailureTemplate : O.minScore;
    return best.evidence + best.learned * O.learnedWeight < floor ? 'evidence too weak' : undefined;
  }
  // Wording alone: the relevance model must read a live-migration failure and the entry model this entry; the more
  // sure the entry model is, the less relevance it needs (a sure class is itself a live-migration class).
  if (relevance + best.learned * O.learnedRelevanceTradeoff >= O.minLearnedRelevance && best.learned >= O.minLearnedProbability) return undefined;
  const odds = `relevance ${relevance.toFixed(2)}, ${best.entry.id} p=${best.learned.toFixed(2)}`;
  if (generic) return `a Windows code or message ${best.entry.id} shares with other products, in text that does not read as a live-migration failure (${odds})`;
  return `wording too weak: needs relevance >= ${O.minLearnedRelevance} and p >= ${O.minLearnedProbability} (${odds})`;
}

/** The words that weighed most for the entry, for "Matched" and --json (computed for the answer only). */
function describeWording(index: KnowledgeIndex, wording: TextVector, id: string): string {
  const words = index.model.explain(wording, id, 4).map((f) => f.feature.slice(2)).join(', ');
  return words ? `wording: ${words}` : 'wording';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Grows with the evidence and with the lead over the runner-up; in [0, 1]. */
export function confidenceOf(evidence: number, leadPoints: number): number {
  const strength = 1 - Math.exp(-evidence / 4);
  // A lead of three points (one exact code) over the runner-up counts as a clear lead.
  const lead = Math.min(1, Math.max(0, leadPoints) / 3);
  return Math.round(strength * (0.6 + 0.4 * lead) * 100) / 100;
}
