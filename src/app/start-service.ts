/**
 * The composition root of the Slack service: the one place that builds lm-doctor from its parts. From the parsed
 * configuration and the knowledge index it makes the logger (secrets scrubbed), metrics, health, the instrumented
 * directory, the replica state (Redis or in-process), the feedback store (a file in LM_DATA_DIR, or Redis), OCR, the
 * ops server (/healthz, /readyz, /metrics) and the Slack app, and hands each part what it needs; no adapter builds
 * another. `stop()` shuts down in order: Slack (no new events, in-flight replies finish within the bound), the
 * directory probe, the feedback store, Redis, the ops server, OCR.
 */
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { SlackConfig } from '../config/slack-settings';
import type { LdapConfig } from '../config/ldap-settings';
import { createDirectory } from '../directory/create-directory';
import { startSlackApp, type RunningSlackApp } from '../slack/start-slack-app';
import { errorFields, type Logger } from '../support/logger';
import { within } from '../support/within';
import type { ProcessFaultHandler } from './process-faults';
import { ConfigError } from '../support/errors';
import { createLogger } from '../support/create-logger';
import { createMetrics } from '../support/metrics';
import { createHealth } from '../support/health';
import { instrumentDirectory } from '../ops/instrument-directory';
import { connectRedis, type RedisLink } from '../redis/redis-link';
import { createRedisState } from '../redis/shared-state';
import { createLocalState } from '../support/replica-state';
import { createOpsHandler, createOpsResponder, startOpsServer, type OpsServer } from '../ops/ops-server';
import type { OpsConfig } from '../config/ops-settings';
import type { OcrConfig } from '../config/ocr-settings';
import { createOcrProcessEngine } from '../ocr/ocr-process';
import { imageReader } from '../ocr/read-image-text';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { WorkConfig } from '../config/work-settings';
import type { KnowledgeConfig } from '../config/knowledge-settings';
import type { Diagnosis } from '../core/types';
import type { Metrics } from '../support/metrics';
import { createDiagnosisPool, type DiagnosisPool } from './diagnosis-pool';
import { readFileSync } from 'node:fs';
import type { FeedbackConfig } from '../config/feedback-settings';
import type { FeedbackStore } from '../support/feedback-record';
import { openLocalFeedbackStore } from '../feedback/open-local-store';
import { makeFeedbackRecord } from '../feedback/make-record';
import { createRedisFeedbackStore } from '../redis/feedback-stream';
import { createRedisReplyMemory } from '../redis/reply-context';
import { createReplyMemory } from '../slack/reply-memory';
import { redactPaste } from '../core/redact-paste';

export interface ServiceOptions {
  slack: SlackConfig;
  ops: OpsConfig;
  ldap?: LdapConfig;
  index: KnowledgeIndex;
  packageRoot: string;
  /** Default: pino JSON lines on standard output at LOG_LEVEL, with every configured secret scrubbed. */
  logger?: Logger;
  /** LM_OCR_*: screenshot reading; its worker starts with the first image. Off when undefined or disabled. */
  ocr?: OcrConfig;
  /** Diagnosis threads and their queue, with the knowledge the threads load; on the main thread when undefined. */
  work?: { config: WorkConfig; knowledge: KnowledgeConfig };
  /** Labelled feedback (LM_DATA_DIR, LM_FEEDBACK_*): a file in LM_DATA_DIR, or a Redis stream with REDIS_URL. None stored when undefined. */
  feedback?: FeedbackConfig;
}

export interface RunningService {
  app: RunningSlackApp;
  /** The port /healthz, /readyz and /metrics answer on. */
  opsPort: number;
  /** Bounded shutdown: everything closed within SHUTDOWN_TIMEOUT_MS, whatever clients do. */
  stop(): Promise<void>;
  /** Logs a process-level fault (scrubbed, `lm_process_error`) and counts it in lm_process_errors_total. */
  reportFault: ProcessFaultHandler;
  /** Settles when a part the service cannot run without has failed (the HTTP intake thread): stop and exit 1. */
  failed: Promise<Error>;
}

/** The part of SHUTDOWN_TIMEOUT_MS kept for closing Redis, the ops server and workers after the drain. */
function closingReserveMs(timeoutMs: number): number {
  return Math.min(1000, Math.floor(timeoutMs / 5));
}

/** Every secret value in the configuration, for the logger to scrub. */
export function secretsOf(o: Pick<ServiceOptions, 'slack' | 'ops' | 'ldap'>): string[] {
  const redisPassword = o.ops.redisUrl ? new URL(o.ops.redisUrl).password : '';
  return [o.slack.botToken, o.slack.appToken, o.slack.signingSecret, o.ldap?.bindPassword, redisPassword, safeDecode(redisPassword)]
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** The diagnosis worker pool, sized from LM_WORKER_THREADS (default: one thread less than the CPUs, at least 1). */
function createPool(o: ServiceOptions, logger: Logger): DiagnosisPool | undefined {
  if (!o.work) return undefined;
  const threads = o.work.config.threads ?? Math.max(1, availableParallelism() - 1);
  if (threads === 0) return undefined;
  const workerFile = join(o.packageRoot, 'dist', 'app', 'diagnose-worker.js');
  const pool = createDiagnosisPool({ knowledge: o.work.knowledge, entries: o.index.entries, workerFile, threads, maxQueue: o.work.config.maxQueue });
  logger.info({ event: 'lm_workers', threads, maxQueue: o.work.config.maxQueue }, `diagnosing on ${threads} worker thread(s)`);
  return pool;
}

/** lm-doctor's version, from package.json: every labelled record says which version answered. */
function packageVersion(packageRoot: string): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}

/** SQLite in LM_DATA_DIR, or the JSONL file when better-sqlite3 is not installed (said once, at start-up). */
function openLocal(config: FeedbackConfig, logger: Logger): FeedbackStore {
  const local = openLocalFeedbackStore(config);
  if (local.fallback) logger.warn({ event: 'lm_feedback_store', store: local.kind, file: local.store.file, reason: local.fallback }, 'feedback kept in a JSONL file: SQLite is not available');
  else logger.info({ event: 'lm_feedback_store', store: local.kind, file: local.store.file }, 'feedback kept in SQLite');
  return local.store;
}

/** The pool's diagnose, with its queue length on /metrics. */
function metered(pool: DiagnosisPool, metrics: Metrics): (text: string) => Promise<Diagnosis> {
  return async (text) => {
    metrics.workQueue.set(pool.queued);
    try {
      return await pool.diagnose(text);
    } finally {
      metrics.workQueue.set(pool.queued); // back to 0 once a burst has passed
    }
  };
}

export async function startService(o: ServiceOptions): Promise<RunningService> {
  const { slack, ops } = o;
  const logger = o.logger ?? createLogger({ level: ops.logLevel, secrets: secretsOf(o) });
  const metrics = createMetrics({ processMetrics: true });
  const health = createHealth({ knowledgeEntries: o.index.entries.length });
  const directory = o.ldap ? instrumentDirectory(createDirectory(o.ldap, o.packageRoot), metrics, health, undefined, logger) : undefined;
  if (directory) {
    health.refresh = () => directory.refreshIfStale();
    void directory.probe();
  }
  // OCR in a child process, stopped when idle: large screenshots leave no memory behind in the service.
  const ocrEngine = o.ocr?.enabled
    ? createOcrProcessEngine({ childFile: join(o.packageRoot, 'dist', 'ocr', 'ocr-child.js'), timeoutMs: o.ocr.timeoutMs, idleMs: o.ocr.idleMs })
    : undefined;
  const ocr = ocrEngine && o.ocr ? imageReader(ocrEngine, o.ocr) : undefined;
  const pool = createPool(o, logger);
  const handler = createOpsHandler(health, metrics.registry);
  const shared = slack.mode === 'http' && ops.metricsPort === slack.port;
  let redis: RedisLink | undefined;
  let opsServer: OpsServer | undefined;
  let feedbackStore: FeedbackStore | undefined;
  let app: RunningSlackApp;
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => { fail = resolve; });
  try {
    opsServer = shared ? undefined : await startOpsServer(handler, ops.metricsPort, ops.opsHost).catch((error: unknown) => {
      throw new ConfigError([`cannot serve /healthz and /metrics on METRICS_PORT ${ops.metricsPort} (${(error as { code?: string }).code ?? (error as Error).message}): set METRICS_PORT to a free port`]);
    });
    redis = ops.redisUrl ? connectRedis({ url: ops.redisUrl, logger, metrics, health }) : undefined;
    const state = redis ? createRedisState(redis) : createLocalState();
    const diagnose = pool ? metered(pool, metrics) : undefined;
    feedbackStore = o.feedback ? (redis ? createRedisFeedbackStore(redis, o.feedback) : openLocal(o.feedback, logger)) : undefined;
    const labels = feedbackStore ? { store: feedbackStore, makeRecord: makeFeedbackRecord, version: packageVersion(o.packageRoot) } : undefined;
    // With Redis, every replica can label every reply: the paste behind it is kept there, redacted, for 24 h.
    const replyMemory = redis && labels ? createRedisReplyMemory(redis, { redact: (t) => redactPaste(t).text, local: createReplyMemory() }) : undefined;
    app = await startSlackApp(slack, { index: o.index, directory, logger, metrics, health, state, logPastes: ops.logPastes, ocr, diagnose, labels, replyMemory }, {
      intakeThreadFile: join(o.packageRoot, 'dist', 'slack', 'intake-thread.js'),
      onIntakeFailure: (error) => {
        health.slackConnected = false;
        logger.error({ event: 'lm_intake_failed', ...errorFields(error) }, 'the HTTP intake thread failed: shutting down');
        fail(error);
      },
      ...(shared ? { opsAnswer: createOpsResponder(health, metrics.registry) } : {}),
    });
  } catch (error) {
    await pool?.close();
    await feedbackStore?.close();
    await redis?.close();
    await opsServer?.close();
    await ocrEngine?.close();
    throw error;
  }
  const opsPort = opsServer?.port ?? (app.port as number);
  logger.info({ event: 'lm_ops_listening', opsPort, opsHost: opsServer ? ops.opsHost : 'the app port', redis: redis ? 'configured' : 'not configured', logLevel: ops.logLevel }, `health and metrics on port ${opsPort}`);
  return {
    app,
    opsPort,
    async stop() {
      // SHUTDOWN_TIMEOUT_MS bounds the whole shutdown: the Slack app drains until a closing reserve is left, and each
      // later step gets only what remains, so no client, DC or worker holds the process past the bound.
      const deadline = Date.now() + ops.shutdownTimeoutMs;
      await app.stop(ops.shutdownTimeoutMs - closingReserveMs(ops.shutdownTimeoutMs));
      const steps = [() => pool?.close(), () => directory?.idle(), () => feedbackStore?.close(), () => redis?.close(), () => opsServer?.close(), () => ocrEngine?.close()];
      for (const step of steps) await within(Promise.resolve().then(step), deadline - Date.now());
      logger.info({ event: 'lm_stopped' }, 'lm-doctor stopped');
    },
    failed,
    reportFault(kind, error) {
      metrics.processErrors.inc({ kind });
      logger.error({ event: 'lm_process_error', kind, ...errorFields(error) },
        kind === 'uncaught_exception' ? 'uncaught exception: shutting down' : 'unhandled promise rejection: still serving');
    },
  };
}
