/**
 * The App Home tab: how to use lm-doctor, the failure classes it knows (grouped by the first word of their id, each
 * linked to its entry when LM_KNOWLEDGE_URL is set), and the workspace's feedback of the last 30 days. Pure; within
 * the Home tab's limits (100 blocks; https://docs.slack.dev/surfaces/app-home).
 */
import type { KnowledgeEntry } from '../core/types';
import type { FeedbackRecord } from '../support/feedback-record';
import { escapeSlackText } from './escape-slack-text';
import { LIMITS, context, divider, header, section, splitMrkdwn, type SlackBlock } from './block-kit';
import { HOME as H } from './messages';

/** Feedback figures for a period. */
export interface FeedbackSummary {
  days: number;
  /** Every answer posted in the period, rated or not (stores that count answers: SQLite, Redis). */
  answers?: number;
  /** Answers someone rated ("That fixed it" or a choice after "Not it"). */
  rated: number;
  fixed: number;
  notIt: number;
  /** Mentions lm-doctor found nothing for, labelled by the person who asked. */
  unansweredLabelled: number;
  /** The entries answered most, or without answer counts the causes people confirmed or chose (entry id, count). */
  topCauses: [string, number][];
}

/**
 * The App Home's figures. With `answers` (every answer posted, per entry, from the store) the most frequent causes
 * are the entries answered most; without it, the causes people chose in their labels.
 */
export function summarizeFeedback(records: readonly FeedbackRecord[], days: number, answers?: ReadonlyMap<string, number>, top = 5): FeedbackSummary {
  const causes = new Map<string, number>(answers ?? []);
  if (!answers) for (const r of records) if (r.chosen) causes.set(r.chosen, (causes.get(r.chosen) ?? 0) + 1);
  return {
    days,
    ...(answers ? { answers: [...answers.values()].reduce((a, b) => a + b, 0) } : {}),
    rated: records.filter((r) => r.answered !== null).length,
    fixed: records.filter((r) => r.source === 'fixed').length,
    notIt: records.filter((r) => r.source === 'not_it').length,
    unansweredLabelled: records.filter((r) => r.source === 'mention_unanswered').length,
    topCauses: [...causes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top),
  };
}

export interface HomeOptions {
  entries: readonly KnowledgeEntry[];
  knowledgeUrl?: string;
  /** Undefined: labelled feedback is not stored; `'unavailable'`: the store did not answer. */
  feedback?: FeedbackSummary | 'unavailable';
}

export function renderHomeView(o: HomeOptions): { type: 'home'; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [header(H.title), section(H.howTo), divider()];
  const feedback = o.feedback;
  const tail: SlackBlock[] = [divider(), header(H.feedbackHeading(feedback && feedback !== 'unavailable' ? feedback.days : 30))];
  if (feedback === undefined) tail.push(section(H.feedbackNotStored));
  else if (feedback === 'unavailable') tail.push(section(H.feedbackUnavailable));
  else tail.push(...feedbackBlocks(feedback, o.entries));
  const live = o.entries.filter((e) => !e.outOfScope);
  blocks.push(header(H.classesHeading(live.length)));
  const room = LIMITS.homeBlocks - blocks.length - tail.length;
  const classes: SlackBlock[] = [];
  for (const [label, group] of groupByPrefix(live)) {
    const lines = group.map((e) => `• ${entryLink(e, o.knowledgeUrl)}`).join('\n');
    classes.push(...splitMrkdwn(`*${escapeSlackText(label)}*\n${lines}`).map((t) => section(t)));
  }
  if (classes.length > room) {
    blocks.push(...classes.slice(0, room - 1), context(H.classesCut));
  } else {
    blocks.push(...classes);
  }
  if (!o.knowledgeUrl) blocks.push(context(H.noKnowledgeUrl));
  return { type: 'home', blocks: [...blocks, ...tail].slice(0, LIMITS.homeBlocks) };
}

function feedbackBlocks(f: FeedbackSummary, entries: readonly KnowledgeEntry[]): SlackBlock[] {
  const title = (id: string) => escapeSlackText(entries.find((e) => e.id === id)?.title ?? id);
  const out = [section(H.feedbackFigures(f.answers, f.rated, f.fixed, f.notIt, f.unansweredLabelled))];
  if (f.topCauses.length > 0) out.push(section(`*${H.topCauses}*\n${f.topCauses.map(([id, n]) => `• ${title(id)} \`${id}\`: ${n}`).join('\n')}`));
  return out;
}

function entryLink(e: KnowledgeEntry, knowledgeUrl?: string): string {
  const title = escapeSlackText(e.title);
  return knowledgeUrl ? `<${escapeSlackText(`${knowledgeUrl}${e.id}.md`)}|${title}>` : `${title} \`${e.id}\``;
}

/** Groups by the first word of the id (`cluster-…`, `kcd-…`); words with one entry only go together under "Other". */
export function groupByPrefix(entries: readonly KnowledgeEntry[]): [string, KnowledgeEntry[]][] {
  const byPrefix = new Map<string, KnowledgeEntry[]>();
  for (const e of [...entries].sort((a, b) => a.id.localeCompare(b.id))) {
    const prefix = e.id.split('-')[0];
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), e]);
  }
  const groups: [string, KnowledgeEntry[]][] = [];
  const other: KnowledgeEntry[] = [];
  for (const [prefix, list] of byPrefix) {
    if (list.length > 1) groups.push([H.groupLabel(prefix), list]);
    else other.push(...list);
  }
  groups.sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  if (other.length > 0) groups.push([H.otherGroup, other]);
  return groups;
}
