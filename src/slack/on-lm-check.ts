/**
 * `/lm-check [public] HOST HOST …`: admit the request (its response_url is Slack's; a replay of it does not run
 * again), decide without I/O (access, usage, configuration, rate limit), ack at once, then run the AD check in one of
 * the LM_MAX_CONCURRENT_CHECKS slots (or say where it queues) and post the report to the response_url — ephemeral
 * unless `public` came first.
 */
import type { Directory } from '../core/delegation/directory';
import type { Report } from '../core/delegation/types';
import { checkMigrationPairs } from '../core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../core/delegation/parse-lm-check-args';
import type { CheckScope } from '../core/delegation/types';
import { DirectoryUnavailableError, LoadShedError, UsageError } from '../support/errors';
import { describeFailure } from '../support/describe-failure';
import { escapeSlackText } from './escape-slack-text';
import { renderReportBlocks } from './render-report-blocks';
import { waitSeconds, type RateLimiter } from '../support/rate-limiter';
import { errorFields, type Logger } from '../support/logger';
import { slackErrorCode, type Metrics } from '../support/metrics';
import { MESSAGES as M } from './messages';
import type { Dedupe } from '../support/recent-keys';
import type { Semaphore } from '../support/semaphore';
import { SLACK_RESPONSE_URL_ORIGIN } from '../config/slack-settings';
import { isAllowedResponseUrl, responseUrlHost } from './response-url';

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
  /** Bound on the whole check once it has a slot. Default 25,000 ms (the directory has its own, shorter bounds). */
  checkTimeoutMs?: number;
  /** Claims each command's trigger_id, so a replayed request runs once; none when undefined. */
  dedupe?: Dedupe;
  /** Origins a response_url may have (SLACK_RESPONSE_URL_HOSTS). Default: `https://hooks.slack.com` only. */
  responseUrlOrigins?: readonly string[];
  /** The LM_MAX_CONCURRENT_CHECKS slots, shared with the automatic pair check; no cap when undefined. */
  checkSlots?: Semaphore;
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
  command: CommandFields & { response_url?: string; trigger_id?: string };
  ack(response?: { response_type: 'ephemeral'; text: string }): Promise<void>;
  respond(message: Record<string, unknown>): Promise<unknown>;
}

type Where = Record<string, unknown>;

export function createLmCheckListener(s: LmCheckServices) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const where: Where = { command: '/lm-check', user: command.user_id, channel: command.channel_id };
    const refusal = await admitCommand(command, s, where);
    if (refusal !== undefined) {
      await ack(refusal === '' ? undefined : { response_type: 'ephemeral', text: refusal });
      return;
    }
    const plan = await planLmCheck(command, s);
    if (plan.kind === 'reply') {
      if (plan.limit) s.metrics?.rateLimited.inc({ limit: plan.limit });
      await ack({ response_type: 'ephemeral', text: plan.text });
      s.logger.info({ event: 'lm_check_refused', ...where, reason: plan.reason, ...(plan.limit ? { limit: plan.limit } : {}) }, 'lm-check answered without running');
      return;
    }
    if (s.checkSlots?.full) {
      await ack({ response_type: 'ephemeral', text: shed(new LoadShedError('directory_check', 'every AD check slot and queue place is taken'), s, where) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: M.checkAck(plan.hosts.map(escapeSlackText)) });
    const send = async (message: Record<string, unknown>) => {
      try {
        await respond({ replace_original: false, ...message });
      } catch (error) {
        s.metrics?.slackApiErrors.inc({ method: 'response_url', error: slackErrorCode(error) });
        s.logger.error({ event: 'lm_respond_failed', ...where, ...errorFields(error) }, 'could not post to response_url');
      }
    };
    await send(await runCheck(plan, s, where, send));
  };
}

/**
 * What comes before planning: the response_url must be Slack's, and a command runs once (its trigger_id is claimed;
 * a replayed request is acked silently). Returns the ack text of a request that does not run ('' for a silent ack),
 * or undefined to go on.
 */
async function admitCommand(command: CommandArgs['command'], s: LmCheckServices, where: Where): Promise<string | undefined> {
  if (!isAllowedResponseUrl(command.response_url, s.responseUrlOrigins ?? [SLACK_RESPONSE_URL_ORIGIN])) {
    s.metrics?.responseUrlRefused.inc({ source: 'command' });
    s.logger.warn({ event: 'lm_response_url_refused', ...where, host: responseUrlHost(command.response_url) }, 'response_url is not on a Slack host (SLACK_RESPONSE_URL_HOSTS); not answering there');
    return M.responseUrlRefused;
  }
  if (!s.dedupe || !command.trigger_id) return undefined;
  try {
    if (await s.dedupe.claim(command.trigger_id)) return undefined;
  } catch (error) {
    if (error instanceof LoadShedError) return shed(error, s, where);
    throw error;
  }
  s.metrics?.retriesDeduplicated.inc({ retry: 'false' });
  s.logger.info({ event: 'lm_duplicate', ...where, triggerId: command.trigger_id }, 'replayed /lm-check not run again');
  return '';
}

/** Logs and meters shed work; returns what the person is told. */
function shed(error: LoadShedError, s: LmCheckServices, where: Where): string {
  s.metrics?.shed.inc({ kind: error.kind });
  s.logger.warn({ event: 'lm_shed', ...where, kind: error.kind, ...errorFields(error) }, 'lm-check shed under load');
  return describeFailure(error).sentence;
}

/**
 * Runs the check in one of the LM_MAX_CONCURRENT_CHECKS slots; a check that has to wait says so first ("Queued
 * behind N checks"), so the position message always comes before the report. Returns the report message.
 */
async function runCheck(plan: Extract<LmCheckPlan, { kind: 'run' }>, s: LmCheckServices, where: Where, send: (m: Record<string, unknown>) => Promise<void>): Promise<Record<string, unknown>> {
  const started = Date.now();
  let notice: Promise<void> | undefined;
  let queued: number | undefined;
  try {
    const request = { hosts: plan.hosts, ...(plan.scope ? { scope: plan.scope } : {}) };
    const work = () => withTimeout(checkMigrationPairs(request, s.directory as Directory), s.checkTimeoutMs ?? 25_000);
    const report = await (s.checkSlots ? s.checkSlots.run(work, (ahead) => {
      queued = ahead;
      notice = send({ response_type: 'ephemeral', text: M.checkQueued(ahead) });
    }) : work());
    for (const p of report.pairs) s.metrics?.checks.inc({ verdict: p.verdict, source: 'command' });
    s.logger.info({
      event: 'lm_check', ...where, hosts: plan.hosts.length, ...counts(report), latencyMs: Date.now() - started, ...(queued !== undefined ? { queuedBehind: queued } : {}),
    }, 'lm-check answered');
    await notice;
    return { ...renderReportBlocks(report), response_type: plan.inChannel ? 'in_channel' : 'ephemeral' };
  } catch (error) {
    await notice;
    if (error instanceof LoadShedError) return { response_type: 'ephemeral', text: shed(error, s, where) };
    s.metrics?.checks.inc({ verdict: 'error', source: 'command' });
    s.logger.error({ event: 'lm_check_failed', ...where, ...errorFields(error) }, 'lm-check failed');
    return { response_type: 'ephemeral', text: describeFailure(error).sentence };
  }
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
