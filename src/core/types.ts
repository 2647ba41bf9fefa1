/** Plain data shared by the core, the shells and the knowledge loader. */

/** An error code as people paste it: hex HRESULT/NTSTATUS, its signed decimal form, its symbolic name. */
export interface CodeSignal {
  /** Upper-case hex with 0x prefix, 8 digits for HRESULTs ("0x8009030E") or short Win32 codes ("0x13AB"). */
  hex: string;
  /** Signed 32-bit decimal form (-2146893042), when the code has one people paste. */
  decimal?: number;
  /** Symbolic name such as SEC_E_NO_CREDENTIALS. */
  symbol?: string;
  /** This entry is what a bare paste of this code most often means for live migration. */
  primary?: boolean;
}

export interface EventSignal {
  id: number;
  log: string;
  /** Wrapper events (HA 21502) carry another message; they only add a little weight. */
  wrapper?: boolean;
}

export interface LocalizedPhrase {
  lang: string;
  text: string;
}

export interface EntrySignals {
  codes: CodeSignal[];
  events: EventSignal[];
  /** Verbatim message fragments (English), matched tolerantly. */
  phrases: string[];
  localized: LocalizedPhrase[];
}

export interface KnowledgeEntry {
  id: string;
  title: string;
  /** Whether an AD delegation check helps with this class. */
  adCheck: boolean;
  /**
   * An outcome that other failures cause (the cluster VM resource failed): when another entry has its own code or
   * message in the same paste, that entry is the root cause and wins.
   */
  umbrella?: boolean;
  /**
   * An out-of-scope entry (`reply: none`, knowledge/out-of-scope/): text that looks like a live-migration failure but
   * is another product's error or Hyper-V's own success. It competes like any entry; when it wins, lm-doctor is silent.
   */
  outOfScope?: boolean;
  signals: EntrySignals;
  sources: string[];
  /** Example pastes that must diagnose as this entry (`lm-doctor kb test`); also the learned model's training text. */
  examples: string[];
  /** Why it happens (for an out-of-scope entry: what the text is instead). */
  cause: string;
  /** Numbered fix steps, Markdown, may contain ```powershell blocks and placeholders (empty when out of scope). */
  fix: string[];
  verify: string;
  /** File the entry was read from (for messages). */
  file: string;
}

export type SignalKind = 'code' | 'event' | 'phrase' | 'localized' | 'learned';

/** One piece of evidence that tied the paste to an entry. */
export interface MatchedSignal {
  kind: SignalKind;
  /** What matched, as written in the knowledge entry (for `learned`: the words that weighed most). */
  value: string;
  weight: number;
  /** The code or message also occurs in text that is no live-migration failure: it needs a migration context. */
  generic?: boolean;
}

export interface ExtractedNames {
  source?: string;
  destination?: string;
  vm?: string;
  /** Every host name seen, in order of appearance, deduplicated. */
  hosts: string[];
}

/** What the pure extractor found in a paste. */
export interface PasteSignals {
  /** Normalised codes: upper-case hex with 0x ("0x8009030E"). */
  codes: string[];
  /** Symbolic names found (SEC_E_NO_CREDENTIALS, WSAECONNREFUSED). */
  symbols: string[];
  eventIds: number[];
  names: ExtractedNames;
  /** Normalised text for phrase matching: lower case, straight quotes, collapsed whitespace. */
  text: string;
  /** True when the input was cut to the matcher's limit. */
  truncated: boolean;
  /** The paste held a URL (normalisation removes URLs from `text`). */
  hasLink: boolean;
}

export interface Candidate {
  entry: KnowledgeEntry;
  /** Ranking score: shared phrases and common chat words count less. */
  score: number;
  /** How sure we are that the paste is a known failure at all: phrases at full weight, before sharing discounts. */
  evidence: number;
  /** The learned model's probability for this entry (0 before the model was consulted). */
  learned: number;
  signals: MatchedSignal[];
}

export interface Diagnosis {
  /** The entry lm-doctor replies with, or undefined for silence. */
  entry?: KnowledgeEntry;
  confidence: number;
  /** Up to three other plausible entries, best first. */
  alternatives: Candidate[];
  /** The evidence for the chosen entry. */
  signals: MatchedSignal[];
  names: ExtractedNames;
  codes: string[];
  eventIds: number[];
  truncated: boolean;
  /** Why lm-doctor stayed silent, for --json and logs: the winning competitor or the missing evidence. */
  silenceReason?: string;
  /** The out-of-scope entry that explained the paste better than any live-migration class (a mention says so). */
  outOfScope?: KnowledgeEntry;
  /** Only Hyper-V's failure wrapper: a migration failed, and the paste does not say why (a mention asks for more). */
  causeUnknown?: boolean;
}
