/**
 * What stands between the network and Bolt: the intake decides which deliveries Bolt may see, and stops taking them
 * on shutdown.
 *
 * - HTTP mode: the intake thread (intake-thread.ts, driven by threaded-receiver.ts) reads, verifies and checks each
 *   delivery before Bolt sees it. On `stopIntake()` every connection that carries no handed-over request is
 *   destroyed: idle keep-alive connections, and slow clients still sending headers or a body (they are not
 *   acknowledged work); a request that arrives afterwards on a surviving connection gets 503 and `Connection: close`.
 * - Socket Mode (this file): the same body check (checkSlackBody) before Bolt's processEvent (a bad envelope is
 *   acknowledged and dropped); after `stopIntake()` envelopes are left unacknowledged, so Slack redelivers them to
 *   another connection.
 */
import type { App, Logger as BoltLogger, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../support/logger';
import { checkSlackBody, type BodyVerdict } from './check-slack-body';

/** What shutdown cut short when the intake stopped. */
export interface IntakeStopped {
  /** Requests whose body had not fully arrived (slow or stalled clients); their connections were destroyed. */
  unread: number;
  /** Connections with nothing in progress (idle keep-alive, or still sending headers), destroyed. */
  idleConnections: number;
}

export interface Intake {
  /** Stops taking deliveries (see the file comment). Idempotent. */
  stopIntake(): Promise<IntakeStopped>;
  /** Destroys every connection still open (HTTP; the end of the drain). Resolves with how many. */
  closeAll(): Promise<number>;
  /** Deliveries refused because shutdown had begun (HTTP 503, or Socket Mode envelopes left unacknowledged). */
  readonly refusedWhileStopping: number;
  /** The last step of a stop: ends whatever the intake still runs (HTTP: its thread), answered or not. */
  release(): Promise<void>;
}

export interface SocketIntake extends Intake {
  /** The app as the receiver should see it: processEvent behind the guard. */
  gate(app: App): App;
}

export interface IntakeOptions {
  /** lm-doctor's log: one `lm_request_refused` line per refused body. Bolt's logger when undefined. */
  log?: Logger;
  /** Bolt's logger, for the lines Bolt itself would have written (bad signature, body too large). */
  boltLogger: BoltLogger;
}

function reportVerdict(o: IntakeOptions, verdict: Exclude<BodyVerdict, { action: 'handle' }>): void {
  const fields = { event: 'lm_request_refused', transport: 'socket', action: verdict.action, reason: verdict.reason };
  const message = verdict.action === 'ignore' ? 'ignored a Slack request lm-doctor has no use for' : 'refused a signed Slack request lm-doctor cannot handle';
  if (!o.log) return o.boltLogger.warn(`${message}: ${verdict.reason}`);
  if (verdict.action === 'ignore') o.log.debug(fields, message);
  else o.log.warn(fields, message);
}

export function createSocketIntake(o: IntakeOptions): SocketIntake {
  let stopping = false;
  let refusedWhileStopping = 0;
  return {
    get refusedWhileStopping() { return refusedWhileStopping; },
    gate(app) {
      const gated = Object.create(app) as App;
      gated.processEvent = async (event: ReceiverEvent) => {
        if (stopping) {
          refusedWhileStopping++;
          return; // not acknowledged: Slack redelivers it
        }
        const verdict = checkSlackBody(event.body);
        if (verdict.action !== 'handle') {
          reportVerdict(o, verdict);
          await event.ack();
          return;
        }
        await app.processEvent(event);
      };
      return gated;
    },
    async stopIntake() {
      stopping = true;
      return { unread: 0, idleConnections: 0 };
    },
    closeAll: async () => 0,
    release: async () => undefined,
  };
}
