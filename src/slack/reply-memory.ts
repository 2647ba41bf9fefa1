/**
 * What a labelled feedback record needs from the paste behind a reply (its text, what lm-doctor answered, the
 * signals), remembered by channel + reply ts when lm-doctor posts the reply and looked up when someone clicks. The
 * paste never travels in a button value (2,000 characters, and it would come back from the client).
 *
 * In-process and bounded: entries expire after `ttlMs`, and the oldest go first when `maxEntries` or `maxChars` is
 * reached. A click after a restart, on another replica, or after the window finds nothing and stores no record
 * (the click is still logged and counted).
 */

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
  remember(channel: string, replyTs: string, context: ReplyContext): void;
  recall(channel: string, replyTs: string): ReplyContext | undefined;
  readonly size: number;
}

export interface ReplyMemoryOptions {
  /** How long a reply can be labelled, in ms. Default 24 h. */
  ttlMs?: number;
  /** Replies remembered at most. Default 2,000. */
  maxEntries?: number;
  /** Paste characters held at most, over all replies (a paste is up to 64 KiB). Default 8,000,000. */
  maxChars?: number;
  now?: () => number;
}

export const REPLY_MEMORY_DEFAULTS = Object.freeze({ ttlMs: 24 * 3600_000, maxEntries: 2000, maxChars: 8_000_000 });

export function createReplyMemory(options: ReplyMemoryOptions = {}): ReplyMemory {
  const { ttlMs, maxEntries, maxChars } = { ...REPLY_MEMORY_DEFAULTS, ...options };
  const now = options.now ?? Date.now;
  // Insertion order is age order: the oldest entry is always first.
  const entries = new Map<string, { context: ReplyContext; expires: number }>();
  let chars = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    chars -= e.context.text.length;
    entries.delete(key);
  };
  const evict = () => {
    const t = now();
    for (const [key, e] of entries) {
      if (e.expires > t && entries.size <= maxEntries && chars <= maxChars) break;
      drop(key);
    }
  };
  return {
    remember(channel, replyTs, context) {
      const key = `${channel}:${replyTs}`;
      drop(key);
      if (context.text.length > maxChars) return;
      entries.set(key, { context, expires: now() + ttlMs });
      chars += context.text.length;
      evict();
    },
    recall(channel, replyTs) {
      const e = entries.get(`${channel}:${replyTs}`);
      return e && e.expires > now() ? e.context : undefined;
    },
    get size() { return entries.size; },
  };
}
