/**
 * app_home_opened (the Home tab) → views.publish of the Home view for that person, with the last 30 days of
 * feedback read from the store (https://docs.slack.dev/reference/events/app_home_opened). The Messages tab sends
 * the same event with `tab: 'messages'`; it is left alone.
 */
import type { webApi } from '@slack/bolt';
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { FeedbackStore } from '../support/feedback-record';
import { errorFields, type Logger } from '../support/logger';
import { slackErrorCode, type Metrics } from '../support/metrics';
import { renderHomeView, summarizeFeedback, type FeedbackSummary } from './render-home';

/** The period the Home tab's figures cover. */
export const HOME_FEEDBACK_DAYS = 30;

export interface AppHomeServices {
  index: KnowledgeIndex;
  logger: Logger;
  metrics?: Metrics;
  knowledgeUrl?: string;
  /** Labelled feedback; the Home tab says it is not stored when undefined. */
  store?: FeedbackStore;
  now?: () => number;
}

interface HomeArgs {
  event: { user?: string; tab?: string };
  client: webApi.WebClient;
}

export function createAppHomeListener(s: AppHomeServices) {
  return async (raw: unknown): Promise<void> => {
    const { event, client } = raw as HomeArgs;
    if (event.tab !== 'home' || !event.user) return;
    const view = renderHomeView({ entries: s.index.entries, knowledgeUrl: s.knowledgeUrl, feedback: await feedbackOf(s) });
    try {
      await client.views.publish({ user_id: event.user, view: view as never });
      s.logger.debug({ event: 'lm_home_published', user: event.user, blocks: view.blocks.length }, 'App Home published');
    } catch (error) {
      s.metrics?.slackApiErrors.inc({ method: 'views.publish', error: slackErrorCode(error) });
      s.logger.warn({ event: 'lm_home_failed', user: event.user, ...errorFields(error) }, 'could not publish the App Home');
    }
  };
}

async function feedbackOf(s: AppHomeServices): Promise<FeedbackSummary | 'unavailable' | undefined> {
  if (!s.store) return undefined;
  try {
    const since = (s.now ?? Date.now)() - HOME_FEEDBACK_DAYS * 86_400_000;
    const answers = s.store.answerCounts ? await s.store.answerCounts({ since }) : undefined;
    return summarizeFeedback(await s.store.list({ since }), HOME_FEEDBACK_DAYS, answers);
  } catch (error) {
    s.logger.warn({ event: 'lm_feedback_unavailable', ...errorFields(error) }, 'feedback store did not answer; App Home without figures');
    return 'unavailable';
  }
}
