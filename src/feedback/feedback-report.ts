/**
 * `lm-doctor feedback report`: what the channel said about lm-doctor's answers, per entry. For each entry: how many
 * answers got feedback, how many were confirmed ("fixed": the person's label is the answer) and how many were
 * corrected ("not it": another entry or "not a live-migration failure"), the precision those imply
 * (fixed / (fixed + not it)), and how often people chose it. Then the top confusions (answered X, people chose Y)
 * and the pastes people labelled where lm-doctor said nothing. Pure.
 */
import type { FeedbackRecord } from '../support/feedback-record';

export interface EntryFeedback {
  entry: string;
  /** Answers with this entry that someone labelled. */
  answers: number;
  fixed: number;
  notIt: number;
  /** fixed / (fixed + notIt); null without feedback. */
  precision: number | null;
  /** Labels naming this entry (confirmations, corrections to it, labels of silent pastes). */
  chosen: number;
}

export interface Confusion { answered: string; chosen: string | null; count: number }
export interface SilentLabel { id: string; at: string; chosen: string; text: string }

export interface FeedbackReport {
  records: number;
  entries: EntryFeedback[];
  confusions: Confusion[];
  silent: SilentLabel[];
}

export const TOP_CONFUSIONS = 10;

export function buildFeedbackReport(records: readonly FeedbackRecord[]): FeedbackReport {
  const entries = new Map<string, EntryFeedback>();
  const entry = (id: string) => {
    let e = entries.get(id);
    if (!e) entries.set(id, e = { entry: id, answers: 0, fixed: 0, notIt: 0, precision: null, chosen: 0 });
    return e;
  };
  const confusions = new Map<string, Confusion>();
  const silent: SilentLabel[] = [];
  for (const r of records) {
    if (r.chosen !== null) entry(r.chosen).chosen++;
    if (r.answered === null) {
      if (r.chosen !== null) silent.push({ id: r.id, at: r.at, chosen: r.chosen, text: r.text });
      continue;
    }
    const e = entry(r.answered);
    e.answers++;
    if (r.chosen === r.answered) {
      e.fixed++;
      continue;
    }
    e.notIt++;
    const key = `${r.answered}\n${r.chosen ?? ''}`;
    const c = confusions.get(key) ?? { answered: r.answered, chosen: r.chosen, count: 0 };
    c.count++;
    confusions.set(key, c);
  }
  for (const e of entries.values()) e.precision = e.fixed + e.notIt > 0 ? e.fixed / (e.fixed + e.notIt) : null;
  return {
    records: records.length,
    entries: [...entries.values()].sort((a, b) => b.answers - a.answers || b.chosen - a.chosen || a.entry.localeCompare(b.entry)),
    confusions: [...confusions.values()]
      .sort((a, b) => b.count - a.count || a.answered.localeCompare(b.answered) || (a.chosen ?? '').localeCompare(b.chosen ?? ''))
      .slice(0, TOP_CONFUSIONS),
    silent: silent.sort((a, b) => a.at.localeCompare(b.at)),
  };
}

const NOT_LM = '(not a live-migration failure)';

export function renderFeedbackReport(report: FeedbackReport): string {
  if (report.records === 0) return 'No feedback recorded yet.\n';
  const rows = report.entries.map((e) => [e.entry, String(e.answers), String(e.fixed), String(e.notIt),
    e.precision === null ? '-' : `${Math.round(e.precision * 100)} %`, String(e.chosen)]);
  const header = ['entry', 'answers', 'fixed', 'not it', 'precision', 'chosen'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [`${report.records} feedback records`, '', line(header), ...rows.map(line)];
  if (report.confusions.length > 0) {
    out.push('', 'Top confusions (answered → people chose):');
    for (const c of report.confusions) out.push(`  ${c.count}× ${c.answered} → ${c.chosen ?? NOT_LM}`);
  }
  if (report.silent.length > 0) {
    out.push('', 'Labelled where lm-doctor was silent:');
    for (const s of report.silent) {
      const excerpt = s.text.replace(/\s+/g, ' ').trim();
      out.push(`  ${s.id} → ${s.chosen}: ${excerpt ? (excerpt.length > 100 ? `${excerpt.slice(0, 100)}…` : excerpt) : '(counts only, no text kept)'}`);
    }
  }
  return `${out.join('\n')}\n`;
}
