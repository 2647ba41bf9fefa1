/**
 * Compiles knowledge entries into fast matchers for their exact signals (codes, events, verbatim messages) and holds
 * the learned text model beside them. The only fuse.js user: phrases are matched in the reverse direction (KB phrase
 * as the pattern, a window of the paste as the text), the direction reference/matching.md §3 measured as the one that
 * separates entries.
 */
import Fuse from 'fuse.js';
import type { Candidate, KnowledgeEntry, MatchedSignal, PasteSignals } from './types';
import { MATCH_OPTIONS as O } from './match-options';
import { extractCodes, parseCode, win32Twin } from './extract-codes';
import { normalizePaste } from './normalize-paste';
import type { TextModel } from './learned/text-model';
import { featureTokens } from './learned/text-features';
import { contentWords, indexTokenPositions, proximityCoverage, type TokenPositions } from './phrase-proximity';

interface Phrase { label: string; text: string; words: string[]; content: string[]; anchors: string[]; weight: number; fullWeight: number; kind: 'phrase' | 'localized'; generic: boolean }
interface CodeHit { label: string; primary: boolean; generic: boolean }

/** One entry's exact signals, compiled: what `match` looks up. Plain data, so it can be stored (compiled-knowledge). */
export interface CompiledSignals {
  codes: [string, CodeHit][];
  symbols: [string, string][];
  events: [number, boolean][];
  phrases: Phrase[];
}

/**
 * Everything the index needs besides the learned models, computed once from the entries and the known negatives:
 * plain JSON, so a build can store it and a start-up only reads it.
 */
export interface IndexData {
  entries: KnowledgeEntry[];
  /** Aligned with `entries`. */
  signals: CompiledSignals[];
  /** Known verbatim messages as token sequences, longest first: what the entry model does not read. */
  maskMessages: string[][];
}

interface CompiledEntry {
  entry: KnowledgeEntry;
  codes: Map<string, CodeHit>;
  symbols: Map<string, string>;
  events: Map<number, boolean>;
  phrases: Phrase[];
}

export interface KnowledgeIndex {
  /** Every entry: live-migration classes and out-of-scope ones (`reply: none`). */
  entries: readonly KnowledgeEntry[];
  knownEventIds: ReadonlySet<number>;
  /** The learned half: reads wording; its classes are entry ids and `none` (chatter). */
  model: TextModel;
  /** Learned relevance: does the text read as a live-migration failure at all (`live-migration` vs `other`)? */
  relevance: TextModel;
  /** The paste's tokens without the known verbatim messages and hex codes (what the entry model reads). */
  maskTokens(tokens: readonly string[]): string[];
  /** Candidates with exact evidence (codes, events, messages), best first. */
  match(signals: PasteSignals): Candidate[];
}

const FUSE_OPTIONS = Object.freeze({ ignoreLocation: true, threshold: O.fuzzyThreshold, includeScore: true });
const PROXIMITY = Object.freeze({ minCoverage: O.proximityMinCoverage, minWords: O.proximityMinWords, spread: O.proximitySpread });

export function foldText(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/\s+/g, ' ').trim();
}

export function tokenize(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * `negatives`: text known not to be a live-migration failure (labelled null, beside the out-of-scope entries' own
 * examples). A code or message that occurs there is generic Windows text (access denied, the target principal name is
 * incorrect): it counts as evidence only in a live-migration context. Everything else is Hyper-V's own.
 */
export interface MatcherModels { model: TextModel; relevance: TextModel }

export function createKnowledgeIndex(entries: readonly KnowledgeEntry[], models: MatcherModels, negatives: readonly string[] = []): KnowledgeIndex {
  return indexFromData(compileIndexData(entries, negatives), models);
}

/** The expensive half (phrase weights, generic codes and messages), done at build time. Pure. */
export function compileIndexData(entries: readonly KnowledgeEntry[], negatives: readonly string[] = []): IndexData {
  const compiled = entries.map(compileEntry);
  weighPhrases(compiled);
  markGeneric(compiled, [...negatives, ...entries.filter((e) => e.outOfScope).flatMap((e) => e.examples)]);
  return {
    entries: [...entries],
    signals: compiled.map((c) => ({ codes: [...c.codes], symbols: [...c.symbols], events: [...c.events], phrases: c.phrases })),
    maskMessages: maskMessagesOf(entries),
  };
}

/** The index over compiled data: cheap (maps over stored arrays), what every start-up does. */
export function indexFromData(data: IndexData, models: MatcherModels): KnowledgeIndex {
  const { entries } = data;
  if (data.signals.length !== entries.length) throw new Error('compiled knowledge: signals do not match the entries');
  const compiled: CompiledEntry[] = entries.map((entry, i) => {
    const s = data.signals[i];
    return { entry, codes: new Map(s.codes), symbols: new Map(s.symbols), events: new Map(s.events), phrases: s.phrases };
  });
  const knownEventIds = new Set(entries.flatMap((e) => e.signals.events.map((ev) => ev.id)));
  return {
    entries,
    knownEventIds,
    maskTokens: tokenMasker(data.maskMessages),
    model: models.model,
    relevance: models.relevance,
    match(signals) {
      const tokenList = tokenize(signals.text);
      const tokens = new Set(tokenList);
      // `(?!\.)` takes a run of dots whole: `(?:\.{2,}|…)+` could split it in exponentially many ways.
      const tail = signals.text.slice(-200).replace(/(?:\.{2,}(?!\.)|\u2026|[\s'"`)\]])+$/, '');
      const work: PhraseWork = {
        cache: new Map(), fuzzyCallsLeft: O.maxFuzzyCallsPerPaste, tail, positions: indexTokenPositions(tokenList),
      };
      const out: Candidate[] = [];
      for (const c of compiled) {
        const candidate = scoreEntry(c, signals, tokens, work);
        if (candidate) out.push(candidate);
      }
      // Ties: more evidence, then more strong signals, then the id (stable output).
      return out.sort((a, b) => b.score - a.score || b.evidence - a.evidence
        || strongCount(b) - strongCount(a) || a.entry.id.localeCompare(b.entry.id));
    },
  };
}

function compileEntry(entry: KnowledgeEntry): CompiledEntry {
  const codes = new Map<string, CodeHit>();
  const symbols = new Map<string, string>();
  for (const c of entry.signals.codes) {
    const key = parseCode(c.hex);
    if (!key) continue;
    const value = { label: c.hex.toUpperCase().replace(/^0X/, '0x'), primary: c.primary === true, generic: entry.outOfScope === true };
    codes.set(key, value);
    const twin = win32Twin(key);
    if (twin && !codes.has(twin)) codes.set(twin, value);
    if (c.symbol) symbols.set(c.symbol, value.label);
  }
  const events = new Map(entry.signals.events.map((e) => [e.id, e.wrapper === true] as const));
  const phrases = [
    ...entry.signals.phrases.map((p) => compilePhrase(p, 'phrase')),
    ...entry.signals.localized.map((l) => compilePhrase(l.text, 'localized')),
  ];
  return { entry, codes, symbols, events, phrases };
}

/**
 * A message several entries share ("no suitable credentials available") is evidence for the family, not the entry
 * (BM25's idea at KB scale). Document frequency is counted over each entry's own text (title, messages, examples).
 */
function weighPhrases(compiled: CompiledEntry[]): void {
  const docs = compiled.map((c) => {
    const e = c.entry;
    const text = foldText([e.title, ...e.signals.phrases, ...e.signals.localized.map((l) => l.text), ...e.examples].join('\n'));
    return { text, tokens: new Set(tokenize(text)) };
  });
  for (const c of compiled) {
    for (const p of c.phrases) {
      const df = Math.max(1, docs.filter((d) => d.text.includes(p.text)).length);
      p.weight /= 1 + O.phraseDfPenalty * (df - 1);
      // Words most entries use ("failed", "migration", "virtual") say nothing when a message is retyped.
      p.content = p.content.filter((w) => docs.filter((d) => d.tokens.has(w)).length <= compiled.length * O.proximityMaxWordShare);
    }
  }
}

/** Hex error codes as tokens (0x8009030e, 0x13ab); the exact part counts them, whichever entry lists them. */
const HEX_TOKEN = /^0x[0-9a-f]{4,8}$/;

/**
 * Known verbatim messages and error codes are counted exactly; the entry model reads the words around them, which is
 * where pastes that share a code differ ("Kerberos only", "from my laptop"). Works on the paste's tokens
 * (featureTokens), so a paste is tokenised once for both models: each message is a token sequence, found by its
 * first token.
 */
export function createTokenMasker(entries: readonly KnowledgeEntry[]): (tokens: readonly string[]) => string[] {
  return tokenMasker(maskMessagesOf(entries));
}

function maskMessagesOf(entries: readonly KnowledgeEntry[]): string[][] {
  return [...new Set(entries.flatMap((e) => [...e.signals.phrases, ...e.signals.localized.map((l) => l.text)]).map(foldText))]
    .filter((p) => p.length >= 20).map(featureTokens).filter((t) => t.length >= 2)
    .sort((x, y) => y.length - x.length);
}

function tokenMasker(messages: readonly string[][]): (tokens: readonly string[]) => string[] {
  const byFirst = new Map<string, string[][]>();
  for (const m of messages) byFirst.set(m[0], [...(byFirst.get(m[0]) ?? []), m]);
  return (tokens) => {
    const out: string[] = [];
    for (let i = 0; i < tokens.length;) {
      const match = byFirst.get(tokens[i])?.find((m) => m.every((t, k) => tokens[i + k] === t));
      if (match) { i += match.length; continue; }
      if (!HEX_TOKEN.test(tokens[i])) out.push(tokens[i]);
      i++;
    }
    return out;
  };
}

function markGeneric(compiled: CompiledEntry[], negatives: readonly string[]): void {
  // Only the codes and the folded text matter here (names, event IDs would be work thrown away at every start).
  const texts = negatives.map((t) => { const n = normalizePaste(t); return { text: n.folded, codes: extractCodes(n.plain).codes }; });
  const codes = new Set(texts.flatMap((t) => t.codes));
  // An out-of-scope entry's own messages are generic too: they describe another product.
  const foreign = compiled.filter((c) => c.entry.outOfScope).flatMap((c) => c.phrases.map((p) => p.text));
  for (const c of compiled) {
    for (const [key, code] of c.codes) if (codes.has(key)) code.generic = true;
    for (const p of c.phrases) {
      if (c.entry.outOfScope || foreign.some((f) => f.includes(p.text) || p.text.includes(f)) || texts.some((t) => t.text.includes(p.text))) p.generic = true;
    }
  }
}

function strongCount(c: Candidate): number {
  return c.signals.filter((s) => s.kind !== 'learned').length;
}

function compilePhrase(raw: string, kind: Phrase['kind']): Phrase {
  const text = foldText(raw);
  const words = [...new Set(tokenize(text))].filter((t) => t.length >= 3);
  const anchors = [...words].sort((a, b) => b.length - a.length).slice(0, 2);
  const weight = kind === 'localized'
    ? O.localizedWeight
    : O.phraseBase + O.phraseLengthBonus * Math.min(1, text.length / O.phraseFullLength);
  return { label: raw, text, words, content: contentWords(tokenize(text)), anchors, weight, fullWeight: weight, kind, generic: false };
}

/** Per-paste phrase results (several entries share a message) and the fuzzy-matching budget. */
interface PhraseWork {
  cache: Map<string, number>;
  /** The paste's last characters without a trailing ellipsis, for messages cut off by the paste. */
  tail: string;
  positions: TokenPositions;
  fuzzyCallsLeft: number;
}

function scoreEntry(c: CompiledEntry, s: PasteSignals, tokens: Set<string>, work: PhraseWork): Candidate | undefined {
  const signals: MatchedSignal[] = [];
  const seenCodes = new Set<string>();
  for (const code of s.codes) {
    const hit = c.codes.get(code);
    if (hit && !seenCodes.has(hit.label)) {
      seenCodes.add(hit.label);
      signals.push({ kind: 'code', value: hit.label, weight: O.codeWeight + (hit.primary ? O.primaryBonus : 0), ...(hit.generic ? { generic: true } : {}) });
    }
  }
  for (const sym of s.symbols) {
    const label = c.symbols.get(sym);
    const code = label && c.codes.get(parseCode(label) ?? '');
    if (label && code && !seenCodes.has(label)) {
      seenCodes.add(label);
      signals.push({ kind: 'code', value: `${sym} (${label})`, weight: O.codeWeight + (code.primary ? O.primaryBonus : 0), ...(code.generic ? { generic: true } : {}) });
    }
  }
  for (const id of s.eventIds) {
    const wrapper = c.events.get(id);
    if (wrapper !== undefined) signals.push({ kind: 'event', value: `event ${id}`, weight: wrapper ? O.wrapperEventWeight : O.eventWeight });
  }
  let phraseTotal = 0;
  let phraseEvidence = 0;
  for (const p of c.phrases) {
    let quality = work.cache.get(p.text);
    if (quality === undefined) {
      quality = matchPhrase(p, s.text, tokens, work);
      work.cache.set(p.text, quality);
    }
    if (quality > 0 && phraseTotal < O.phraseCap) {
      const weight = Math.min(p.weight * quality, O.phraseCap - phraseTotal);
      phraseTotal += weight;
      phraseEvidence += p.fullWeight * quality - weight;
      signals.push({ kind: p.kind, value: p.label, weight, ...(p.generic ? { generic: true } : {}) });
    }
  }
  if (signals.length === 0) return undefined;
  const score = signals.reduce((sum, x) => sum + x.weight, 0);
  const evidence = score + Math.max(0, phraseEvidence);
  return { entry: c.entry, score: Math.round(score * 1000) / 1000, evidence: Math.round(evidence * 1000) / 1000, learned: 0, signals };
}

/**
 * A paste cut off in the middle of a message ("No credentials are available in the secu") still names it: the end of
 * the paste is a long enough prefix of the phrase. Quality grows with the share of the phrase that survived.
 */
function truncatedAt(p: Phrase, tail: string): number {
  const head = p.text.slice(0, O.truncatedMinChars);
  if (head.length < O.truncatedMinChars) return 0;
  const at = tail.indexOf(head);
  if (at < 0) return 0;
  const rest = tail.slice(at);
  if (!p.text.startsWith(rest) || rest.length < p.text.length * O.truncatedMinShare) return 0;
  return Math.min(1, rest.length / p.text.length);
}

/** 1 for an exact occurrence, (0,1) for a close one, 0 for none. Work is bounded by the paste's fuzzy budget. */
function matchPhrase(p: Phrase, text: string, tokens: Set<string>, work: PhraseWork): number {
  // Cheap prefilter on the paste's token set: an exact hit needs every word, a close one most of them.
  const present = p.words.filter((w) => tokens.has(w)).length;
  const coverage = p.words.length ? present / p.words.length : 1;
  if (coverage === 1 && text.includes(p.text)) return 1;
  const cut = truncatedAt(p, work.tail);
  if (cut > 0) return cut;
  // Retyped in chat: most content words close together count as a weaker match.
  // Only short messages get retyped; long ones are pasted, and their many generic words would match anything.
  const retypable = p.content.length >= 2 && p.content.length <= O.proximityMaxWords;
  const near = retypable ? proximityCoverage(p.content, work.positions, PROXIMITY) * O.proximityQuality : 0;
  if (coverage < O.fuzzyMinWordCoverage || work.fuzzyCallsLeft <= 0) return near;
  const anchor = p.anchors.find((a) => tokens.has(a));
  if (!anchor) return near;
  let best = 1;
  let from = 0;
  for (let i = 0; i < O.maxAnchorHits; i++) {
    const at = text.indexOf(anchor, from);
    if (at < 0) break;
    from = at + anchor.length;
    const window = text.slice(Math.max(0, at - p.text.length), at + p.text.length + anchor.length);
    work.fuzzyCallsLeft--;
    const r = Fuse.match(p.text, window, FUSE_OPTIONS);
    if (r.isMatch && r.score !== undefined && r.score < best) best = r.score;
  }
  return Math.max(near, best <= O.fuzzyThreshold ? 1 - best : 0);
}
