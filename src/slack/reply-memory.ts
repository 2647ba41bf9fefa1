/**
 * What a labelled feedback record needs from the paste behind a reply (its text, what lm-doctor answered, the
 * signals), remembered by channel + reply ts when lm-doctor posts the reply and looked up when someone clicks. The
 * paste never travels in a button value (2,000 characters, and it would come back from the client).
 *
 * In-process and bounded (createReplyMemory): entries expire after `ttlMs`, and the oldest go first when
 * `maxEntries` or `maxChars` is reached. With Redis the composition root hands in a shared memory instead
 * (redis/reply-context.ts), so a click on any replica, or after a restart, finds the reply. A click after the window
 * finds nothing and stores no record (the click is still logged and counted).
 */
import type { ReplyContext, ReplyMemory, ReplySource } from '../support/feedback-record';

export type { ReplyContext, ReplyMemory, ReplySource };


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

/** The in-process memory answers at once. */
export interface LocalReplyMemory extends ReplyMemory {
  remember(channel: string, replyTs: string, context: ReplyContext): void;
  recall(channel: string, replyTs: string): ReplyContext | undefined;
}

export function createReplyMemory(options: ReplyMemoryOptions = {}): LocalReplyMemory {
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
