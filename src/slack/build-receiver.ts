/**
 * The Bolt receiver for the configured mode: SocketModeReceiver (app token; no public URL) or the threaded HTTP
 * receiver (signing secret; `/slack/events` for events, commands and interactions, plus `/healthz`; its socket lives
 * in an intake thread, threaded-receiver.ts). Built explicitly so the Web API URL and retry settings reach the
 * Socket Mode client too (Bolt copies them only into receivers it builds). Either way an intake sits in front of
 * Bolt: it refuses bodies Bolt would trip over and stops taking deliveries on shutdown.
 */
import { join } from 'node:path';
import { SocketModeReceiver, type LogLevel, type Logger, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-settings';
import type { Logger as LmLogger } from '../support/logger';
import type { GetResponder } from './intake-protocol';
import { createSocketIntake, type SocketIntake } from './slack-intake';
import { ThreadedHttpReceiver } from './threaded-receiver';

export type SlackReceiver = ThreadedHttpReceiver | (SocketModeReceiver & { intake: SocketIntake });

/** Knobs tests (and unusual networks) need; production uses the defaults. */
export interface ReceiverTuning {
  /** Socket Mode: reconnect after a disconnect. Default true. */
  autoReconnect?: boolean;
  /** Socket Mode: how long to wait for a pong, in ms. Default 5000 (the client's own default). */
  clientPingTimeoutMs?: number;
  /** The SDK's log output (Bolt, Socket Mode client); Bolt's console logger when undefined. */
  logger?: Logger;
  /** HTTP mode with METRICS_PORT = PORT: answers /healthz, /readyz and /metrics on the app's port. */
  opsAnswer?: GetResponder;
  /** HTTP mode: the compiled intake thread. Default dist/slack/intake-thread.js beside this module. */
  intakeThreadFile?: string;
  /** HTTP mode: events that may wait for the main thread before the intake drops them. Default LM_INTAKE_BACKLOG. */
  maxIntakeBacklog?: number;
  /** HTTP mode: called with the number of events the intake dropped (lm_shed_total{kind="intake"}). */
  onIntakeShed?: (count: number) => void;
  /** HTTP mode: the intake thread ended while serving; the service should stop (serve exits 1). */
  onIntakeFailure?: (error: Error) => void;
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
  const receiver = new ThreadedHttpReceiver({
    signingSecret: config.signingSecret as string, path: EVENTS_PATH, boltLogger, ...(log ? { log } : {}),
    threadFile: tuning.intakeThreadFile ?? join(__dirname, 'intake-thread.js'),
    ...(tuning.opsAnswer ? { gets: { paths: OPS_ROUTES, answer: tuning.opsAnswer } } : {}),
    maxBacklog: tuning.maxIntakeBacklog ?? config.limits.intakeBacklog,
    ...(tuning.onIntakeShed ? { onShed: tuning.onIntakeShed } : {}),
    ...(tuning.onIntakeFailure ? { onFailure: tuning.onIntakeFailure } : {}),
  });
  return receiver;
}

/** The intake's logger when none is given (createSlackApp always gives one): drops everything. */
function silentBoltLogger(level: LogLevel): Logger {
  let current = level;
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: (l) => { current = l; }, getLevel: () => current, setName: noop };
}
