/** Feedback records for store and CLI tests: one builder, sensible defaults, every field overridable. */
import type { FeedbackRecord } from '../../src/support/feedback-record';

export const DAY_MS = 86_400_000;
export const NOW = Date.parse('2026-06-30T12:00:00Z');

export function record(patch: Partial<FeedbackRecord> & { id: string }): FeedbackRecord {
  return {
    at: new Date(NOW - DAY_MS).toISOString(),
    text: "Failed to establish a connection with host 'HOST1': No credentials are available in the security package (0x8009030E).",
    answered: 'credssp-double-hop',
    chosen: 'credssp-double-hop',
    source: 'fixed',
    signals: [{ kind: 'code', value: '0x8009030E' }],
    version: '1.0.0',
    channel: 'C1AAA',
    userHash: '0123456789abcdef',
    ...patch,
  };
}
