/**
 * A labelled record from the channel: what lm-doctor answered for a (redacted) paste, and what a person said the
 * answer should have been. These records are what `lm-doctor feedback export` turns into evaluation lines and
 * `feedback report` into per-entry figures. Stores (file, Redis) implement FeedbackStore.
 */

/** How the record came about: a button on a reply, a choice after "Not it", or an unanswered mention. */
export type FeedbackSource = 'fixed' | 'not_it' | 'mention_unanswered';

export interface FeedbackRecord {
  /** Unique and stable (it is the evaluation line's id): `fb-` + a hash of the channel, reply and user. */
  id: string;
  /** When the person chose, ISO 8601. */
  at: string;
  /** The paste with host, VM, domain and user names, IPs, GUIDs, e-mail addresses and UNC paths replaced. */
  text: string;
  /** The entry lm-doctor answered with; null when it was silent. */
  answered: string | null;
  /** The entry the person chose; null for "not a live-migration failure". */
  chosen: string | null;
  source: FeedbackSource;
  /** The signals that decided the answer (kind and value), and lm-doctor's version. */
  signals: { kind: string; value: string }[];
  version: string;
  channel: string;
  /** sha256 of the user id (hex, first 16 characters): counts people without naming them. */
  userHash: string;
}

export interface FeedbackQuery {
  /** Only records at or after this time (ms since the epoch). */
  since?: number;
}

/** Which answer counts: those on or after this time (ms since the epoch), by day. */
export interface AnswerCountQuery {
  since?: number;
}

export interface FeedbackStore {
  /** Stores a record once: a second record with the same id is ignored (two replicas, one click). True when new. */
  add(record: FeedbackRecord): Promise<boolean>;
  list(query?: FeedbackQuery): Promise<FeedbackRecord[]>;
  /**
   * Counts one answer lm-doctor posted for `entry` at `at` (ISO 8601), rated or not: no text, only the day and the
   * entry. Stores that keep no counts leave it out (the App Home then counts the rated answers).
   */
  countAnswer?(entry: string, at: string): Promise<void>;
  /** Answers posted per entry since the query's time, within the retention. */
  answerCounts?(query?: AnswerCountQuery): Promise<Map<string, number>>;
  /** Drops records older than the retention. */
  prune(now?: number): Promise<number>;
  close(): Promise<void>;
}

/** What makes a record (src/feedback/make-record.ts): it redacts `text`, hashes `user`, derives the id. */
export interface FeedbackRecordInput {
  /** The paste as it was answered (redacted by the maker). */
  text: string;
  answered: string | null;
  chosen: string | null;
  source: FeedbackSource;
  signals: { kind: string; value: string }[];
  channel: string;
  /** The Slack user id (hashed by the maker, never stored). */
  user: string;
  /** The ts of lm-doctor's reply (or of the unanswered mention). */
  replyTs: string;
  /** ISO 8601. */
  at: string;
  version: string;
}

export type MakeFeedbackRecord = (input: FeedbackRecordInput) => FeedbackRecord | Promise<FeedbackRecord>;

/** What a record needs from the paste behind a reply, remembered when the reply is posted (slack/reply-memory.ts). */
/** Why a reply was posted: an answer, or the "I found nothing" answer to a mention. */
export type ReplySource = 'answer' | 'mention_unanswered';

export interface ReplyContext {
  /** The paste as lm-doctor read it (typed text, snippets and OCR text); redacted only when a record is made. */
  text: string;
  /** The entry lm-doctor answered with; null when it found nothing. */
  answered: string | null;
  signals: { kind: string; value: string }[];
  source: ReplySource;
}

export interface ReplyMemory {
  remember(channel: string, replyTs: string, context: ReplyContext): void | Promise<void>;
  recall(channel: string, replyTs: string): ReplyContext | undefined | Promise<ReplyContext | undefined>;
  /** Replies held in this process (a shared memory holds them elsewhere). */
  readonly size: number;
}
