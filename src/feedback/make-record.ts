/**
 * makeFeedbackRecord(input): the one way a click becomes a stored record. The paste is redacted (redactPaste), the
 * user id is hashed (sha256, first 16 hex characters: people can be counted, not named), and the id is derived from
 * the channel, the reply and the user, so the same person labelling the same reply twice, or two replicas handling
 * the same click, make the same id and the store keeps one record.
 */
import { createHash } from 'node:crypto';
import { redactPaste } from '../core/redact-paste';
import type { FeedbackRecord, FeedbackRecordInput } from '../support/feedback-record';

export type { FeedbackRecordInput };

const sha16 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** sha256 of the user id, first 16 hex characters. */
export function hashUser(user: string): string {
  return sha16(user);
}

export function feedbackId(channel: string, replyTs: string, user: string): string {
  return `fb-${sha16(`${channel}\n${replyTs}\n${user}`)}`;
}

export function makeFeedbackRecord(input: FeedbackRecordInput): FeedbackRecord {
  return {
    id: feedbackId(input.channel, input.replyTs, input.user),
    at: input.at,
    text: redactPaste(input.text).text,
    answered: input.answered,
    chosen: input.chosen,
    source: input.source,
    // Signals are codes, event IDs and the knowledge base's phrases; redacted all the same, in case one quotes a name.
    signals: input.signals.map((s) => ({ kind: s.kind, value: redactPaste(s.value).text })),
    version: input.version,
    channel: input.channel,
    userHash: hashUser(input.user),
  };
}
