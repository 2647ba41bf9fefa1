/**
 * createSlackApp(options) → the Bolt App with its listeners and error handler: wiring only. Listeners are the same in
 * Socket Mode and HTTP mode; the receiver comes from build-receiver.ts.
 */
import { App, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-settings';
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { Diagnosis } from '../core/types';
import type { Directory } from '../core/delegation/directory';
import { buildReceiver, type SlackReceiver, type ReceiverTuning } from './build-receiver';
import { createPasteListener, type PasteServices } from './on-paste';
import { SHORTCUT_DIAGNOSE, createShortcutListener } from './on-shortcut';
import { createAppHomeListener } from './on-app-home';
import { createLmCheckListener } from './on-lm-check';
import { registerFeedbackActions } from './on-feedback';
import type { RateLimit, RateLimiter } from '../support/rate-limiter';
import { createLocalState, type ReplicaState } from '../support/replica-state';
import { createFeedbackLog, type FeedbackLog } from './feedback-log';
import { errorFields, type Logger } from '../support/logger';
import { createBoltLogger } from './bolt-logger';
import { COMMAND } from './messages';
import type { ImageServices } from './read-message-images';
import { createMetrics, slackErrorCode, type Metrics } from '../support/metrics';
import { createHealth, type Health } from '../support/health';
import { createInFlight, type InFlight } from '../support/in-flight';
import { createSemaphore } from '../support/semaphore';
import { withFreeCheckSlot } from './check-slots';
import type { LabelServices } from './record-label';
import { createReplyMemory, type ReplyMemory } from './reply-memory';

export interface SlackServices {
  index: KnowledgeIndex;
  /** The AD directory for /lm-check and the automatic check; undefined when LDAP is not configured. */
  directory?: Directory;
  logger: Logger;
  /** Prometheus metrics; a fresh registry when not given. */
  metrics?: Metrics;
  /** The record /healthz and /readyz read; created when not given. */
  health?: Health;
  /** Dedupe and rate limits: shared by replicas through Redis, or in-process (the default). */
  state?: ReplicaState;
  /** LOG_PASTES: pasted text in log lines. Default false (hash and length only). */
  logPastes?: boolean;
  /** Screenshot OCR (one warm worker, LM_OCR_* limits); images are ignored when undefined. */
  ocr?: ImageServices;
  /** Where replies are remembered for labelling: shared through Redis by the composition root; in-process by default. */
  replyMemory?: ReplyMemory;
  /** Diagnosis off the event loop (the worker pool); on this thread when undefined. */
  diagnose?: (text: string) => Promise<Diagnosis>;
  /**
   * Labelled feedback ("That fixed it", the choice after "Not it" and under an unanswered mention): the store, the
   * record maker and lm-doctor's version. Without it clicks are only logged and counted.
   */
  labels?: LabelServices;
}

/** Who the bot is (from auth.test); Bolt's ignoreSelf needs it, and passing it skips Bolt's own auth.test. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface SlackAppOptions extends ReceiverTuning {
  config: SlackConfig;
  services: SlackServices;
  identity: BotIdentity;
  /** Web API retries per call. Default 2 (an outage bot should not answer half an hour late). */
  clientRetries?: number;
  /** Window of the per-channel limits (LM_CHANNEL_REPLIES_PER_MINUTE, LM_CHECKS_PER_CHANNEL_PER_MINUTE). Default 60,000 ms. */
  channelWindowMs?: number;
  /** Bound on the automatic AD check in paste replies. Default 5000 ms. */
  autoCheckTimeoutMs?: number;
  /** /lm-check runs that may wait for one of the LM_MAX_CONCURRENT_CHECKS slots; more are shed ("busy"). Default 100. */
  maxQueuedChecks?: number;
}

export interface SlackApp {
  app: App;
  receiver: SlackReceiver;
  feedback: FeedbackLog;
  metrics: Metrics;
  health: Health;
  /** Listener work in progress (shutdown drains it). */
  inFlight: InFlight;
  /** The replies that can still be labelled (in-process, 24 h); undefined without `services.labels`. */
  replyMemory?: ReplyMemory;
}

const BOLT_LOG_LEVEL = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

export function slackClientOptions(config: SlackConfig, retries = 2): webApi.WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // Set explicitly: SocketModeClient otherwise writes {retries: 100} into this very object (slack-platform.md §6).
    retryConfig: { retries, factor: 2, minTimeout: 500, maxTimeout: 5000 },
    timeout: 10_000,
  };
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, services, identity } = options;
  const { logger } = services;
  const state = services.state ?? createLocalState();
  const metrics = services.metrics ?? createMetrics();
  const health = services.health ?? createHealth();
  health.knowledgeEntries = services.index.entries.length;
  const inFlight = createInFlight();
  const logLevel = BOLT_LOG_LEVEL[config.logLevel];
  const clientOptions = { ...slackClientOptions(config, options.clientRetries), logger: createBoltLogger(logger, logLevel) };
  const receiver = buildReceiver(config, clientOptions, logLevel, {
    ...options, logger: createBoltLogger(logger, logLevel), onIntakeShed: (n) => metrics.shed.inc({ kind: 'intake' }, n),
  });
  const app = new App({
    receiver, token: config.botToken, botId: identity.botId, botUserId: identity.botUserId, logLevel, clientOptions,
    // No listener reads context.conversation; Bolt's default store would run for every event on this thread.
    convoStore: false,
    logger: createBoltLogger(logger, logLevel),
  });
  trackSlackConnection(receiver, health);
  // Every listener's work is tracked (shutdown waits for it); each Web API client reports 429s once.
  const metered = new WeakSet<object>();
  app.use(async ({ client, next }) => {
    if (!metered.has(client)) {
      metered.add(client);
      client.on(webApi.WebClientEvent.RATE_LIMITED, (_sec: number, { url }: { url?: string }) => metrics.slackRateLimited.inc({ method: methodOf(url) }));
    }
    await inFlight.track(next());
  });
  const limits = config.limits;
  const windowMs = options.channelWindowMs ?? 60_000;
  const limiter = (rate: RateLimit, name: string): RateLimiter | undefined => {
    if (rate.limit === 0 || rate.windowMs === 0) return undefined;
    return state.limiter(rate, name);
  };
  const replies = limiter({ limit: limits.channelRepliesPerMinute, windowMs }, 'paste_channel');
  const notices = limiter({ limit: 1, windowMs }, 'paste_channel_notice');
  const dedupe = (namespace?: string) => state.dedupe({ ...(namespace ? { namespace } : {}), maxKeys: limits.dedupeMaxKeys });
  const memory = services.labels ? services.replyMemory ?? createReplyMemory() : undefined;
  const checkSlots = createSemaphore({ limit: limits.maxConcurrentChecks, maxWaiting: options.maxQueuedChecks, kind: 'directory_check' });
  const pasteServices: PasteServices = {
    index: services.index, directory: services.directory && withFreeCheckSlot(services.directory, checkSlots, metrics),
    logger, metrics, logPastes: services.logPastes, dedupe: dedupe(),
    botUserId: identity.botUserId, channels: config.channels, knowledgeUrl: config.knowledgeUrl,
    files: { botToken: config.botToken, apiUrl: config.apiUrl }, autoCheckTimeoutMs: options.autoCheckTimeoutMs,
    ocr: services.ocr, channelLimit: replies && notices ? { replies, notices } : undefined, diagnose: services.diagnose,
    memory, countAnswer: services.labels?.store.countAnswer?.bind(services.labels.store),
  };
  const paste = createPasteListener(pasteServices);
  app.event('message', paste);
  app.event('app_mention', paste);
  app.event('app_home_opened', createAppHomeListener({
    index: services.index, logger, metrics, knowledgeUrl: config.knowledgeUrl, store: services.labels?.store,
  }));
  app.shortcut({ type: 'message_action', callback_id: SHORTCUT_DIAGNOSE }, createShortcutListener(pasteServices, {
    dedupe: dedupe('shortcut'), responseUrlOrigins: config.responseUrlOrigins,
  }));
  app.command(COMMAND, createLmCheckListener({
    directory: services.directory, logger, metrics,
    limiter: limiter({ limit: 1, windowMs: limits.checkUserIntervalSeconds * 1000 }, 'lm_check_user'),
    channelLimiter: limiter({ limit: limits.checksPerChannelPerMinute, windowMs }, 'lm_check_channel'),
    allowedChannels: config.checkAllowedChannels, allowedUsers: config.checkAllowedUsers,
    dedupe: dedupe('command'), responseUrlOrigins: config.responseUrlOrigins, checkSlots,
  }));
  const feedback = createFeedbackLog(logger);
  registerFeedbackActions(app, {
    index: services.index, feedback, logger, metrics, knowledgeUrl: config.knowledgeUrl,
    dedupe: dedupe('action'), shownEntries: dedupe('show_entry'), replies, responseUrlOrigins: config.responseUrlOrigins,
    labels: services.labels, memory,
  });
  app.error(async (error) => {
    metrics.slackApiErrors.inc({ method: 'listener', error: slackErrorCode(error) });
    logger.error({ event: 'lm_bolt_error', ...errorFields(error) }, 'unhandled error in a Slack listener');
  });
  return { app, receiver, feedback, metrics, health, inFlight, ...(memory ? { replyMemory: memory } : {}) };
}

/** Socket Mode: ready while the WebSocket is connected. HTTP mode is marked ready once the server listens. */
function trackSlackConnection(receiver: SlackReceiver, health: Health): void {
  if (!(receiver instanceof SocketModeReceiver)) return;
  receiver.client.on('connected', () => { health.slackConnected = true; });
  for (const state of ['disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(state, () => { health.slackConnected = false; });
}

function methodOf(url: string | undefined): string {
  const method = url?.split('/').pop() ?? '';
  return /^[a-zA-Z.]{1,64}$/.test(method) ? method : 'unknown';
}
