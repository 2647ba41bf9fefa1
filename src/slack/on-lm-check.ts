/**
 * `/lm-check [public] HOST HOST …`: decide without I/O (access, usage, configuration, rate limit), ack at once,
 * then run the AD check and post the report to the response_url — ephemeral unless `public` came first.
 */
import type { Directory } from '../core/delegation/directory';
import type { Report } from '../core/delegation/types';
import { checkMigrationPairs } from '../core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../core/delegation/parse-lm-check-args';
import type { CheckScope } from '../core/delegation/types';
import { DirectoryUnavailableError, UsageError } from '../support/errors';
import { describeFailure } from '../support/describe-failure';
import { escapeSlackText } from './escape-slack-text';
import { renderReportBlocks } from './render-report-blocks';
import { waitSeconds, type RateLimiter } from '../support/rate-limiter';
import { errorFields, type Logger } from '../support/logger';
import { slackErrorCode, type Metrics } from '../support/metrics';
import { MESSAGES as M } from './messages';

export interface LmCheckServices {
  directory?: Directory;
  logger: Logger;
  /** One check per user per interval (LM_CHECK_USER_INTERVAL_SECONDS); no limit when undefined. */
  limiter?: RateLimiter;
  /** Checks per channel per minute (LM_CHECKS_PER_CHANNEL_PER_MINUTE); no limit when undefined. */
  channelLimiter?: RateLimiter;
  metrics?: Metrics;
  /** LM_CHECK_ALLOWED_CHANNELS; when set, the command runs only there. */
  allowedChannels?: ReadonlySet<string>;
  /** LM_CHECK_ALLOWED_USERS; when set, only these people may run it. Both lists must admit a request. */
  allowedUsers?: ReadonlySet<string>;
  /** Bound on the whole check after the ack. Default 25,000 ms (the directory has its own, shorter bounds). */
  checkTimeoutMs?: number;
}

export interface CommandFields {
  text: string;
  user_id: string;
  channel_id: string;
}

export type LmCheckPlan =
  | { kind: 'reply'; text: string; reason: string; limit?: 'lm_check_user' | 'lm_check_channel' }
  | { kind: 'run'; hosts: string[]; scope?: CheckScope; inChannel: boolean };

/**
 * What to do with a command, decided before any I/O but the rate limits (Redis when shared). Takes the user's slot,
 * then the channel's; a refusal says how long to wait.
 */
export async function planLmCheck(command: CommandFields, s: LmCheckServices): Promise<LmCheckPlan> {
  if (s.allowedChannels && !s.allowedChannels.has(command.channel_id)) return { kind: 'reply', text: M.checkRefusedChannel, reason: 'channel' };
  if (s.allowedUsers && !s.allowedUsers.has(command.user_id)) return { kind: 'reply', text: M.checkRefusedUser, reason: 'user' };
  const words = command.text.trim().split(/\s+/).filter((w) => w.length > 0);
  const inChannel = words[0]?.toLowerCase() === 'public';
  const args = inChannel ? words.slice(1) : words;
  if (args.length === 0 || /^(help|-h|--help)$/i.test(args[0])) return { kind: 'reply', text: M.checkUsage('Check Kerberos delegation for live migration.'), reason: 'help' };
  let hosts: string[];
  let scope: CheckScope | undefined;
  try {
    ({ hosts, scope } = parseLmCheckArgs(args));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { kind: 'reply', text: M.checkUsage(`${escapeSlackText(capitalise(error.message))}.`), reason: 'usage' };
  }
  if (!s.directory) return { kind: 'reply', text: M.checkNotConfigured, reason: 'not_configured' };
  const userWait = (await s.limiter?.take(command.user_id)) ?? 0;
  if (userWait > 0) return { kind: 'reply', text: M.checkRateLimited(waitSeconds(userWait)), reason: 'rate_limited', limit: 'lm_check_user' };
  const channelWait = (await s.channelLimiter?.take(command.channel_id)) ?? 0;
  if (channelWait > 0) return { kind: 'reply', text: M.checkChannelRateLimited(waitSeconds(channelWait)), reason: 'rate_limited', limit: 'lm_check_channel' };
  return { kind: 'run', hosts, ...(scope ? { scope } : {}), inChannel };
}

interface CommandArgs {
  command: CommandFields;
  ack(response?: { response_type: 'ephemeral'; text: string }): Promise<void>;
  respond(message: Record<string, unknown>): Promise<unknown>;
}

export function createLmCheckListener(s: LmCheckServices) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const where = { command: '/lm-check', user: command.user_id, channel: command.channel_id };
    const plan = await planLmCheck(command, s);
    if (plan.kind === 'reply') {
      if (plan.limit) s.metrics?.rateLimited.inc({ limit: plan.limit });
      await ack({ response_type: 'ephemeral', text: plan.text });
      s.logger.info({ event: 'lm_check_refused', ...where, reason: plan.reason, ...(plan.limit ? { limit: plan.limit } : {}) }, 'lm-check answered without running');
      return;
    }
    await ack({ response_type: 'ephemeral', text: M.checkAck(plan.hosts.map(escapeSlackText)) });
    const started = Date.now();
    let message: Record<string, unknown>;
    try {
      const request = { hosts: plan.hosts, ...(plan.scope ? { scope: plan.scope } : {}) };
      const report = await withTimeout(checkMigrationPairs(request, s.directory as Directory), s.checkTimeoutMs ?? 25_000);
      message = { ...renderReportBlocks(report), response_type: plan.inChannel ? 'in_channel' : 'ephemeral' };
      for (const p of report.pairs) s.metrics?.checks.inc({ verdict: p.verdict, source: 'command' });
      s.logger.info({ event: 'lm_check', ...where, hosts: plan.hosts.length, ...counts(report), latencyMs: Date.now() - started }, 'lm-check answered');
    } catch (error) {
      s.metrics?.checks.inc({ verdict: 'error', source: 'command' });
      s.logger.error({ event: 'lm_check_failed', ...where, ...errorFields(error) }, 'lm-check failed');
      message = { response_type: 'ephemeral', text: describeFailure(error).sentence };
    }
    try {
      await respond({ replace_original: false, ...message });
    } catch (error) {
      s.metrics?.slackApiErrors.inc({ method: 'response_url', error: slackErrorCode(error) });
      s.logger.error({ event: 'lm_respond_failed', ...where, ...errorFields(error) }, 'could not post to response_url');
    }
  };
}

function counts(report: Report) {
  return {
    fail: report.pairs.filter((p) => p.verdict === 'fail').length,
    warn: report.pairs.filter((p) => p.verdict === 'warn').length,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DirectoryUnavailableError(`the check did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
