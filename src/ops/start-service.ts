/**
 * `lm-doctor serve` with Slack settings, as a service: JSON logs, metrics, the ops server (/healthz, /readyz,
 * /metrics), the instrumented directory, the optional Redis link, then the Slack app. `stop()` shuts down in order:
 * Slack (no new events, in-flight replies finish within the bound), the directory probe, Redis, the ops server.
 */
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { SlackConfig } from '../slack-config';
import type { LdapConfig } from '../directory/load-ldap-config';
import { createDirectory } from '../directory/create-directory';
import { startSlackApp, type RunningSlackApp } from '../slack/start-slack-app';
import type { Logger } from '../slack/logger';
import { ConfigError } from '../errors';
import { createLogger } from './create-logger';
import { createMetrics } from './metrics';
import { createHealth } from './health';
import { instrumentDirectory } from './instrument-directory';
import { connectRedis, type RedisLink } from './redis-link';
import { createOpsHandler, startOpsServer, type OpsServer } from './ops-server';
import type { OpsConfig } from './load-ops-config';
import type { OcrConfig } from '../ocr/load-ocr-config';
import { createTesseractEngine } from '../ocr/tesseract-engine';

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
}

export interface RunningService {
  app: RunningSlackApp;
  /** The port /healthz, /readyz and /metrics answer on. */
  opsPort: number;
  stop(): Promise<void>;
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

export async function startService(o: ServiceOptions): Promise<RunningService> {
  const { slack, ops } = o;
  const logger = o.logger ?? createLogger({ level: ops.logLevel, secrets: secretsOf(o) });
  const metrics = createMetrics({ processMetrics: true });
  const health = createHealth({ knowledgeEntries: o.index.entries.length });
  const directory = o.ldap ? instrumentDirectory(createDirectory(o.ldap, o.packageRoot), metrics, health) : undefined;
  if (directory) {
    health.refresh = () => directory.refreshIfStale();
    void directory.probe();
  }
  const ocrEngine = o.ocr?.enabled ? createTesseractEngine({ timeoutMs: o.ocr.timeoutMs }) : undefined;
  const ocr = ocrEngine && o.ocr ? { engine: ocrEngine, limits: o.ocr } : undefined;
  const handler = createOpsHandler(health, metrics.registry);
  const shared = slack.mode === 'http' && ops.metricsPort === slack.port;
  let redis: RedisLink | undefined;
  let opsServer: OpsServer | undefined;
  let app: RunningSlackApp;
  try {
    opsServer = shared ? undefined : await startOpsServer(handler, ops.metricsPort, ops.metricsHost).catch((error: unknown) => {
      throw new ConfigError([`cannot serve /healthz and /metrics on METRICS_PORT ${ops.metricsPort} (${(error as { code?: string }).code ?? (error as Error).message}): set METRICS_PORT to a free port`]);
    });
    redis = ops.redisUrl ? connectRedis({ url: ops.redisUrl, logger, metrics, health }) : undefined;
    app = await startSlackApp(slack, { index: o.index, directory, logger, metrics, health, redis, logPastes: ops.logPastes, ocr }, shared ? { opsHandler: handler } : {});
  } catch (error) {
    await redis?.close();
    await opsServer?.close();
    await ocrEngine?.close();
    throw error;
  }
  const opsPort = opsServer?.port ?? (app.port as number);
  logger.info({ event: 'lm_ops_listening', opsPort, redis: redis ? 'configured' : 'not configured', logLevel: ops.logLevel }, `health and metrics on port ${opsPort}`);
  return {
    app,
    opsPort,
    async stop() {
      await app.stop(ops.shutdownTimeoutMs);
      await directory?.idle();
      await redis?.close();
      await opsServer?.close();
      await ocrEngine?.close();
      logger.info({ event: 'lm_stopped' }, 'lm-doctor stopped');
    },
  };
}
