/**
 * diagnosePaste(paste, index) → Diagnosis: the one decision both shells (Slack, CLI) use. Silence is a result:
 * chatter, success messages and other products' errors get no entry.
 */
import type { Candidate, Diagnosis, MatchedSignal } from './types';
import type { KnowledgeIndex } from './knowledge-index';
import { extractSignals } from './signals';
import { readPasteContext, type PasteContext } from './paste-context';
import { MATCH_OPTIONS as O } from './match-options';

/** The standard wrapper of every live-migration failure message (VMMS, HA events, Move-VM). */
const MIGRATION_FAILED = /migration operation for '[^']{1,64}' failed at migration (?:source|destination)|live migration of '[^']{1,80}' failed|storage migration for '[^']{1,64}' failed/;
const STRONG_KINDS = new Set<MatchedSignal['kind']>(['code', 'phrase', 'localized']);
/** Text only Hyper-V writes; it outweighs a mention of another product in the same paste. */
const HYPERV_ONLY = /\bmove-vm\w*\b|\bvmms\b|virtual machine migration|failed at migration (?:source|destination)|\blive migration of '|microsoft-windows-hyper-v-|unexpectedly long blackout|blackout time|\bfailed to create partition\b/;

export function diagnosePaste(raw: string, index: KnowledgeIndex): Diagnosis {
  const signals = extractSignals(raw, index.knownEventIds);
  const context = readPasteContext(signals.text, signals.hasLink);
  const base = {
    names: signals.names, codes: signals.codes, eventIds: signals.eventIds, truncated: signals.truncated,
  };
  // Chatter with neither a code nor any Hyper-V or migration word can never be answered: skip the scoring.
  if (signals.codes.length === 0 && signals.symbols.length === 0 && !context.hyperV && !context.migration) {
    return { ...base, confidence: 0, alternatives: [], signals: [], silenceReason: 'not about Hyper-V or migration' };
  }
  const candidates = rootCauseFirst(index.match(signals));
  const best = candidates[0];
  const silenceReason = best ? whySilent(best, signals.text, signals.codes.length > 0, context) : 'no known signal';
  const alternatives = candidates.slice(silenceReason ? 0 : 1)
    .filter((c) => c.score >= O.minAlternativeScore)
    .slice(0, O.maxAlternatives);
  if (silenceReason) return { ...base, confidence: 0, alternatives, signals: [], silenceReason };
  return {
    ...base,
    entry: best.entry,
    confidence: confidenceOf(best.evidence, best.score - (candidates[1]?.score ?? 0)),
    alternatives,
    signals: best.signals,
  };
}

/**
 * An umbrella entry ("the cluster resource failed") on top yields to the first candidate with its own code or message
 * in the paste: that is the root cause the umbrella's event only reports (eval README, labelling rules).
 */
function rootCauseFirst(candidates: Candidate[]): Candidate[] {
  if (!candidates[0]?.entry.umbrella) return candidates;
  const own = (c: Candidate) => c.signals.filter((s) => STRONG_KINDS.has(s.kind)).reduce((sum, s) => sum + s.weight, 0);
  const i = candidates.findIndex((c, k) => k > 0 && !c.entry.umbrella && own(c) >= O.umbrellaYieldEvidence);
  return i < 0 ? candidates : [candidates[i], ...candidates.filter((_, k) => k !== i)];
}

function whySilent(best: Candidate, text: string, hasCode: boolean, ctx: PasteContext): string | undefined {
  const strong = best.signals.some((s) => STRONG_KINDS.has(s.kind) || (s.kind === 'event' && s.weight >= O.eventWeight));
  // Hyper-V's own failure wrapper already says "a migration failed"; the entry's evidence may then be thinner.
  const floor = MIGRATION_FAILED.test(text) ? O.minScoreInFailureTemplate : O.minScore;
  if (strong && best.evidence < floor) return 'evidence too weak';
  const bareCode = hasCode && text.length <= O.bareCodeMaxChars;
  if (ctx.foreign.length > 0 && !HYPERV_ONLY.test(text)) return `about another product (${ctx.foreign[0]})`;
  if (ctx.notMigration) return 'the paste says no migration is involved';
  if (ctx.settled) return 'a closed or expected event, not a live failure';
  if (ctx.sharedLink) return 'an article shared with a link';
  if (ctx.otherOperation && !ctx.vmMove) return `about ${ctx.otherOperation}, not a migration`;
  if (bareCode) return undefined;
  if (!strong) {
    const keywords = best.signals.filter((s) => s.kind === 'keyword').reduce((sum, s) => sum + s.weight, 0);
    if (!ctx.failure) return 'no failure reported';
    // Chat words alone need a move in the paste, not just a VM or a cluster.
    if (!ctx.moving) return 'no move mentioned';
    if (!ctx.hyperV && !ctx.migration) return 'not about Hyper-V or migration';
    if (keywords < O.minKeywordOnlyScore) return 'chat words too weak';
    return undefined;
  }
  // Generic Windows messages (SSPI, access denied) are ours only when the paste is about Hyper-V or a move.
  if (!ctx.hyperV && !ctx.migration) return 'not about Hyper-V or migration';
  return undefined;
}

/** Grows with the evidence and with the lead over the runner-up; in [0, 1]. */
export function confidenceOf(evidence: number, leadPoints: number): number {
  const strength = 1 - Math.exp(-evidence / 4);
  // A lead of three points (one exact code) over the runner-up counts as a clear lead.
  const lead = Math.min(1, Math.max(0, leadPoints) / 3);
  return Math.round(strength * (0.6 + 0.4 * lead) * 100) / 100;
}
