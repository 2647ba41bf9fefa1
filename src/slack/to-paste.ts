/**
 * Bolt `message` / `app_mention` event → a plain Paste, or undefined when lm-doctor must not react: its own and other
 * bots' messages, edits, deletes and other subtypes that are not new human text, channels outside LM_CHANNELS, and
 * channel messages that mention the bot (the app_mention event answers those). Pure.
 */
import type { IncomingMessage, SlackFileRef } from './extract-message-text';

/** The fields of a Slack message event lm-doctor reads (both event types share them). */
export interface RawMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  bot_profile?: unknown;
  text?: string;
  blocks?: unknown[];
  files?: SlackFileRef[];
  ts?: string;
  thread_ts?: string;
  edited?: unknown;
  hidden?: boolean;
}

export interface Paste {
  channel: string;
  ts: string;
  /** Where the reply goes: the paste's thread, else a new thread under the paste. */
  threadTs: string;
  user: string;
  /** The person asked (@mention): a "no match" answer is better than silence. */
  mention: boolean;
  message: IncomingMessage;
}

export interface PasteFilter {
  botUserId: string;
  /** LM_CHANNELS: when set, only these channels (DMs and mentions are always answered). */
  channels?: ReadonlySet<string>;
}

/** Subtypes that are new text from a person. Everything else (message_changed, channel_join, …) is ignored. */
const HUMAN_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

export function toPaste(event: RawMessageEvent, filter: PasteFilter): Paste | undefined {
  if (event.subtype !== undefined && !HUMAN_SUBTYPES.has(event.subtype)) return undefined;
  if (event.bot_id !== undefined || event.bot_profile !== undefined || event.hidden) return undefined;
  if (!event.user || event.user === filter.botUserId || !event.channel || !event.ts) return undefined;
  const mention = event.type === 'app_mention';
  if (mention && event.edited !== undefined) return undefined;
  const direct = event.channel_type === 'im';
  if (!mention && !direct) {
    if (filter.channels && !filter.channels.has(event.channel)) return undefined;
    if (event.text?.includes(`<@${filter.botUserId}>`)) return undefined;
  }
  return {
    channel: event.channel,
    ts: event.ts,
    threadTs: event.thread_ts ?? event.ts,
    user: event.user,
    mention: mention || direct,
    message: {
      ...(event.text !== undefined ? { text: stripMention(event.text, filter.botUserId) } : {}),
      ...(event.blocks ? { blocks: event.blocks } : {}),
      ...(event.files ? { files: event.files } : {}),
    },
  };
}

function stripMention(text: string, botUserId: string): string {
  return text.split(`<@${botUserId}>`).join(' ').trim();
}
