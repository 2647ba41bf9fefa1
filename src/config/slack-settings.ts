/**
 * The Slack slice of the configuration and the choice of run mode: Socket Mode with an app token, HTTP with a signing
 * secret, else the local console (no Slack variables at all). Secrets never appear in a problem.
 */
import { createEnvReader, type Env, type EnvReader } from './read-env';
import { ConfigError } from '../support/errors';

export type SlackMode = 'socket' | 'http' | 'console';

export interface SlackConfig {
  mode: 'socket' | 'http';
  /** Bot token (xoxb-…). Never logged. */
  botToken: string;
  /** App-level token (xapp-…, `connections:write`) for Socket Mode. Never logged. */
  appToken?: string;
  /** Signing secret for HTTP mode request verification. Never logged. */
  signingSecret?: string;
  /** HTTP mode listen port. Default 3000. */
  port: number;
  /** Web API base URL, e.g. `http://127.0.0.1:9999/api/`; undefined means Slack's own. Also serves Socket Mode. */
  apiUrl?: string;
  /** Channel IDs where pasted errors are answered; undefined means every channel the bot is in. */
  channels?: ReadonlySet<string>;
  /** Channel IDs where `/lm-check` may run; undefined means anywhere. */
  checkAllowedChannels?: ReadonlySet<string>;
  /** User IDs who may run `/lm-check`; undefined means everyone. */
  checkAllowedUsers?: ReadonlySet<string>;
  /** Base URL of the knowledge files (e.g. a repository's `knowledge/` folder) for "full entry" links. */
  knowledgeUrl?: string;
  /** Bolt's own log level. Default `warn`. */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** lm-doctor's own rate limits (0 turns one off), the dedupe cap and the cap on simultaneous AD checks. */
  limits: SlackLimits;
  /**
   * SLACK_RESPONSE_URL_HOSTS plus `https://hooks.slack.com`: the origins a `response_url` may point to. A bare host
   * (`hooks.slack-gov.com`, `proxy.corp.example:8443`) means https; an entry may also be a full origin such as
   * `http://127.0.0.1:8080` (tests, a local proxy).
   */
  responseUrlOrigins: readonly string[];
}

export interface SlackLimits {
  /** LM_CHANNEL_REPLIES_PER_MINUTE: paste replies per channel per minute. Default 20. */
  channelRepliesPerMinute: number;
  /** LM_CHECKS_PER_CHANNEL_PER_MINUTE: /lm-check runs per channel per minute. Default 20. */
  checksPerChannelPerMinute: number;
  /** LM_CHECK_USER_INTERVAL_SECONDS: one /lm-check per user per this many seconds. Default 5. */
  checkUserIntervalSeconds: number;
  /** LM_MAX_CONCURRENT_CHECKS: AD checks running at once in this process; the rest wait their turn. Default 4. */
  maxConcurrentChecks: number;
  /** LM_DEDUPE_MAX_KEYS: keys each dedupe store holds within its 1-hour window before new work is shed. Default 50,000. */
  dedupeMaxKeys: number;
  /**
   * LM_INTAKE_BACKLOG (HTTP mode): events acknowledged by the intake thread that may wait for the main thread; beyond
   * it they are dropped (lm_shed_total{kind="intake"}). Default 5,000.
   */
  intakeBacklog: number;
}

export const DEFAULT_LIMITS: SlackLimits = Object.freeze({
  channelRepliesPerMinute: 20, checksPerChannelPerMinute: 20, checkUserIntervalSeconds: 5, maxConcurrentChecks: 4, dedupeMaxKeys: 50_000,
  intakeBacklog: 5000,
});

/** Where Slack's response_urls live (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses). */
export const SLACK_RESPONSE_URL_ORIGIN = 'https://hooks.slack.com';

export const DEFAULT_PORT = 3000;
const SLACK_ID = { pattern: /^[A-Z0-9]{2,32}$/, what: 'Slack IDs such as C0123ABCD or U0123ABCD (not names)' };
const HTTP = ['https:', 'http:'];
/** `host[:port]` (https) or `http(s)://host[:port]` with nothing after it. */
const RESPONSE_URL_HOST = {
  pattern: /^(https?:\/\/)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?\/?$/i,
  what: 'host names (hooks.slack-gov.com), host:port or origins (https://proxy.corp.example:8443)',
};

/** Which shell `serve` runs: Socket Mode when an app token is set, HTTP with a signing secret, else the console. */
export function selectMode(env: Env): SlackMode {
  const r = createEnvReader(env);
  if (r.text('SLACK_APP_TOKEN')) return 'socket';
  if (r.text('SLACK_SIGNING_SECRET')) return 'http';
  if (r.text('SLACK_BOT_TOKEN')) return 'http'; // reported by readSlackConfig: HTTP mode without a signing secret
  return 'console';
}

/** The slice, or undefined in console mode; problems go to the reader. */
export function readSlackConfig(r: EnvReader, env: Env): SlackConfig | undefined {
  const mode = selectMode(env);
  if (mode === 'console') return undefined;
  const { problems } = r;
  const botToken = r.text('SLACK_BOT_TOKEN');
  const appToken = r.text('SLACK_APP_TOKEN');
  const signingSecret = r.text('SLACK_SIGNING_SECRET');
  if (!botToken) {
    problems.push('SLACK_BOT_TOKEN is not set: copy the "Bot User OAuth Token" (xoxb-…) from OAuth & Permissions');
  } else if (!botToken.startsWith('xoxb-')) {
    problems.push('SLACK_BOT_TOKEN must be the bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)');
  }
  if (mode === 'socket' && !appToken?.startsWith('xapp-')) {
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope ' +
      '(Basic Information → App-Level Tokens)');
  }
  if (mode === 'http' && !signingSecret) {
    problems.push('SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information → Signing Secret); ' +
      'or set SLACK_APP_TOKEN to use Socket Mode instead');
  }
  const port = r.integer('PORT', { fallback: DEFAULT_PORT, min: 1, max: 65535, unit: 'a TCP port number' });
  const apiUrl = withSlash(r.url('SLACK_API_URL', { schemes: HTTP, example: 'https://slack.com/api/' }));
  const knowledgeUrl = withSlash(r.url('LM_KNOWLEDGE_URL', { schemes: HTTP, example: 'https://github.com/acme/lm-doctor/blob/main/knowledge/' }));
  const channels = r.list('LM_CHANNELS', SLACK_ID);
  const checkAllowedChannels = r.list('LM_CHECK_ALLOWED_CHANNELS', SLACK_ID);
  const checkAllowedUsers = r.list('LM_CHECK_ALLOWED_USERS', SLACK_ID);
  const logLevel = r.oneOf('SLACK_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'warn');
  const perMinute = (name: string, fallback: number) => r.integer(name, { fallback, min: 0, max: 10_000, unit: 'a count (0 = no limit)' });
  const limits: SlackLimits = {
    channelRepliesPerMinute: perMinute('LM_CHANNEL_REPLIES_PER_MINUTE', DEFAULT_LIMITS.channelRepliesPerMinute),
    checksPerChannelPerMinute: perMinute('LM_CHECKS_PER_CHANNEL_PER_MINUTE', DEFAULT_LIMITS.checksPerChannelPerMinute),
    checkUserIntervalSeconds: r.integer('LM_CHECK_USER_INTERVAL_SECONDS', {
      fallback: DEFAULT_LIMITS.checkUserIntervalSeconds, min: 0, max: 3600, unit: 'a number of seconds (0 = no limit)',
    }),
    maxConcurrentChecks: r.integer('LM_MAX_CONCURRENT_CHECKS', { fallback: DEFAULT_LIMITS.maxConcurrentChecks, min: 1, max: 100, unit: 'a count' }),
    dedupeMaxKeys: r.integer('LM_DEDUPE_MAX_KEYS', { fallback: DEFAULT_LIMITS.dedupeMaxKeys, min: 100, max: 10_000_000, unit: 'a number of keys' }),
    intakeBacklog: r.integer('LM_INTAKE_BACKLOG', { fallback: DEFAULT_LIMITS.intakeBacklog, min: 10, max: 1_000_000, unit: 'a number of events' }),
  };
  const responseUrlOrigins = [SLACK_RESPONSE_URL_ORIGIN, ...(r.list('SLACK_RESPONSE_URL_HOSTS', RESPONSE_URL_HOST) ?? []).flatMap(toOrigin)];
  return {
    mode, botToken: botToken ?? '', port, logLevel, limits, responseUrlOrigins: [...new Set(responseUrlOrigins)],
    ...(mode === 'socket' ? { appToken } : { signingSecret }),
    ...(apiUrl ? { apiUrl } : {}),
    ...(knowledgeUrl ? { knowledgeUrl } : {}),
    ...(channels ? { channels: new Set(channels) } : {}),
    ...(checkAllowedChannels ? { checkAllowedChannels: new Set(checkAllowedChannels) } : {}),
    ...(checkAllowedUsers ? { checkAllowedUsers: new Set(checkAllowedUsers) } : {}),
  };
}

/** `hooks.slack-gov.com` → `https://hooks.slack-gov.com`; an origin as URL writes it (default port dropped). */
function toOrigin(entry: string): string[] {
  try {
    return [new URL(/^https?:\/\//i.test(entry) ? entry : `https://${entry}`).origin];
  } catch {
    return []; // reported by the list's pattern
  }
}

function withSlash(url: URL | undefined): string | undefined {
  if (!url) return undefined;
  const s = url.toString();
  return s.endsWith('/') ? s : `${s}/`;
}

/** The slice alone (tests, tools): throws ConfigError listing every problem. */
export function loadSlackConfig(env: Env): SlackConfig | undefined {
  const r = createEnvReader(env);
  const config = readSlackConfig(r, env);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
