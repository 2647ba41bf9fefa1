/**
 * lm-doctor's Prometheus metrics (prom-client), in a registry of their own so that several apps in one process
 * (tests) never share counters. Label values come from the knowledge base, fixed code lists or Slack error codes,
 * never from user text, so the number of series stays bounded.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Message and app_mention events that reached the paste listener. */
  messagesSeen: Counter<'type'>;
  diagnoses: Counter<'entry'>;
  /** Messages answered with silence (no match, chatter), by the matcher's reason. */
  silences: Counter<'reason'>;
  feedback: Counter<'entry' | 'kind'>;
  /** Labelled choices: the entry answered (`none` when silent) and the entry people chose (`none`: not live migration). */
  feedbackCorrections: Counter<'answered' | 'chosen'>;
  /** AD check results per ordered host pair (`ok`, `warn`, `fail`), or `error` when the check failed. */
  checks: Counter<'verdict' | 'source'>;
  ldapDuration: Histogram<'operation' | 'outcome'>;
  slackApiErrors: Counter<'method' | 'error'>;
  /** Web API calls that Slack answered with HTTP 429 (retried after Retry-After). */
  slackRateLimited: Counter<'method'>;
  /** Events not answered because the same message was already claimed (Slack retries, duplicate deliveries). */
  retriesDeduplicated: Counter<'retry'>;
  /** Requests refused by lm-doctor's own rate limits. */
  rateLimited: Counter<'limit'>;
  /** 1 while Redis is in use, 0 while lm-doctor runs on in-process state because Redis is unreachable. */
  redisUp: Gauge;
  /** Operations that fell back to in-process state because Redis failed. */
  redisFallbacks: Counter<'operation'>;
  /**
   * Work refused so that acknowledgements never wait: `diagnosis` (the worker queue was full), `dedupe` (the dedupe
   * store was at its cap), and so on. Shed work gets no reply (a mention or a command gets a short "busy").
   */
  shed: Counter<'kind'>;
  /** Pastes waiting for a diagnosis worker. */
  workQueue: Gauge;
  /** Signed requests whose response_url pointed outside Slack's hosts (SLACK_RESPONSE_URL_HOSTS): nothing posted there. */
  responseUrlRefused: Counter<'source'>;
  /** Process-level faults caught by bin/: `unhandled_rejection` (serving goes on), `uncaught_exception` (shutdown). */
  processErrors: Counter<'kind'>;
}

export interface MetricsOptions {
  /** Also collect Node's default process metrics (memory, CPU, event loop lag). Default false. */
  processMetrics?: boolean;
}

const LDAP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'lm_' });
  const registers = [registry];
  return {
    registry,
    messagesSeen: new Counter({ name: 'lm_messages_seen_total', help: 'Message events received by the paste listener', labelNames: ['type'], registers }),
    diagnoses: new Counter({ name: 'lm_diagnoses_total', help: 'Pastes answered with a knowledge entry', labelNames: ['entry'], registers }),
    silences: new Counter({ name: 'lm_silences_total', help: 'Messages left unanswered (no match)', labelNames: ['reason'], registers }),
    feedback: new Counter({ name: 'lm_feedback_total', help: 'Feedback button clicks', labelNames: ['entry', 'kind'], registers }),
    feedbackCorrections: new Counter({ name: 'lm_feedback_corrections_total', help: 'Answers people corrected: entry answered, entry chosen', labelNames: ['answered', 'chosen'], registers }),
    checks: new Counter({ name: 'lm_checks_total', help: 'AD delegation check results per host pair', labelNames: ['verdict', 'source'], registers }),
    ldapDuration: new Histogram({
      name: 'lm_ldap_request_duration_seconds', help: 'Duration of directory calls (connect, bind and searches)',
      labelNames: ['operation', 'outcome'], buckets: LDAP_BUCKETS, registers,
    }),
    slackApiErrors: new Counter({ name: 'lm_slack_api_errors_total', help: 'Failed Slack Web API or response_url calls', labelNames: ['method', 'error'], registers }),
    slackRateLimited: new Counter({ name: 'lm_slack_rate_limited_total', help: 'Slack Web API calls answered with HTTP 429', labelNames: ['method'], registers }),
    retriesDeduplicated: new Counter({ name: 'lm_event_retries_deduplicated_total', help: 'Duplicate deliveries and retries not answered again', labelNames: ['retry'], registers }),
    rateLimited: new Counter({ name: 'lm_rate_limited_total', help: 'Requests refused by lm-doctor rate limits', labelNames: ['limit'], registers }),
    redisUp: new Gauge({ name: 'lm_redis_up', help: '1 when shared state in Redis is in use, 0 when degraded to in-process state', registers }),
    redisFallbacks: new Counter({ name: 'lm_redis_fallbacks_total', help: 'Operations served from in-process state because Redis failed', labelNames: ['operation'], registers }),
    shed: new Counter({ name: 'lm_shed_total', help: 'Work refused under load so that acknowledgements never wait', labelNames: ['kind'], registers }),
    workQueue: new Gauge({ name: 'lm_work_queue', help: 'Pastes waiting for a diagnosis worker', registers }),
    responseUrlRefused: new Counter({ name: 'lm_response_url_refused_total', help: 'response_urls refused because their host is not Slack\'s', labelNames: ['source'], registers }),
    processErrors: new Counter({ name: 'lm_process_errors_total', help: 'Unhandled promise rejections and uncaught exceptions', labelNames: ['kind'], registers }),
  };
}

/** The Slack error code of a failed Web API or response_url call, for a bounded metric label. */
export function slackErrorCode(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown; statusCode?: unknown } | null;
  if (typeof e?.data?.error === 'string' && /^[a-z0-9_]{1,64}$/.test(e.data.error)) return e.data.error;
  if (typeof e?.statusCode === 'number') return `http_${e.statusCode}`;
  if (typeof e?.code === 'string' && /^[a-z0-9_]{1,64}$/i.test(e.code)) return e.code;
  return 'unknown';
}
