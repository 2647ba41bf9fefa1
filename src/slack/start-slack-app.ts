/**
 * Starts the Slack app for `lm-doctor serve`: asks Slack who the bot is (auth.test, which also proves the token
 * works), builds the app, starts the receiver, and returns a bounded stop: no step of it waits past its budget,
 * whatever clients or Slack do.
 */
import { SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-settings';
import { ConfigError } from '../support/errors';
import { createSlackApp, slackClientOptions, type BotIdentity, type SlackApp, type SlackServices } from './create-slack-app';
import type { ReceiverTuning } from './build-receiver';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../config/ops-settings';
import { within } from '../support/within';

/** How long Socket Mode may take to close its WebSocket before shutdown moves on. */
const SOCKET_CLOSE_MS = 3000;

export interface RunningSlackApp extends SlackApp {
  identity: BotIdentity & { teamId?: string; botName?: string };
  /** HTTP mode: the port actually listened on. */
  port?: number;
  /**
   * Bounded stop, within `budgetMs` (default 10 s) whatever clients do: readiness goes to 503; the intake stops
   * taking deliveries (HTTP: listening socket closed, idle and slow connections destroyed, later requests 503;
   * Socket Mode: later envelopes left unacknowledged, WebSocket closed); work already acknowledged gets the rest of
   * the budget to finish; then every connection left is destroyed. Logs what was cut short.
   */
  stop(budgetMs?: number): Promise<void>;
}

export interface StartOptions {
  host?: string;
  /** Serve /healthz, /readyz and /metrics on the app's port (HTTP mode, METRICS_PORT = PORT). */
  opsAnswer?: ReceiverTuning['opsAnswer'];
  /** HTTP mode: the compiled intake thread (the composition root knows where dist/ is). */
  intakeThreadFile?: string;
  /** HTTP mode: the intake thread ended while serving. */
  onIntakeFailure?: (error: Error) => void;
}

/** auth.test with the bot token; an unusable token becomes a ConfigError that says what to fix. */
export async function fetchBotIdentity(config: SlackConfig): Promise<RunningSlackApp['identity']> {
  const client = new webApi.WebClient(config.botToken, { ...slackClientOptions(config, 1), logLevel: webApi.LogLevel.ERROR });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code) throw new ConfigError([`Slack rejected SLACK_BOT_TOKEN (${code}): copy the current Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was revoked`]);
    throw new ConfigError([`could not reach the Slack Web API${config.apiUrl ? ` at SLACK_API_URL (${config.apiUrl})` : ''}: ${(error as Error).message}`]);
  }
  if (!result.user_id || !result.bot_id) {
    throw new ConfigError(['SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions']);
  }
  return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id, botName: result.user };
}

/** The value of `work` if it settles within `ms`, else `fallback`. */
async function bounded<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let value = fallback;
  await within(work.then((v) => { value = v; }), ms);
  return value;
}

export async function startSlackApp(config: SlackConfig, services: SlackServices, listen: StartOptions = {}): Promise<RunningSlackApp> {
  const identity = await fetchBotIdentity(config);
  const slack = createSlackApp({
    config, services, identity, ...(listen.opsAnswer ? { opsAnswer: listen.opsAnswer } : {}),
    ...(listen.intakeThreadFile ? { intakeThreadFile: listen.intakeThreadFile } : {}),
    ...(listen.onIntakeFailure ? { onIntakeFailure: listen.onIntakeFailure } : {}),
  });
  let port: number | undefined;
  if (slack.receiver instanceof SocketModeReceiver) {
    await slack.app.start();
  } else {
    ({ port } = (await slack.app.start({ port: config.port, ...(listen.host ? { host: listen.host } : {}) })) as unknown as { port: number });
    slack.health.slackConnected = true;
  }
  services.logger.info({
    event: 'lm_started', mode: config.mode, port, team: identity.teamId, bot: identity.botName, botUserId: identity.botUserId,
    channels: config.channels ? [...config.channels] : 'all', directory: services.directory ? 'configured' : 'none',
  }, `lm-doctor is running in ${config.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${port}`}`);
  const stop = async (budgetMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) => {
    const deadline = Date.now() + budgetMs;
    const left = () => Math.max(0, deadline - Date.now());
    slack.health.draining = true;
    services.logger.info({ event: 'lm_stopping', inFlight: slack.inFlight.count }, 'stopping: no new events; finishing replies in progress');
    const { intake } = slack.receiver;
    // The HTTP intake answers from its thread; a thread that does not answer cannot hold the bound either.
    const cut = await bounded(intake.stopIntake(), left(), { unread: 0, idleConnections: 0 });
    let stopped: Promise<unknown> | undefined;
    if (slack.receiver instanceof SocketModeReceiver) {
      // Closes the WebSocket. app.stop() can resolve before the socket has closed ('disconnected' says it has), and a
      // Slack that never answers the close frame is not waited for past SOCKET_CLOSE_MS.
      const client = slack.receiver.client;
      const closed = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
      await within(Promise.all([slack.app.stop(), closed]), Math.min(SOCKET_CLOSE_MS, left()));
    } else {
      // Closes the listening socket; the promise settles once the last connection is gone (closeAll below).
      stopped = slack.app.stop();
    }
    slack.health.slackConnected = false;
    const drained = await slack.inFlight.drain(left());
    const abandoned = drained ? 0 : slack.inFlight.count;
    if (!drained) {
      services.logger.warn({ event: 'lm_shutdown_timeout', abandoned, budgetMs }, 'replies still in progress at the shutdown bound were abandoned');
    }
    const closedConnections = await bounded(intake.closeAll(), left(), 0);
    await within(stopped, left());
    await intake.release();
    const refused = intake.refusedWhileStopping;
    services.logger.info({
      event: 'lm_slack_stopped', cutShort: cut.unread + refused + abandoned, unread: cut.unread, refused, abandoned,
      idleConnections: cut.idleConnections, closedConnections,
    }, 'Slack app stopped');
  };
  return { ...slack, identity, port, stop };
}
