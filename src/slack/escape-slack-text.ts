/**
 * Escaping for Slack text objects. Slack treats `<…>` as control sequences (`<!channel>`, `<@U123>`,
 * `<https://evil|bank>`) and `&` as the start of an entity, so any text that did not come from us is escaped before
 * it joins mrkdwn: https://docs.slack.dev/messaging/formatting-message-text#escaping
 */

/** Escapes `&`, `<` and `>` so the text can never ping anyone or forge a link. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters (counting the ellipsis), never inside an `&…;` entity. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';') && amp >= cut.length - 6) cut = cut.slice(0, amp);
  return `${cut}…`;
}
