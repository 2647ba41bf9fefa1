/**
 * Diagnosis → Block Kit reply: title, confidence, the error line read from a screenshot (when there was one), cause,
 * numbered fix steps with PowerShell filled in with the names from the paste, verify, the AD check (or a pointer to
 * /lm-check), matched signals, sources and the feedback buttons. Each part has its own option and place here, so
 * callers never splice blocks into the result. Everything stays within Slack's limits; whatever came from the paste
 * is escaped.
 */
import type { Diagnosis, KnowledgeEntry } from '../core/types';
import { fillPlaceholders } from '../core/fill-placeholders';
import { escapeSlackText } from './escape-slack-text';
import {
  LIMITS, actions, context, type ButtonSpec, header, markdownToMrkdwn, section, splitMrkdwn, type SlackBlock, type SlackMessage,
} from './block-kit';
import { encodeFeedbackRef, type FeedbackRef } from './feedback-ref';
import { MESSAGES as M } from './messages';
import type { AdCheckOutcome } from './check-paste-pair';
import { renderAdOutcome } from './render-ad-outcome';

export const ACTION_FIXED = 'lm_feedback_fixed';
export const ACTION_NOT_IT = 'lm_feedback_not_it';
export const ACTION_OTHERS = 'lm_show_other_matches';
export const ACTION_SHOW_ENTRY = 'lm_show_entry';

export interface DiagnosisReplyOptions {
  /** Result of the automatic AD check, or a pointer to /lm-check; omitted for entries without adCheck. */
  adCheck?: AdCheckOutcome;
  /** The error line read from a screenshot (OCR), shown under the summary line so people can check it. */
  imageLine?: string;
  /** Base URL of the knowledge files, for "full entry" links. */
  knowledgeUrl?: string;
  /** Set when a person picked this entry from the alternatives (no confidence then). */
  requestedBy?: string;
  /** Leave out the feedback buttons (e.g. an entry shown on request). */
  buttons?: boolean;
  /** thread_ts the reply goes to; carried by the buttons. */
  threadTs?: string;
  /** The reply's key in the reply memory if it gets no ts (an answer only its person sees); carried by the buttons. */
  replyKey?: string;
}

/**
 * Blocks kept for everything but cause and steps: header, context, image line, verify, AD (2), matched, sources,
 * note, actions.
 */
const RESERVED_BLOCKS = 10;

export function renderDiagnosisBlocks(d: Diagnosis & { entry: KnowledgeEntry }, options: DiagnosisReplyOptions = {}): SlackMessage {
  const e = d.entry;
  // A destructive step's warning (knowledge/destructive-commands.yml) stands out above its command.
  const fill = (md: string) => markdownToMrkdwn(fillPlaceholders(md, d.names)).replace(/\*Warning:\*/g, `:warning: *${M.warningLabel}*`);
  const blocks: SlackBlock[] = [header(e.title), context(...summaryLine(d, options))];
  if (options.imageLine) blocks.push(context(M.readFromImage(escapeSlackText(options.imageLine.replace(/`/g, "'")))));
  const body: SlackBlock[] = [];
  splitMrkdwn(`*${M.causeHeading}*\n${fill(e.cause)}`).forEach((t) => body.push(section(t)));
  let shownSteps = 0;
  for (const [i, step] of e.fix.entries()) {
    const chunks = splitMrkdwn(`${i === 0 ? `*${M.fixHeading}*\n` : ''}*${i + 1}.* ${fill(step)}`);
    if (body.length + chunks.length > LIMITS.blocks - RESERVED_BLOCKS) break;
    chunks.forEach((t) => body.push(section(t)));
    shownSteps++;
  }
  blocks.push(...body);
  const trimmed = shownSteps < e.fix.length;
  blocks.push(section(`*${M.verifyHeading}*\n${fill(e.verify)}`));
  if (options.adCheck) blocks.push(...renderAdOutcome(options.adCheck).slice(0, 2));
  const matched = d.signals.map((s) => `\`${escapeSlackText(s.value)}\``).join(', ');
  if (matched) blocks.push(context(`${M.matchedHeading}: ${matched}`));
  blocks.push(context(`${M.sourcesHeading}: ${e.sources.map((u, i) => `<${escapeSlackText(u)}|[${i + 1}]>`).join(' ')}`));
  if (trimmed || blocks.some(isCut)) {
    blocks.push(context([trimmed ? M.stepsTrimmed(e.fix.length - shownSteps) : M.textTrimmed, fullEntry(e.id, options.knowledgeUrl)].join(' ')));
  }
  if (options.buttons !== false) blocks.push(feedbackButtons(d, options.threadTs, options.replyKey));
  return { text: M.replyFallback(escapeSlackText(e.title), confidenceText(d, options)), blocks: blocks.slice(0, LIMITS.blocks) };
}

function summaryLine(d: Diagnosis & { entry: KnowledgeEntry }, options: DiagnosisReplyOptions): string[] {
  const who = options.requestedBy ? M.chosenByUser(escapeSlackText(options.requestedBy)) : M.confidence(Math.round(d.confidence * 100));
  const names = [
    d.names.source && `source \`${escapeSlackText(d.names.source)}\``,
    d.names.destination && `destination \`${escapeSlackText(d.names.destination)}\``,
    d.names.vm && `VM \`${escapeSlackText(d.names.vm)}\``,
  ].filter((x): x is string => typeof x === 'string');
  return [
    `${who} · \`${d.entry.id}\``,
    names.length ? `${M.foundInPaste}: ${names.join(', ')}` : '',
    d.truncated ? M.truncatedPaste : '',
  ];
}

function confidenceText(d: Diagnosis, options: DiagnosisReplyOptions): string {
  return options.requestedBy ? 'chosen' : `${Math.round(d.confidence * 100)}%`;
}

function fullEntry(id: string, knowledgeUrl?: string): string {
  return knowledgeUrl ? M.fullEntryLink(escapeSlackText(`${knowledgeUrl}${id}.md`), id) : M.fullEntryLocal(id);
}

function isCut(block: SlackBlock): boolean {
  return block.type === 'section' && (block.text?.text.endsWith('…') ?? false) && (block.text?.text.length ?? 0) >= LIMITS.sectionText;
}

export function feedbackRefOf(d: Diagnosis & { entry: KnowledgeEntry }, threadTs?: string, key?: string): FeedbackRef {
  return {
    entry: d.entry.id, alternatives: d.alternatives.map((a) => a.entry.id), names: d.names,
    ...(threadTs ? { thread: threadTs } : {}), ...(key ? { key } : {}),
  };
}

function feedbackButtons(d: Diagnosis & { entry: KnowledgeEntry }, threadTs?: string, key?: string): SlackBlock {
  const value = encodeFeedbackRef(feedbackRefOf(d, threadTs, key));
  const buttons: ButtonSpec[] = [
    { text: M.buttonFixed, actionId: ACTION_FIXED, value, style: 'primary' as const },
    { text: M.buttonNotIt, actionId: ACTION_NOT_IT, value },
  ];
  if (d.alternatives.length > 0) buttons.push({ text: M.buttonOthers, actionId: ACTION_OTHERS, value });
  return actions('lm_feedback', buttons);
}

/** The alternatives offered after "Not it" / "Show other matches", each with a button that shows its fix. */
export function renderAlternativesBlocks(intro: string, entries: readonly KnowledgeEntry[], ref: FeedbackRef): SlackMessage {
  const blocks: SlackBlock[] = [section(intro)];
  for (const entry of entries.slice(0, 5)) {
    const firstSentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(entry.cause)?.[0] ?? entry.cause;
    blocks.push(section(`${M.alternativeLine(escapeSlackText(entry.title), entry.id)}\n${markdownToMrkdwn(fillPlaceholders(firstSentence, { ...ref.names, hosts: [] }))}`));
    blocks.push(actions(`lm_alt_${entry.id}`.slice(0, 255), [{
      text: M.buttonShowEntry, actionId: ACTION_SHOW_ENTRY,
      value: encodeFeedbackRef({ ...ref, entry: entry.id, alternatives: [] }),
    }]));
  }
  const text = [intro, ...entries.slice(0, 5).map((e) => `• ${escapeSlackText(e.title)}`)].join('\n');
  return { text: text.slice(0, LIMITS.fallbackText), blocks };
}
