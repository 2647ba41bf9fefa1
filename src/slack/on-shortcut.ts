/**
 * The message shortcut "Diagnose with lm-doctor": any message a person can see, in any channel (also outside
 * LM_CHANNELS, in channels lm-doctor is not in, and on pastes it left unanswered), goes through the paste path
 * (diagnosis, the channel's reply limit, logging). The answer goes in the message's thread when lm-doctor may post
 * there; when it is not a member (`not_in_channel`, or `channel_not_found` for a private channel) it goes to the
 * person only, through the shortcut's response_url. Each shortcut runs once (its trigger_id is claimed).
 * Payload: https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload
 */
import type { webApi } from '@slack/bolt';
import type { Dedupe } from '../support/recent-keys';
import { SLACK_RESPONSE_URL_ORIGIN } from '../config/slack-settings';
import { diagnoseAndAnswer, type PasteServices, type PostReply } from './on-paste';
import type { Paste } from './to-paste';
import type { SlackFileRef } from './extract-message-text';
import { isAllowedResponseUrl, responseUrlHost } from './response-url';
import { slackErrorCode } from '../support/metrics';

/** The shortcut's callback_id, as in manifest.yml. */
export const SHORTCUT_DIAGNOSE = 'lm_diagnose_message';

/** Slack's answers to chat.postMessage in a channel the bot is not in (public, then private). */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

export interface ShortcutOptions {
  /** Claims each shortcut's trigger_id, so a replayed request does nothing; none when undefined. */
  dedupe?: Dedupe;
  /** Origins the response_url may have (SLACK_RESPONSE_URL_HOSTS). Default: `https://hooks.slack.com` only. */
  responseUrlOrigins?: readonly string[];
}

/** The parts of a message_action payload the listener reads. */
interface ShortcutArgs {
  ack(): Promise<void>;
  shortcut: {
    trigger_id?: string;
    response_url?: string;
    channel?: { id?: string };
    user: { id: string };
    message_ts?: string;
    message?: { text?: string; ts?: string; thread_ts?: string; blocks?: unknown[]; files?: SlackFileRef[] };
  };
  client: webApi.WebClient;
  respond(message: Record<string, unknown>): Promise<unknown>;
}

export function createShortcutListener(s: PasteServices, o: ShortcutOptions = {}) {
  return async (raw: unknown): Promise<void> => {
    const args = raw as ShortcutArgs;
    await args.ack();
    const { shortcut } = args;
    const channel = shortcut.channel?.id;
    const ts = shortcut.message?.ts ?? shortcut.message_ts;
    const where = { channel, ts, shortcut: SHORTCUT_DIAGNOSE, user: shortcut.user.id };
    s.metrics?.messagesSeen.inc({ type: 'shortcut' });
    if (!channel || !ts || !shortcut.message) {
      s.logger.warn({ event: 'lm_bad_shortcut', ...where }, 'shortcut without a message');
      return;
    }
    if (o.dedupe && shortcut.trigger_id && !(await o.dedupe.claim(shortcut.trigger_id))) {
      s.metrics?.retriesDeduplicated.inc({ retry: 'false' });
      s.logger.info({ event: 'lm_duplicate', ...where }, 'replayed shortcut not run again');
      return;
    }
    const m = shortcut.message;
    const paste: Paste = {
      channel, ts, threadTs: m.thread_ts ?? ts, user: shortcut.user.id, mention: true,
      message: { ...(m.text !== undefined ? { text: m.text } : {}), ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.files ? { files: m.files } : {}) },
    };
    await diagnoseAndAnswer(paste, args.client, s, where, threadOrPrivate(args, s, o, where));
  };
}

/** In the thread when lm-doctor is a member; to the person only (response_url) when it is not. */
function threadOrPrivate(args: ShortcutArgs, s: PasteServices, o: ShortcutOptions, where: Record<string, unknown>): PostReply {
  return async (client, paste, message) => {
    try {
      const result = await client.chat.postMessage({
        channel: paste.channel, thread_ts: paste.threadTs, text: message.text,
        ...(message.blocks ? { blocks: message.blocks as never } : {}), unfurl_links: false, unfurl_media: false,
      });
      return result.ts;
    } catch (error) {
      if (!NOT_A_MEMBER.has(slackErrorCode(error))) throw error;
    }
    if (!isAllowedResponseUrl(args.shortcut.response_url, o.responseUrlOrigins ?? [SLACK_RESPONSE_URL_ORIGIN])) {
      s.metrics?.responseUrlRefused.inc({ source: 'shortcut' });
      s.logger.warn({ event: 'lm_response_url_refused', ...where, host: responseUrlHost(args.shortcut.response_url) }, 'response_url is not on a Slack host (SLACK_RESPONSE_URL_HOSTS); not answering there');
      return undefined;
    }
    s.logger.info({ event: 'lm_shortcut_private', ...where }, 'lm-doctor is not in the channel: answer shown to the person only');
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    return undefined;
  };
}
