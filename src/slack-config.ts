/**
 * loadSlackConfig(env): the Slack slice of lm-doctor's configuration and the choice of run mode. Pure: tests pass
 * plain objects. Every problem is reported at once (ConfigError), each saying what to set; secrets never appear in a
 * message or a log line.
 */
import { ConfigError } from './errors';
import { readEnv as read, readWholeNumber, type Env } from './env-values';

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
  /** lm-doctor's own rate limits; 0 turns one off. */
  limits: SlackLimits;
}

export interface SlackLimits {
  /** LM_CHANNEL_REPLIES_PER_MINUTE: paste replies per channel per minute. Default 20. */
  channelRepliesPerMinute: number;
  /** LM_CHECKS_PER_CHANNEL_PER_MINUTE: /lm-check runs per channel per minute. Default 20. */
  checksPerChannelPerMinute: number;
  /** LM_CHECK_USER_INTERVAL_SECONDS: one /lm-check per user per this many seconds. Default 5. */
  checkUserIntervalSeconds: number;
}

export const DEFAULT_LIMITS: SlackLimits = Object.freeze({ channelRepliesPerMinute: 20, checksPerChannelPerMinute: 20, checkUserIntervalSeconds: 5 });

export const DEFAULT_PORT = 3000;
const SLACK_ID = /^[A-Z0-9]{2,32}$/;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The names of every variable this module reads, for docs and the CLI's usage text. */
export const SLACK_ENV = [
  'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'SLACK_API_URL', 'LM_CHANNELS',
  'LM_CHECK_ALLOWED_CHANNELS', 'LM_CHECK_ALLOWED_USERS', 'LM_KNOWLEDGE_URL', 'SLACK_LOG_LEVEL',
  'LM_CHANNEL_REPLIES_PER_MINUTE', 'LM_CHECKS_PER_CHANNEL_PER_MINUTE', 'LM_CHECK_USER_INTERVAL_SECONDS',
] as const;

/** Which shell `serve` runs: Socket Mode when an app token is set, HTTP with a signing secret, else the console. */
export function selectMode(env: Env): SlackMode {
  if (read(env, 'SLACK_APP_TOKEN')) return 'socket';
  if (read(env, 'SLACK_SIGNING_SECRET')) return 'http';
  if (read(env, 'SLACK_BOT_TOKEN')) return 'http'; // reported below: HTTP mode without a signing secret
  return 'console';
}

function readIdList(env: Env, name: string, problems: string[]): ReadonlySet<string> | undefined {
  const raw = read(env, name);
  if (!raw) return undefined;
  const ids = raw.split(/[\s,]+/).filter((t) => t.length > 0);
  const bad = ids.filter((id) => !SLACK_ID.test(id));
  if (bad.length > 0) {
    problems.push(`${name} must be a comma-separated list of Slack IDs such as C0123ABCD or U0123ABCD ` +
      `(not names); these are not IDs: ${bad.slice(0, 5).map((b) => JSON.stringify(b.slice(0, 40))).join(', ')}`);
  }
  return new Set(ids);
}

function readUrl(env: Env, name: string, problems: string[], example: string): string | undefined {
  const raw = read(env, name);
  if (!raw) return undefined;
  let url: URL | undefined;
  try { url = new URL(raw); } catch { url = undefined; }
  if (!url || !/^https?:$/.test(url.protocol)) {
    problems.push(`${name} must be an http(s) URL such as ${example}`);
    return undefined;
  }
  return raw.endsWith('/') ? raw : `${raw}/`;
}

/**
 * Reads the Slack settings. Returns undefined in console mode (no Slack variables at all); throws ConfigError
 * listing every problem otherwise.
 */
export function loadSlackConfig(env: Env): SlackConfig | undefined {
  const mode = selectMode(env);
  if (mode === 'console') return undefined;
  const problems: string[] = [];
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');
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
  let port = DEFAULT_PORT;
  const rawPort = read(env, 'PORT');
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) problems.push(`PORT must be a TCP port number 1–65535 (got "${rawPort.slice(0, 20)}")`);
  }
  const apiUrl = readUrl(env, 'SLACK_API_URL', problems, 'https://slack.com/api/');
  const knowledgeUrl = readUrl(env, 'LM_KNOWLEDGE_URL', problems, 'https://github.com/acme/lm-doctor/blob/main/knowledge/');
  const channels = readIdList(env, 'LM_CHANNELS', problems);
  const checkAllowedChannels = readIdList(env, 'LM_CHECK_ALLOWED_CHANNELS', problems);
  const checkAllowedUsers = readIdList(env, 'LM_CHECK_ALLOWED_USERS', problems);
  const rawLevel = read(env, 'SLACK_LOG_LEVEL')?.toLowerCase() ?? 'warn';
  const logLevel = LOG_LEVELS.find((l) => l === rawLevel);
  if (!logLevel) problems.push(`SLACK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${rawLevel.slice(0, 20)}")`);
  const limits = readLimits(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode, botToken: botToken as string, port, logLevel: logLevel ?? 'warn', limits,
    ...(mode === 'socket' ? { appToken } : { signingSecret }),
    ...(apiUrl ? { apiUrl } : {}),
    ...(knowledgeUrl ? { knowledgeUrl } : {}),
    ...(channels ? { channels } : {}),
    ...(checkAllowedChannels ? { checkAllowedChannels } : {}),
    ...(checkAllowedUsers ? { checkAllowedUsers } : {}),
  };
}

function readLimits(env: Env, problems: string[]): SlackLimits {
  const perMinute = (name: string, fallback: number) => readWholeNumber(env, name, fallback, 0, 10_000, 'a count (0 = no limit)', problems);
  return {
    channelRepliesPerMinute: perMinute('LM_CHANNEL_REPLIES_PER_MINUTE', DEFAULT_LIMITS.channelRepliesPerMinute),
    checksPerChannelPerMinute: perMinute('LM_CHECKS_PER_CHANNEL_PER_MINUTE', DEFAULT_LIMITS.checksPerChannelPerMinute),
    checkUserIntervalSeconds: readWholeNumber(env, 'LM_CHECK_USER_INTERVAL_SECONDS', DEFAULT_LIMITS.checkUserIntervalSeconds, 0, 3600,
      'a number of seconds (0 = no limit)', problems),
  };
}
