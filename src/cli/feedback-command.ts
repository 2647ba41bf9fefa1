/**
 * `lm-doctor feedback export [--since 30d] [--label-only]` and `lm-doctor feedback report [--since 30d] [--json]`.
 * Both read the configured store (the Redis stream when REDIS_URL is set, else `<LM_DATA_DIR>/feedback.jsonl`) and
 * never write to it.
 */
import type { CliIo } from './io';
import type { Config } from '../config/load-config';
import type { FeedbackStore } from '../support/feedback-record';
import { FeedbackUnavailableError, UsageError } from '../support/errors';
import { SILENT_LOGGER } from '../support/logger';
import { createMetrics } from '../support/metrics';
import { createHealth } from '../support/health';
import { describeRedisUrl } from '../config/ops-settings';
import { toEvaluationLines } from '../feedback/feedback-lines';
import { buildFeedbackReport, renderFeedbackReport } from '../feedback/feedback-report';

const USAGE = 'usage: lm-doctor feedback export [--since 30d] [--label-only] | lm-doctor feedback report [--since 30d] [--json]';
/** How long the CLI waits for Redis before saying it is unreachable. */
const REDIS_CONNECT_MS = 3000;

interface FeedbackFlags { since?: number; labelOnly: boolean; json: boolean }

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `2w`, or a date (2026-06-01): the time from which records are read. */
export function parseSince(value: string, now: number): number {
  const m = /^(\d{1,5})([hdw])$/.exec(value);
  if (m) return now - Number(m[1]) * UNIT_MS[m[2]];
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--since takes a duration such as 30d, 12h or 2w, or a date such as 2026-06-01 (got "${value}")`);
  return at;
}

function parseFlags(sub: string, args: string[], now: number): FeedbackFlags {
  const flags: FeedbackFlags = { labelOnly: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--since' || a.startsWith('--since=')) {
      const value = a === '--since' ? args[++i] : a.slice('--since='.length);
      if (!value) throw new UsageError('--since needs a value, e.g. --since 30d');
      flags.since = parseSince(value, now);
    } else if (a === '--label-only' && sub === 'export') flags.labelOnly = true;
    else if (a === '--json' && sub === 'report') flags.json = true;
    else throw new UsageError(`feedback ${sub}: unknown option "${a}"`);
  }
  return flags;
}

/** The configured store, opened for reading; `close` releases its connection. */
async function openStore(config: Config): Promise<{ store: FeedbackStore; close: () => Promise<void> }> {
  const url = config.ops.redisUrl;
  if (!url) {
    const { openLocalFeedbackStore } = require('../feedback/open-local-store') as typeof import('../feedback/open-local-store');
    const { store } = openLocalFeedbackStore(config.feedback);
    return { store, close: () => store.close() };
  }
  const { connectRedis } = require('../redis/redis-link') as typeof import('../redis/redis-link');
  const { createRedisFeedbackStore } = require('../redis/feedback-stream') as typeof import('../redis/feedback-stream');
  const link = connectRedis({ url, logger: SILENT_LOGGER, metrics: createMetrics(), health: createHealth() });
  const until = Date.now() + REDIS_CONNECT_MS;
  while (!link.up && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  if (!link.up) {
    await link.close();
    throw new FeedbackUnavailableError(`Redis at ${describeRedisUrl(url)} did not answer within ${REDIS_CONNECT_MS / 1000} s`);
  }
  return { store: createRedisFeedbackStore(link, config.feedback), close: () => link.close() };
}

export async function runFeedbackCommand(args: string[], io: CliIo, config: () => Config, now = Date.now()): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export' && sub !== 'report') throw new UsageError(USAGE);
  const flags = parseFlags(sub, rest, now);
  const { store, close } = await openStore(config());
  try {
    const records = await store.list(flags.since === undefined ? {} : { since: flags.since });
    if (sub === 'export') {
      io.stdout(toEvaluationLines(records, { labelOnly: flags.labelOnly }).map((l) => `${JSON.stringify(l)}\n`).join(''));
      return 0;
    }
    const report = buildFeedbackReport(records);
    io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderFeedbackReport(report));
    return 0;
  } finally {
    await close();
  }
}
