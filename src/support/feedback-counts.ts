/**
 * LM_FEEDBACK_STORE=counts: what a store keeps of a record when it may keep only counts. The labels stay (id, time,
 * answered, chosen, source, version), so `feedback report` and the App Home can count answers, "fixed", "not it" and
 * confusions per entry; the paste, its signals, the channel and the user hash are dropped before anything is written.
 */
import type { FeedbackRecord } from './feedback-record';

export function keepCountsOnly(record: FeedbackRecord): FeedbackRecord {
  return { ...record, text: '', signals: [], channel: '', userHash: '' };
}

/** A record stored in `counts` mode: it has no text, so `feedback export` skips it. */
export function isCountsOnly(record: FeedbackRecord): boolean {
  return record.text === '';
}

/** The oldest time (ms since the epoch) a record may have and still be kept. */
export function retentionCutoff(retentionDays: number, now: number): number {
  return now - retentionDays * 86_400_000;
}

/** A stored line read back: a FeedbackRecord, or undefined for anything else (a torn last line, a foreign object). */
export function parseFeedbackRecord(json: string): FeedbackRecord | undefined {
  let v: unknown;
  try { v = JSON.parse(json); } catch { return undefined; }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const entry = (x: unknown) => x === null || typeof x === 'string';
  if (typeof r.id !== 'string' || typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)) || typeof r.text !== 'string') return undefined;
  if (!entry(r.answered) || !entry(r.chosen) || typeof r.source !== 'string' || !Array.isArray(r.signals)) return undefined;
  return v as FeedbackRecord;
}
