/**
 * The Bolt receiver for the configured mode: SocketModeReceiver (app token; no public URL) or HTTPReceiver
 * (signing secret; `/slack/events` for events, commands and interactions, plus `/healthz`). Built explicitly so the
 * Web API URL and retry settings reach the Socket Mode client too (Bolt copies them only into receivers it builds).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, SocketModeReceiver, type LogLevel, type Logger, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-settings';

export type SlackReceiver = HTTPReceiver | SocketModeReceiver;

/** Knobs tests (and unusual networks) need; production uses the defaults. */
export interface ReceiverTuning {
  /** Socket Mode: reconnect after a disconnect. Default true. */
  autoReconnect?: boolean;
  /** Socket Mode: how long to wait for a pong, in ms. Default 5000 (the client's own default). */
  clientPingTimeoutMs?: number;
  /** The SDK's log output (Bolt, Socket Mode client); Bolt's console logger when undefined. */
  logger?: Logger;
  /** HTTP mode with METRICS_PORT = PORT: serves /healthz, /readyz and /metrics on the app's port. */
  opsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';
const OPS_ROUTES = [HEALTH_PATH, '/readyz', '/metrics'];

export function buildReceiver(
  config: SlackConfig,
  clientOptions: webApi.WebClientOptions,
  logLevel: LogLevel,
  tuning: ReceiverTuning = {},
): SlackReceiver {
  if (config.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: config.appToken as string,
      logLevel,
      ...(tuning.logger ? { logger: tuning.logger } : {}),
      autoReconnectEnabled: tuning.autoReconnect ?? true,
      ...(tuning.clientPingTimeoutMs ? { clientPingTimeout: tuning.clientPingTimeoutMs } : {}),
      installerOptions: { clientOptions: { ...clientOptions } },
    });
  }
  return new HTTPReceiver({
    signingSecret: config.signingSecret as string,
    endpoints: EVENTS_PATH,
    logLevel,
    ...(tuning.logger ? { logger: tuning.logger } : {}),
    customRoutes: tuning.opsHandler
      ? OPS_ROUTES.map((path) => ({ path, method: ['GET'], handler: tuning.opsHandler as NonNullable<ReceiverTuning['opsHandler']> }))
      : [{
        path: HEALTH_PATH,
        method: ['GET'],
        handler: (_req: unknown, res: ServerResponse) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok\n'); },
      }],
  });
}
