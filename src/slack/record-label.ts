/**
 * A click that labels a reply → one FeedbackRecord in the configured store. The paste comes from the reply memory
 * (never from the click); the record maker (redaction, user hash, id) and the store are handed in by the
 * composition root, so the Slack app never knows whether a file or Redis is behind them.
 */
import type { FeedbackRecord, FeedbackRecordInput, FeedbackSource, FeedbackStore, MakeFeedbackRecord } from '../support/feedback-record';

export type { FeedbackRecordInput, MakeFeedbackRecord };
import type { Logger } from '../support/logger';
import type { Metrics } from '../support/metrics';
import type { ReplyMemory } from './reply-memory';

/** Labelled records: where they go, how they are made, and lm-doctor's version (package.json) for each. */
export interface LabelServices {
  store: FeedbackStore;
  makeRecord: MakeFeedbackRecord;
  version: string;
}

export interface LabelClick {
  channel: string;
  replyTs: string;
  user: string;
  /** "That fixed it" (chosen = answered), or a choice after "Not it" / under an unanswered mention. */
  kind: 'fixed' | 'choice';
  /** The entry chosen (a known id) or null for "not a live-migration failure"; ignored for `fixed`. */
  chosen?: string | null;
}

export interface LabelDeps {
  labels: LabelServices;
  memory: ReplyMemory;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
}

export type LabelOutcome = { stored: true; record: FeedbackRecord } | { stored: false; reason: 'reply_not_remembered' };

export async function recordLabel(click: LabelClick, d: LabelDeps): Promise<LabelOutcome> {
  const where = { channel: click.channel, replyTs: click.replyTs, kind: click.kind };
  const context = await d.memory.recall(click.channel, click.replyTs);
  if (!context) {
    d.logger.info({ event: 'lm_feedback_unrecorded', ...where, reason: 'reply_not_remembered' }, 'the reply is no longer remembered; no record stored');
    return { stored: false, reason: 'reply_not_remembered' };
  }
  const chosen = click.kind === 'fixed' ? context.answered : click.chosen ?? null;
  const source: FeedbackSource = click.kind === 'fixed' ? 'fixed' : context.source === 'mention_unanswered' ? 'mention_unanswered' : 'not_it';
  const record = await d.labels.makeRecord({
    text: context.text, answered: context.answered, chosen, source, signals: context.signals,
    channel: click.channel, user: click.user, replyTs: click.replyTs, at: new Date((d.now ?? Date.now)()).toISOString(), version: d.labels.version,
  });
  // The same person labelling the same answer again makes the same id: the store keeps the first, and it counts once.
  const added = await d.labels.store.add(record);
  if (added && click.kind === 'choice') d.metrics?.feedbackCorrections.inc({ answered: context.answered ?? 'none', chosen: chosen ?? 'none' });
  d.logger.info({ event: 'lm_feedback_recorded', ...where, id: record.id, source, answered: context.answered, chosen }, 'labelled feedback stored');
  return { stored: true, record };
}
