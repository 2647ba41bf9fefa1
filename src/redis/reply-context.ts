/**
 * The reply memory shared by replicas: what a labelled record needs from the paste behind a reply, kept in Redis for
 * the labelling window (`SET … EX`), so a click that reaches another replica, or comes after a restart, still finds
 * it. The paste is redacted before it is stored (the composition root hands in the redaction), so Redis never holds
 * names. While Redis is unavailable, the in-process memory answers alone (as the dedupe does).
 */
import type { RedisLink } from './redis-link';
import type { ReplyContext, ReplyMemory } from '../support/feedback-record';

export interface RedisReplyMemoryOptions {
  /** How long a reply can be labelled, in seconds. Default 24 h. */
  ttlSeconds?: number;
  /** Applied to the paste before it leaves the process. */
  redact(text: string): string;
  /** Answers when Redis does not. */
  local: ReplyMemory;
}

const key = (channel: string, replyTs: string) => `reply:${channel}:${replyTs}`;

export function createRedisReplyMemory(link: RedisLink, o: RedisReplyMemoryOptions): ReplyMemory {
  const ttl = o.ttlSeconds ?? 24 * 3600;
  return {
    async remember(channel, replyTs, context) {
      const stored: ReplyContext = { ...context, text: o.redact(context.text) };
      await o.local.remember(channel, replyTs, stored);
      await link.run('reply_memory', (r) => r.set(key(channel, replyTs), JSON.stringify(stored), 'EX', ttl));
    },
    async recall(channel, replyTs) {
      const raw = await link.run('reply_memory', (r) => r.get(key(channel, replyTs)));
      if (typeof raw === 'string') {
        try {
          return JSON.parse(raw) as ReplyContext;
        } catch {
          return undefined;
        }
      }
      return o.local.recall(channel, replyTs);
    },
    get size() { return o.local.size; },
  };
}
