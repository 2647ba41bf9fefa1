/**
 * The reply's buttons: "That fixed it" and "Not it" record feedback (structured log + per-entry counters); "Not it"
 * and "Show other matches" offer the alternatives (ephemeral, to the person who clicked); "Show this fix" posts the
 * chosen alternative's fix in the thread. Each click is handled once (its action_ts and user are claimed, so a
 * replayed request does nothing); ephemeral answers go only to a response_url on Slack's hosts; and a public "Show
 * this fix" post takes a slot of the channel's reply limit, once per person, entry and thread.
 */
import type { App, webApi } from '@slack/bolt';
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { Diagnosis, KnowledgeEntry } from '../core/types';
import { decodeFeedbackRef, type FeedbackRef } from './feedback-ref';
import type { FeedbackKind, FeedbackLog } from './feedback-log';
import {
  ACTION_FIXED, ACTION_NOT_IT, ACTION_OTHERS, ACTION_SHOW_ENTRY, renderAlternativesBlocks, renderDiagnosisBlocks,
} from './render-diagnosis-blocks';
import { errorFields, type Logger } from '../support/logger';
import { slackErrorCode, type Metrics } from '../support/metrics';
import { FeedbackUnavailableError, LoadShedError } from '../support/errors';
import { describeFailure } from '../support/describe-failure';
import type { Dedupe } from '../support/recent-keys';
import type { RateLimiter } from '../support/rate-limiter';
import { SLACK_RESPONSE_URL_ORIGIN } from '../config/slack-settings';
import { MESSAGES as M } from './messages';
import { escapeSlackText } from './escape-slack-text';
import { isAllowedResponseUrl, responseUrlHost } from './response-url';
import { ACTION_CHOOSE, ACTION_CHOOSE_OTHER, decodeChoice, renderChoiceBlocks } from './render-choice-blocks';
import { recordLabel, type LabelServices } from './record-label';
import type { ReplyMemory } from './reply-memory';

export interface FeedbackServices {
  index: KnowledgeIndex;
  feedback: FeedbackLog;
  logger: Logger;
  knowledgeUrl?: string;
  metrics?: Metrics;
  /** Claims each click (action_ts + user), so a replayed request does nothing; none when undefined. */
  dedupe?: Dedupe;
  /** Claims channel + thread + entry + user: a person shows one fix in a thread once. None when undefined. */
  shownEntries?: Dedupe;
  /** The channel's reply limit (LM_CHANNEL_REPLIES_PER_MINUTE) that paste answers use too; none when undefined. */
  replies?: RateLimiter;
  /** Origins a response_url may have (SLACK_RESPONSE_URL_HOSTS). Default: `https://hooks.slack.com` only. */
  responseUrlOrigins?: readonly string[];
  /**
   * Labelled records: "That fixed it" and a choice after "Not it" are stored, with the paste looked up in `memory`.
   * Without them "Not it" offers the alternatives only, and nothing is stored.
   */
  labels?: LabelServices;
  memory?: ReplyMemory;
}

/** The parts of a block_actions request the handlers read. */
interface ActionArgs {
  ack(): Promise<void>;
  action: { value?: string; action_ts?: string; selected_option?: { value?: string } };
  body: { user: { id: string }; channel?: { id: string }; message?: { ts?: string }; response_url?: string };
  respond(message: Record<string, unknown>): Promise<unknown>;
  client: webApi.WebClient;
}

type Where = Record<string, unknown>;

type Handler = (ref: FeedbackRef, args: ActionArgs, s: FeedbackServices) => Promise<void>;

const HANDLERS: Record<string, { kind: FeedbackKind; handle: Handler }> = {
  [ACTION_FIXED]: {
    kind: 'fixed',
    handle: async (ref, args, s) => {
      const channel = args.body.channel?.id;
      const replyTs = replyOf(ref, args);
      if (s.labels && s.memory && channel && replyTs) {
        await recordLabel({ kind: 'fixed', channel, replyTs, user: args.body.user.id }, { labels: s.labels, memory: s.memory, logger: s.logger, metrics: s.metrics });
      }
      await ephemeral(args, { text: M.feedbackThanks });
    },
  },
  [ACTION_NOT_IT]: {
    kind: 'not_it',
    handle: async (ref, args, s) => {
      const alternatives = entriesOf(ref.alternatives, s.index);
      const replyTs = replyOf(ref, args);
      if (s.labels && s.memory && replyTs) {
        await ephemeral(args, renderChoiceBlocks({ intro: M.notItChoose, replyTs, alternatives, entries: s.index.entries, ref }));
        return;
      }
      await ephemeral(args, alternatives.length > 0
        ? renderAlternativesBlocks(M.notItWithAlternatives, alternatives, ref) : { text: M.notItNoAlternatives });
    },
  },
  [ACTION_OTHERS]: {
    kind: 'show_others',
    handle: async (ref, args, s) => {
      const alternatives = entriesOf(ref.alternatives, s.index);
      await ephemeral(args, alternatives.length > 0 ? renderAlternativesBlocks(M.otherMatches, alternatives, ref) : { text: M.noOtherMatches });
    },
  },
  [ACTION_SHOW_ENTRY]: { kind: 'show_entry', handle: showEntry },
};

/** How the clicked reply is found in the reply memory: its ts, or (an answer only its person saw) its key. */
function replyOf(ref: FeedbackRef, args: ActionArgs): string | undefined {
  return args.body.message?.ts ?? ref.key;
}

export function registerFeedbackActions(app: App, s: FeedbackServices): void {
  for (const actionId of [ACTION_CHOOSE, ACTION_CHOOSE_OTHER]) app.action(actionId, async (args) => onChoice(actionId, args as unknown as ActionArgs, s));
  for (const [actionId, { kind, handle }] of Object.entries(HANDLERS)) {
    app.action(actionId, async (args) => {
      const raw = args as unknown as ActionArgs;
      await raw.ack();
      const where: Where = { action: actionId, user: raw.body.user.id, channel: raw.body.channel?.id };
      const a = withCheckedRespond(raw, s, where);
      try {
        if (!(await isFirstClick(a, s, where))) return;
        const ref = decodeFeedbackRef(a.action.value);
        if (!ref) {
          s.logger.warn({ event: 'lm_bad_action_value', ...where }, 'button value not understood');
          return;
        }
        s.feedback.record({ kind, entry: ref.entry, user: a.body.user.id, channel: a.body.channel?.id, messageTs: a.body.message?.ts });
        // Button values come back from the client: only known entry ids become label values.
        s.metrics?.feedback.inc({ entry: s.index.entries.some((e) => e.id === ref.entry) ? ref.entry : 'unknown', kind });
        await handle(ref, a, s);
      } catch (error) {
        await answerFailure(error, a, s, where);
      }
    });
  }
}

/**
 * A choice after "Not it" or under an unanswered mention: one labelled record for the reply it names. The value must
 * be one this app wrote, naming a known entry (or none); the record's paste comes from the reply memory.
 */
async function onChoice(actionId: string, raw: ActionArgs, s: FeedbackServices): Promise<void> {
  await raw.ack();
  const where: Where = { action: actionId, user: raw.body.user.id, channel: raw.body.channel?.id };
  const a = withCheckedRespond(raw, s, where);
  try {
    if (!(await isFirstClick(a, s, where))) return;
    const choice = decodeChoice(a.action.selected_option?.value ?? a.action.value);
    const channel = a.body.channel?.id;
    const chosen = choice?.chosen === null ? null : s.index.entries.find((e) => e.id === choice?.chosen && !e.outOfScope);
    if (!choice || !channel || chosen === undefined) {
      s.logger.warn({ event: 'lm_bad_action_value', ...where }, 'choice value not understood');
      return;
    }
    if (!s.labels || !s.memory) return;
    const outcome = await recordLabel({ kind: 'choice', channel, replyTs: choice.replyTs, user: a.body.user.id, chosen: chosen?.id ?? null },
      { labels: s.labels, memory: s.memory, logger: s.logger, metrics: s.metrics });
    const what = chosen ? M.alternativeLine(escapeSlackText(chosen.title), chosen.id) : M.choiceNotLiveMigration;
    await a.respond({ response_type: 'ephemeral', replace_original: true, text: outcome.stored ? M.choiceThanks(what) : M.choiceExpired });
  } catch (error) {
    await answerFailure(error, a, s, where);
  }
}

/** The request with `respond` replaced by a no-op when its response_url is not on Slack's hosts (logged, metered). */
function withCheckedRespond(a: ActionArgs, s: FeedbackServices, where: Where): ActionArgs {
  if (isAllowedResponseUrl(a.body.response_url, s.responseUrlOrigins ?? [SLACK_RESPONSE_URL_ORIGIN])) return a;
  s.metrics?.responseUrlRefused.inc({ source: 'action' });
  s.logger.warn({ event: 'lm_response_url_refused', ...where, host: responseUrlHost(a.body.response_url) }, 'response_url is not on a Slack host (SLACK_RESPONSE_URL_HOSTS); not answering there');
  return { ...a, respond: async () => undefined };
}

/** Claims the click; a replay of the same request (same action_ts and user) is logged and otherwise ignored. */
async function isFirstClick(a: ActionArgs, s: FeedbackServices, where: Where): Promise<boolean> {
  if (!s.dedupe || !a.action.action_ts) return true;
  if (await s.dedupe.claim(`${a.action.action_ts}:${a.body.user.id}`)) return true;
  s.metrics?.retriesDeduplicated.inc({ retry: 'false' });
  s.logger.info({ event: 'lm_duplicate', ...where, actionTs: a.action.action_ts }, 'replayed button click not handled again');
  return false;
}

/**
 * Shed work (a full dedupe store) gets a short "busy", an unreachable feedback store a "not kept, try again"; a
 * failed Slack call is logged and metered.
 */
async function answerFailure(error: unknown, a: ActionArgs, s: FeedbackServices, where: Where): Promise<void> {
  if (error instanceof FeedbackUnavailableError) {
    s.logger.warn({ event: 'lm_feedback_unavailable', ...where, ...errorFields(error) }, 'feedback store unreachable; the label was not kept');
    await ephemeral(a, { text: describeFailure(error).sentence }).catch(() => undefined);
    return;
  }
  if (error instanceof LoadShedError) {
    s.metrics?.shed.inc({ kind: error.kind });
    s.logger.warn({ event: 'lm_shed', ...where, kind: error.kind, ...errorFields(error) }, 'button click shed under load');
    await ephemeral(a, { text: describeFailure(error).sentence }).catch(() => undefined);
    return;
  }
  s.metrics?.slackApiErrors.inc({ method: 'action_reply', error: slackErrorCode(error) });
  s.logger.error({ event: 'lm_action_failed', ...where, ...errorFields(error) }, 'could not answer a button');
}

async function showEntry(ref: FeedbackRef, args: ActionArgs, s: FeedbackServices): Promise<void> {
  const entry = s.index.entries.find((e) => e.id === ref.entry);
  if (!entry) {
    await ephemeral(args, { text: M.entryGone });
    return;
  }
  const diagnosis: Diagnosis & { entry: KnowledgeEntry } = {
    entry, confidence: 0, alternatives: [], signals: [], codes: [], eventIds: [], truncated: false,
    names: { ...ref.names, hosts: [] },
  };
  const message = renderDiagnosisBlocks(diagnosis, { knowledgeUrl: s.knowledgeUrl, requestedBy: args.body.user.id, buttons: false });
  const channel = args.body.channel?.id;
  if (!channel || !ref.thread) {
    await ephemeral(args, message);
    return;
  }
  if (s.shownEntries && !(await s.shownEntries.claim(`${channel}:${ref.thread}:${entry.id}:${args.body.user.id}`))) {
    await ephemeral(args, { text: M.entryAlreadyShown });
    return;
  }
  const waitMs = (await s.replies?.take(channel)) ?? 0;
  if (waitMs > 0) {
    s.metrics?.rateLimited.inc({ limit: 'paste_channel' });
    s.logger.info({ event: 'lm_reply_rate_limited', action: ACTION_SHOW_ENTRY, channel, thread: ref.thread, entry: entry.id, waitMs }, 'channel reply limit reached; fix shown to the person only');
    await ephemeral(args, { text: M.entryShownPrivately });
    await ephemeral(args, message);
    return;
  }
  await args.client.chat.postMessage({
    channel, thread_ts: ref.thread, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false,
  });
}

function entriesOf(ids: readonly string[], index: KnowledgeIndex): KnowledgeEntry[] {
  return ids.map((id) => index.entries.find((e) => e.id === id)).filter((e): e is KnowledgeEntry => e !== undefined);
}

async function ephemeral(args: ActionArgs, message: { text: string; blocks?: unknown[] }): Promise<void> {
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
}
