/**
 * The Bolt receiver for the configured mode: SocketModeReceiver (app token; no public URL) or HTTPReceiver
 * (signing secret; `/slack/events` for events, commands and interactions, plus `/healthz`). Built explicitly so the
 * Web API URL and retry settings reach the Socket Mode client too (Bolt copies them only into receivers it builds).
 * Either way an intake (slack-intake.ts) sits in front of Bolt: it refuses bodies Bolt would trip over and stops
 * taking deliveries on shutdown.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, SocketModeReceiver, type LogLevel, type Logger, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-settings';
import type { Logger as LmLogger } from '../support/logger';
import { createHttpIntake, createSocketIntake, type HttpIntake, type SocketIntake } from './slack-intake';

export type SlackReceiver = (HTTPReceiver & { intake: HttpIntake }) | (SocketModeReceiver & { intake: SocketIntake });

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
  /** lm-doctor's own log, for refused requests (`lm_request_refused`); createSlackApp passes its services through. */
  services?: { logger: LmLogger };
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
  const boltLogger = tuning.logger ?? silentBoltLogger(logLevel);
  const log = tuning.services?.logger;
  if (config.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken as string,
      logLevel,
      ...(tuning.logger ? { logger: tuning.logger } : {}),
      autoReconnectEnabled: tuning.autoReconnect ?? true,
      ...(tuning.clientPingTimeoutMs ? { clientPingTimeout: tuning.clientPingTimeoutMs } : {}),
      installerOptions: { clientOptions: { ...clientOptions } },
    });
    const intake = createSocketIntake({ log, boltLogger });
    const init = receiver.init.bind(receiver);
    receiver.init = (app) => init(intake.gate(app));
    return Object.assign(receiver, { intake });
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret as string,
    endpoints: EVENTS_PATH,
    // The intake in front (slack-intake.ts) has already verified the signature of every POST to EVENTS_PATH, the only
    // requests Bolt dispatches: verifying the same HMAC twice cost the acknowledging thread time under load.
    signatureVerification: false,
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
  const intake = createHttpIntake({ log, boltLogger, signingSecret: config.signingSecret as string, path: EVENTS_PATH });
  receiver.requestListener = intake.wrap(receiver.requestListener);
  return Object.assign(receiver, { intake });
}

/** The intake's logger when none is given (createSlackApp always gives one): drops everything. */
function silentBoltLogger(level: LogLevel): Logger {
  let current = level;
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: (l) => { current = l; }, getLevel: () => current, setName: noop };
}
