/**
 * Checks for "no user text escapes into Slack markup": every text a message shows (fallback `text`, every `text`
 * field in its blocks) may hold `<…>` control sequences only where lm-doctor itself wrote them (knowledge links,
 * given as `allowed`), and every `&` must start one of the three escapes (https://docs.slack.dev/messaging/
 * formatting-message-text#escaping). Button `value`s and ids are not shown as mrkdwn and are not checked.
 */
import type { SlackMessage } from '../../src/slack/block-kit';

/** Hostile strings people (or attackers) paste: pings, a forged link, a channel link, entity-encoded forms. */
export const HOSTILE_MARKUP = [
  '<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<@W0BOSS|boss>', '<#C0SECRET|secret>', '<!subteam^S0ADMINS>',
  '<https://evil.example/login|Reset your password>', '<http://evil.example>', '<mailto:x@evil.example|mail>',
  '&lt;!channel&gt;', '&lt;@U0BOSS&gt;', '&lt;https://evil.example|bank&gt;', '&#60;!here&#62;', '&amp;lt;!here&amp;gt;',
  '<<!channel>>', '<!date^1392734382^{date}|x>', '<', '>', '&', '*bold*', '`code`', '```', '|',
];

/** Every string Slack renders from this message. */
export function shownTexts(message: Pick<SlackMessage, 'text' | 'blocks'>): string[] {
  const out = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') out.push(value);
      else if (key !== 'value') walk(value);
    }
  };
  walk(message.blocks);
  return out;
}

/** The `<…>` sequences in a text. */
export function controlSequences(text: string): string[] {
  return text.match(/<[^<>]*>/g) ?? [];
}

/** The control sequences a message carries (for building the `allowed` set from a benign rendering). */
export function controlSequencesOf(message: Pick<SlackMessage, 'text' | 'blocks'>): Set<string> {
  return new Set(shownTexts(message).flatMap(controlSequences));
}

/**
 * The problems in a message: markup not in `allowed`, stray `<`/`>`, or an `&` that is not an escape. Returns []
 * for a clean message, so a failing property prints what leaked.
 */
export function markupProblems(message: Pick<SlackMessage, 'text' | 'blocks'>, allowed: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const text of shownTexts(message)) {
    let rest = text;
    for (const seq of controlSequences(text)) {
      if (allowed.has(seq)) rest = rest.split(seq).join(' ');
      else problems.push(`markup ${JSON.stringify(seq.slice(0, 80))}`);
    }
    if (/[<>]/.test(rest)) problems.push(`stray angle bracket in ${JSON.stringify(rest.slice(Math.max(0, rest.search(/[<>]/) - 30)).slice(0, 80))}`);
    const amp = /&(?!(?:amp|lt|gt);)/.exec(rest);
    if (amp) problems.push(`unescaped & in ${JSON.stringify(rest.slice(Math.max(0, amp.index - 30)).slice(0, 80))}`);
  }
  return problems;
}
