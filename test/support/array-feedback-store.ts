/**
 * A FeedbackStore over an array and a record maker without redaction, for Slack tests that need labelled records
 * but not the real stores (src/feedback/): the Slack app only sees the FeedbackStore interface.
 */
import { createHash } from 'node:crypto';
import type { FeedbackRecord, FeedbackStore } from '../../src/support/feedback-record';
import type { MakeFeedbackRecord } from '../../src/slack/record-label';

export function createArrayFeedbackStore(): FeedbackStore & { records: FeedbackRecord[] } {
  const records: FeedbackRecord[] = [];
  return {
    records,
    add: async (record) => { if (!records.some((r) => r.id === record.id)) records.push(record); },
    list: async (query = {}) => records.filter((r) => query.since === undefined || Date.parse(r.at) >= query.since),
    prune: async () => 0,
    close: async () => undefined,
  };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** The userHash makeTestRecord gives a user id. */
export const userHashOf = (user: string): string => hash(user);

export const makeTestRecord: MakeFeedbackRecord = (i) => ({
  id: `fb-${hash(`${i.channel}:${i.replyTs}:${i.user}`)}`, at: i.at, text: i.text, answered: i.answered, chosen: i.chosen,
  source: i.source, signals: i.signals, version: i.version, channel: i.channel, userHash: hash(i.user),
});
