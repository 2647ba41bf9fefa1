/**
 * The reply's buttons: "That fixed it" and "Not it" record feedback (structured log + per-entry counters); "Not it"
 * and "Show other matches" offer the alternatives (ephemeral, to the person who clicked); "Show this fix" posts the
 * chosen alternative's fix in the thread.
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
import { MESSAGES as M } from './messages';

export interface FeedbackServices {
  index: KnowledgeIndex;
  feedback: FeedbackLog;
  logger: Logger;
  knowledgeUrl?: string;
  metrics?: Metrics;
}

/** The parts of a block_actions request the handlers read. */
interface ActionArgs {
  ack(): Promise<void>;
  action: { value?: string };
  body: { user: { id: string }; channel?: { id: string }; message?: { ts?: string } };
  respond(message: Record<string, unknown>): Promise<unknown>;
  client: webApi.WebClient;
}

type Handler = (ref: FeedbackRef, args: ActionArgs, s: FeedbackServices) => Promise<void>;

const HANDLERS: Record<string, { kind: FeedbackKind; handle: Handler }> = {
  [ACTION_FIXED]: { kind: 'fixed', handle: async (_ref, args) => { await ephemeral(args, { text: M.feedbackThanks }); } },
  [ACTION_NOT_IT]: {
    kind: 'not_it',
    handle: async (ref, args, s) => {
      const alternatives = entriesOf(ref.alternatives, s.index);
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

export function registerFeedbackActions(app: App, s: FeedbackServices): void {
  for (const [actionId, { kind, handle }] of Object.entries(HANDLERS)) {
    app.action(actionId, async (args) => {
      const a = args as unknown as ActionArgs;
      await a.ack();
      const ref = decodeFeedbackRef(a.action.value);
      const where = { action: actionId, user: a.body.user.id, channel: a.body.channel?.id };
      if (!ref) {
        s.logger.warn({ event: 'lm_bad_action_value', ...where }, 'button value not understood');
        return;
      }
      s.feedback.record({ kind, entry: ref.entry, user: a.body.user.id, channel: a.body.channel?.id, messageTs: a.body.message?.ts });
      // Button values come back from the client: only known entry ids become label values.
      s.metrics?.feedback.inc({ entry: s.index.entries.some((e) => e.id === ref.entry) ? ref.entry : 'unknown', kind });
      try {
        await handle(ref, a, s);
      } catch (error) {
        s.metrics?.slackApiErrors.inc({ method: 'action_reply', error: slackErrorCode(error) });
        s.logger.error({ event: 'lm_action_failed', ...where, ...errorFields(error) }, 'could not answer a button');
      }
    });
  }
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
  if (channel && ref.thread) {
    await args.client.chat.postMessage({
      channel, thread_ts: ref.thread, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false,
    });
  } else {
    await ephemeral(args, message);
  }
}

function entriesOf(ids: readonly string[], index: KnowledgeIndex): KnowledgeEntry[] {
  return ids.map((id) => index.entries.find((e) => e.id === id)).filter((e): e is KnowledgeEntry => e !== undefined);
}

async function ephemeral(args: ActionArgs, message: { text: string; blocks?: unknown[] }): Promise<void> {
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
}
