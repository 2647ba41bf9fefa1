/**
 * The choice offered after "Not it" and under an unanswered mention: the alternatives (each with "This was it" and
 * "Show this fix"), "Another cause…" (a static_select over every live-migration entry's title) and "Not a
 * live-migration failure". Each choice carries the reply it labels (its ts) and the entry chosen, never the paste.
 * Limits: https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (100 options or 100 groups
 * per static_select, 75 characters per option text and group label, 150 per option value).
 */
import type { KnowledgeEntry } from '../core/types';
import { fillPlaceholders } from '../core/fill-placeholders';
import { escapeSlackText, truncateText } from './escape-slack-text';
import { LIMITS, actions, markdownToMrkdwn, section, type SlackBlock, type SlackMessage } from './block-kit';
import { ACTION_SHOW_ENTRY } from './render-diagnosis-blocks';
import { ENTRY_ID, REPLY_REF, encodeFeedbackRef, type FeedbackRef } from './feedback-ref';
import { MESSAGES as M } from './messages';

/** A button that labels the reply with one entry, or with "not a live-migration failure" (chosen null). */
export const ACTION_CHOOSE = 'lm_feedback_choose';
/** The "Another cause…" select. */
export const ACTION_CHOOSE_OTHER = 'lm_feedback_choose_other';

export const SELECT_LIMITS = Object.freeze({ options: 100, groups: 100, optionText: 75, optionValue: 150 });

/** What a choice carries back: the reply it labels and the entry chosen (null: not a live-migration failure). */
export interface Choice {
  replyTs: string;
  chosen: string | null;
}

export function encodeChoice(choice: Choice): string {
  return JSON.stringify({ r: choice.replyTs, c: choice.chosen });
}

/** Undefined for anything this app did not write. */
export function decodeChoice(value: string | undefined): Choice | undefined {
  if (!value || value.length > LIMITS.buttonValue) return undefined;
  let raw: unknown;
  try { raw = JSON.parse(value); } catch { return undefined; }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { r, c } = raw as Record<string, unknown>;
  if (typeof r !== 'string' || !REPLY_REF.test(r)) return undefined;
  if (c !== null && (typeof c !== 'string' || !ENTRY_ID.test(c))) return undefined;
  return { replyTs: r, chosen: c };
}

export interface ChoiceOptions {
  intro: string;
  /** The reply being labelled. */
  replyTs: string;
  /** Offered first, each with its own buttons (at most 5). */
  alternatives: readonly KnowledgeEntry[];
  /** Every entry; the live-migration ones go in "Another cause…". */
  entries: readonly KnowledgeEntry[];
  /** For "Show this fix" on an alternative: the names and thread of the reply. Without it that button is left out. */
  ref?: FeedbackRef;
}

export function renderChoiceBlocks(o: ChoiceOptions): SlackMessage {
  const blocks: SlackBlock[] = [section(o.intro)];
  const shown = o.alternatives.slice(0, 5);
  for (const entry of shown) {
    const firstSentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(entry.cause)?.[0] ?? entry.cause;
    const names = { ...(o.ref?.names ?? {}), hosts: [] };
    blocks.push(section(`${M.alternativeLine(escapeSlackText(entry.title), entry.id)}\n${markdownToMrkdwn(fillPlaceholders(firstSentence, names))}`));
    blocks.push(actions(`lm_choice_${entry.id}`.slice(0, 255), [
      { text: M.buttonThisWasIt, actionId: ACTION_CHOOSE, value: encodeChoice({ replyTs: o.replyTs, chosen: entry.id }), style: 'primary' },
      ...(o.ref ? [{ text: M.buttonShowEntry, actionId: ACTION_SHOW_ENTRY, value: encodeFeedbackRef({ ...o.ref, entry: entry.id, alternatives: [] }) }] : []),
    ]));
  }
  const notLm = actions('lm_choice_more', [{ text: M.buttonNotLiveMigration, actionId: ACTION_CHOOSE, value: encodeChoice({ replyTs: o.replyTs, chosen: null }) }]);
  blocks.push({ ...notLm, elements: [anotherCauseSelect(o.entries, o.replyTs), ...(notLm as { elements: unknown[] }).elements] } as SlackBlock);
  const text = [o.intro, ...shown.map((e) => `• ${escapeSlackText(e.title)}`)].join('\n');
  return { text: text.slice(0, LIMITS.fallbackText), blocks };
}

/** "Another cause…": every live-migration entry, by title; in groups (by the id's first word) beyond 100. */
export function anotherCauseSelect(entries: readonly KnowledgeEntry[], replyTs: string): Record<string, unknown> {
  const live = entries.filter((e) => !e.outOfScope).slice().sort((a, b) => a.title.localeCompare(b.title));
  const option = (e: KnowledgeEntry) => ({
    text: { type: 'plain_text', text: truncateText(e.title, SELECT_LIMITS.optionText), emoji: true },
    value: encodeChoice({ replyTs, chosen: e.id }),
  });
  const select: Record<string, unknown> = {
    type: 'static_select', action_id: ACTION_CHOOSE_OTHER,
    placeholder: { type: 'plain_text', text: M.anotherCause, emoji: true },
  };
  if (live.length <= SELECT_LIMITS.options) return { ...select, options: live.map(option) };
  return { ...select, option_groups: groupEntries(live).map(([label, group]) => ({ label: { type: 'plain_text', text: label }, options: group.map(option) })) };
}

/**
 * Entries grouped by the first word of their id (`kcd-…`, `cluster-…`), each group cut into runs of at most 100;
 * at most 100 groups (entries beyond that are not offered).
 */
export function groupEntries(entries: readonly KnowledgeEntry[]): [string, KnowledgeEntry[]][] {
  const byPrefix = new Map<string, KnowledgeEntry[]>();
  for (const e of entries) {
    const prefix = e.id.split('-')[0];
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), e]);
  }
  const groups: [string, KnowledgeEntry[]][] = [];
  for (const [prefix, list] of [...byPrefix].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < list.length; i += SELECT_LIMITS.options) {
      const part = list.length > SELECT_LIMITS.options ? ` (${i / SELECT_LIMITS.options + 1})` : '';
      groups.push([truncateText(`${prefix}${part}`, SELECT_LIMITS.optionText), list.slice(i, i + SELECT_LIMITS.options)]);
    }
  }
  return groups.slice(0, SELECT_LIMITS.groups);
}
