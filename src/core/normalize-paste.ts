/**
 * Turns a raw paste (Slack mrkdwn, HTML entities, smart quotes, binary junk) into plain text for matching.
 * Pure and linear in the input; the input is cut to MAX_PASTE_CHARS first so work stays bounded.
 */

import { stripSourceCode } from './strip-source-code';

/** Pastes longer than this are cut; the start of a paste holds the error in every template we know. */
export const MAX_PASTE_CHARS = 65_536;

export interface NormalizedPaste {
  /** Readable text: Slack formatting removed, entities decoded, original case. */
  plain: string;
  /** Matching text: `plain` in lower case with straight quotes and single spaces. */
  folded: string;
  truncated: boolean;
  /** The paste held a URL (removed from the text). */
  hasLink: boolean;
}

const SLACK_LINK = /<((?:https?|mailto|ftp):[^|>\s]{0,2000})(?:\|([^>]{0,2000}))?>/g;
const SLACK_MENTION = /<([@#!])([A-Za-z0-9^_.-]{1,80})(?:\|([^>]{0,200}))?>/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\u200B-\u200D\u2060\uFEFF]/g;

export function normalizePaste(raw: string): NormalizedPaste {
  const truncated = raw.length > MAX_PASTE_CHARS;
  let text = truncated ? raw.slice(0, MAX_PASTE_CHARS) : raw;
  text = text.replace(CONTROL, ' ');
  let hasLink = false;
  text = text.replace(SLACK_LINK, (_m, url: string, label?: string) => {
    if (!url.startsWith('mailto:')) hasLink = true;
    return label ?? url.replace(/^mailto:/, '');
  });
  text = text.replace(SLACK_MENTION, (_m, sigil: string, id: string, label?: string) =>
    sigil === '!' ? `@${label ?? id}` : `${sigil}${label ?? id}`);
  text = decodeEntities(text);
  text = text
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/\u2192|\u27F6|\u21D2/g, '->');
  // Quote markers carry no meaning; source code only quotes errors; URLs are addresses, not error text.
  text = text.replace(/^[ \t]*>+[ \t]?/gm, '');
  text = stripSourceCode(text).replace(/`{3,}/g, '\n').replace(/`/g, "'")
    .replace(/\b(?:https?|ftp):\/\/[^\s<>"']{1,2000}/gi, () => { hasLink = true; return ' '; });
  const folded = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return { plain: text, folded, truncated, hasLink };
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', amp: '&' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}
