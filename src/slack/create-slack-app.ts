/**
 * createSlackApp(options) → the Bolt App with its listeners and error handler: wiring only. Listeners are the same in
 * Socket Mode and HTTP mode; the receiver comes from build-receiver.ts.
 */
import { App, LogLevel, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../slack-config';
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { Directory } from '../core/delegation/directory';
import { buildReceiver, type SlackReceiver, type ReceiverTuning } from './build-receiver';
import { createPasteListener } from './on-paste';
import { createLmCheckListener } from './on-lm-check';
import { registerFeedbackActions } from './on-feedback';
import { createRecentKeys } from './recent-keys';
import { createRateLimiter } from './rate-limiter';
import { createFeedbackLog, type FeedbackLog } from './feedback-log';
import { errorFields, type Logger } from './logger';
import { COMMAND } from './messages';

export interface SlackServices {
  index: KnowledgeIndex;
  /** The AD directory for /lm-check and the automatic check; undefined when LDAP is not configured. */
  directory?: Directory;
  logger: Logger;
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
  /** Per-user /lm-check interval. Default 5000 ms. */
  checkIntervalMs?: number;
  /** Bound on the automatic AD check in paste replies. Default 5000 ms. */
  autoCheckTimeoutMs?: number;
}

export interface SlackApp {
  app: App;
  receiver: SlackReceiver;
  feedback: FeedbackLog;
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
  const clientOptions = slackClientOptions(config, options.clientRetries);
  const logLevel = BOLT_LOG_LEVEL[config.logLevel];
  const receiver = buildReceiver(config, clientOptions, logLevel, options);
  const app = new App({
    receiver, token: config.botToken, botId: identity.botId, botUserId: identity.botUserId, logLevel, clientOptions,
  });
  const feedback = createFeedbackLog(services.logger);
  const paste = createPasteListener({
    index: services.index, directory: services.directory, logger: services.logger, dedupe: createRecentKeys(),
    botUserId: identity.botUserId, channels: config.channels, knowledgeUrl: config.knowledgeUrl,
    files: { botToken: config.botToken, apiUrl: config.apiUrl }, autoCheckTimeoutMs: options.autoCheckTimeoutMs,
  });
  app.event('message', paste);
  app.event('app_mention', paste);
  app.command(COMMAND, createLmCheckListener({
    directory: services.directory, logger: services.logger, limiter: createRateLimiter({ intervalMs: options.checkIntervalMs }),
    allowedChannels: config.checkAllowedChannels, allowedUsers: config.checkAllowedUsers,
  }));
  registerFeedbackActions(app, { index: services.index, feedback, logger: services.logger, knowledgeUrl: config.knowledgeUrl });
  app.error(async (error) => {
    services.logger.error({ event: 'lm_bolt_error', ...errorFields(error) }, 'unhandled error in a Slack listener');
  });
  return { app, receiver, feedback };
}
