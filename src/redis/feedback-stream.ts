/**
 * The FeedbackStore shared by replicas: one Redis stream of records, bounded with `XADD … MAXLEN ~ maxRecords`, and
 * one claim key per record id. A Lua script makes the claim (`SET claim NX EX retention`) and the XADD one atomic
 * step, so two replicas storing the same click add it once, and a failed XADD never leaves a claim without its
 * record. Stream ids are Redis's clock in ms, so retention is `XTRIM MINID <now − retention>` (Redis ≥ 6.2), run
 * with every add and by prune().
 * Unlike dedupe, a record has no in-process fallback: when Redis is unreachable add() throws
 * FeedbackUnavailableError and the caller tells the person the label was not kept.
 */
import type { FeedbackConfig } from '../config/feedback-settings';
import type { AnswerCountQuery, FeedbackQuery, FeedbackRecord, FeedbackStore } from '../support/feedback-record';
import { keepCountsOnly, parseFeedbackRecord, retentionCutoff } from '../support/feedback-counts';
import { FeedbackUnavailableError } from '../support/errors';
import type { RedisLink } from './redis-link';

/** One hash tag, so the stream and its claims live in one slot of a Redis Cluster. */
export const FEEDBACK_STREAM_KEY = '{feedback}:stream';
const claimKey = (id: string) => `{feedback}:claim:${id}`;
/** Answers posted on one UTC day (YYYY-MM-DD): a hash of entry → count. */
export const answersKey = (day: string) => `{feedback}:answers:${day}`;
const PAGE = 1000;
/** Records are listed from this long before `since`, then filtered by their own time (the click's, not Redis's). */
const CLOCK_SLACK_MS = 3_600_000;

/**
 * KEYS = claim, stream; ARGV = claim seconds, max records, record JSON, oldest id kept. Returns 1 when added, 0 when
 * known. Every add also trims what the retention no longer allows, so retention holds without a separate job.
 */
const ADD_ONCE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'record', ARGV[3])
redis.call('XTRIM', KEYS[2], 'MINID', ARGV[4])
return 1`;

export interface RedisFeedbackStoreOptions {
  /** The clock, ms since the epoch (tests). Default Date.now. */
  now?: () => number;
}

export function createRedisFeedbackStore(link: RedisLink, config: FeedbackConfig, options: RedisFeedbackStoreOptions = {}): FeedbackStore {
  const now = options.now ?? Date.now;
  const claimSeconds = String(config.retentionDays * 86_400);
  const required = async <T>(operation: string, command: Parameters<RedisLink['run']>[1]): Promise<T> => {
    const result = await link.run(operation, command);
    if (result === undefined) throw new FeedbackUnavailableError();
    return result as T;
  };
  return {
    async add(record: FeedbackRecord) {
      const stored = config.mode === 'counts' ? keepCountsOnly(record) : record;
      const minId = String(Math.max(0, retentionCutoff(config.retentionDays, now())));
      const added = await required<number>('feedback_add', (r) => r.eval(ADD_ONCE, 2, claimKey(record.id), FEEDBACK_STREAM_KEY, claimSeconds, String(config.maxRecords), JSON.stringify(stored), minId) as Promise<number>);
      return Number(added) === 1;
    },
    async list(query: FeedbackQuery = {}) {
      const cutoff = Math.max(query.since ?? 0, retentionCutoff(config.retentionDays, now()));
      const records: FeedbackRecord[] = [];
      let start = String(Math.max(0, cutoff - CLOCK_SLACK_MS));
      for (;;) {
        const page = await required<[string, string[]][]>('feedback_list', (r) => r.xrange(FEEDBACK_STREAM_KEY, start, '+', 'COUNT', PAGE));
        for (const [, fields] of page) {
          const record = parseFeedbackRecord(fields[fields.indexOf('record') + 1] ?? '');
          if (record && Date.parse(record.at) >= cutoff) records.push(record);
        }
        if (page.length < PAGE) return records;
        start = `(${page[page.length - 1][0]}`;
      }
    },
    // Answers per day: one hash a day (entry → count), expiring with the retention; two replicas add, never double.
    async countAnswer(entry: string, at: string) {
      const key = answersKey(at.slice(0, 10));
      await required('feedback_count_answer', (r) => r.multi().hincrby(key, entry, 1).expire(key, claimSeconds).exec());
    },
    async answerCounts(query: AnswerCountQuery = {}) {
      const cutoff = Math.max(query.since ?? 0, retentionCutoff(config.retentionDays, now()));
      const keys: string[] = [];
      for (let day = Date.parse(new Date(cutoff).toISOString().slice(0, 10)); day <= now(); day += 86_400_000) keys.push(answersKey(new Date(day).toISOString().slice(0, 10)));
      // One round trip for every day of the period.
      const replies = await required<[Error | null, Record<string, string>][]>('feedback_answer_counts',
        (r) => r.pipeline(keys.map((key) => ['hgetall', key])).exec() as Promise<[Error | null, Record<string, string>][]>);
      const counts = new Map<string, number>();
      for (const [error, hash] of replies) {
        if (error) throw new FeedbackUnavailableError();
        for (const [entry, n] of Object.entries(hash)) counts.set(entry, (counts.get(entry) ?? 0) + Number(n));
      }
      return counts;
    },
    async prune(at = now()) {
      const minId = String(Math.max(0, retentionCutoff(config.retentionDays, at)));
      return required<number>('feedback_prune', (r) => r.xtrim(FEEDBACK_STREAM_KEY, 'MINID', minId));
    },
    // The link belongs to the caller (it is shared with dedupe and rate limits).
    async close() {},
  };
}
