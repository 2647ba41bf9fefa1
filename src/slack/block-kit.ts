/**
 * Small Block Kit builders that enforce Slack's limits (https://docs.slack.dev/reference/block-kit/blocks):
 * 50 blocks per message (100 in a Home tab), 3000 characters per section text, 150 per header, 10 context elements, 2000 per button
 * value. Every renderer builds blocks through these, so no renderer can exceed a limit by accident.
 */
import type { types } from '@slack/bolt';
import { escapeSlackText, truncateText } from './escape-slack-text';

export type SlackBlock = types.KnownBlock;

/** What a renderer hands to chat.postMessage / respond(): a fallback `text` for notifications plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const LIMITS = Object.freeze({
  blocks: 50,
  /** A Home tab view (views.publish) holds up to 100 blocks. */
  homeBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  /** Slack truncates a message's top-level `text` at 40,000 characters; a notification needs far less. */
  fallbackText: 3000,
});

export function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateText(text, LIMITS.headerText), emoji: true } };
}

/** A mrkdwn section; `mrkdwn` must already be escaped. Cut to the limit as a last resort. */
export function section(mrkdwn: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateText(mrkdwn, LIMITS.sectionText) } };
}

/** A context block of mrkdwn elements (already escaped); at most 10 elements. */
export function context(...mrkdwn: string[]): SlackBlock {
  const elements = mrkdwn.filter((t) => t.length > 0).slice(0, LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn' as const, text: truncateText(t, LIMITS.sectionText) }));
  return { type: 'context', elements };
}

export function divider(): SlackBlock {
  return { type: 'divider' };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
}

export function actions(blockId: string, buttons: ButtonSpec[]): SlackBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: buttons.map((b) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: truncateText(b.text, LIMITS.buttonText), emoji: true },
      action_id: b.actionId,
      value: b.value.slice(0, LIMITS.buttonValue),
      ...(b.style ? { style: b.style } : {}),
    })),
  };
}

/**
 * Knowledge-base Markdown → Slack mrkdwn. Escapes first (the text may hold `<source-host>` placeholders or `&`),
 * then maps `**bold**` to `*bold*`, `[text](https://…)` to `<https://…|text>`, and fenced blocks (which Slack shows
 * with their language tag as a first line) to bare ``` fences without indentation.
 */
export function markdownToMrkdwn(markdown: string): string {
  return escapeSlackText(unwrapParagraphs(markdown))
    .replace(/^[ \t]*```[\w-]*[ \t]*$/gm, '```')
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,1000})\)/g, '<$2|$1>');
}

/** A line that starts a block of its own: a list item, heading, quote, table row, warning or code fence. */
const BLOCK_START = /^\s*(?:[-*+]\s|\d+\.\s|#|>|\||\*\*Warning:\*\*|```)/;

/**
 * Joins the hard-wrapped lines of each prose paragraph (the knowledge files wrap at 120 columns; Slack wraps by
 * itself), leaving code blocks, list items, headings, tables and warnings on their own lines.
 */
export function unwrapParagraphs(markdown: string): string {
  return markdown.split(/(```[\s\S]*?```)/g).map((part, i) => (i % 2 === 1 ? part : part.split('\n').reduce((out, line, k, lines) => {
    const previous = lines[k - 1];
    const join = k > 0 && line.trim() !== '' && previous !== undefined && previous.trim() !== ''
      && !BLOCK_START.test(line) && !/^\s*```/.test(previous) && !/ {2}$/.test(previous);
    return join ? `${out} ${line.trim()}` : k === 0 ? line : `${out}\n${line}`;
  }, ''))).join('');
}

/**
 * Splits mrkdwn into chunks of at most `max` characters, at code-block and line boundaries; a code block that is
 * too long alone is split into several fenced blocks. Each chunk becomes one section.
 */
export function splitMrkdwn(mrkdwn: string, max: number = LIMITS.sectionText): string[] {
  if (mrkdwn.length <= max) return [mrkdwn];
  const pieces: string[] = [];
  for (const part of mrkdwn.split(/(```[\s\S]*?```)/g)) {
    if (part.trim() === '') continue;
    const code = part.startsWith('```') && part.endsWith('```') && part.length >= 6;
    if (code) pieces.push(...splitCode(part.slice(3, -3).replace(/^\n|\n$/g, ''), max - 8).map((b) => `\`\`\`\n${b}\n\`\`\``));
    else pieces.push(...splitLines(part.replace(/^\n+|\n+$/g, ''), max));
  }
  const chunks: string[] = [];
  for (const piece of pieces) {
    const last = chunks.length - 1;
    if (last >= 0 && chunks[last].length + 1 + piece.length <= max) chunks[last] = `${chunks[last]}\n${piece}`;
    else chunks.push(piece);
  }
  return chunks;
}

/**
 * Packs the lines of a code block into runs of at most `max` characters, breaking only between statements: where no
 * bracket, brace or parenthesis is open and the line does not continue (`|`, backtick). A statement longer than `max`
 * alone is split by lines as a last resort.
 */
function splitCode(code: string, max: number): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let depth = 0;
  for (const line of code.split('\n')) {
    current.push(line);
    depth += bracketBalance(line);
    if (depth <= 0 && !/[|`]\s*$/.test(line)) {
      statements.push(current.join('\n'));
      current = [];
      depth = 0;
    }
  }
  if (current.length) statements.push(current.join('\n'));
  const out: string[] = [];
  for (const statement of statements) {
    const last = out.length - 1;
    if (statement.length > max) out.push(...splitLines(statement, max));
    else if (last >= 0 && out[last].length + 1 + statement.length <= max) out[last] = `${out[last]}\n${statement}`;
    else out.push(statement);
  }
  return out;
}

/** Opening minus closing brackets on a line, outside quoted strings and comments. */
function bracketBalance(line: string): number {
  let balance = 0;
  let quote = '';
  for (const c of line) {
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#') break;
    else if ('([{'.includes(c)) balance++;
    else if (')]}'.includes(c)) balance--;
  }
  return balance;
}

/** Packs lines into runs of at most `max` characters; a single over-long line is cut hard. */
function splitLines(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (let rest = line; ;) {
      const piece = rest.slice(0, max);
      rest = rest.slice(max);
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= max) current = `${current}\n${piece}`;
      else { out.push(current); current = piece; }
      if (rest.length === 0) break;
    }
  }
  if (current !== '') out.push(current);
  return out;
}
