/**
 * A Directory decorator for operations: times every read of a session (findComputers, findSpnHolders, findOperator)
 * into the LDAP duration histogram and keeps the health record's directory state (`ok` after a successful read,
 * `unreachable` after a failed one). LdapDirectory connects and binds on a session's first read, so that read's
 * time includes the bind, and a bind failure is counted on it. `probe()` makes one cheap lookup in a session of its
 * own so /readyz can report the state before anyone has run a check; it is refreshed in the background when older
 * than `staleMs`. /readyz gets the state and the error class; the log gets the details, once per change of state.
 */
import type { Directory, DirectoryReader } from '../core/delegation/directory';
import { LmError, asError } from '../support/errors';
import type { Health } from '../support/health';
import type { Metrics } from '../support/metrics';
import type { Logger } from '../support/logger';

export interface InstrumentedDirectory extends Directory {
  /** One lookup of a name that does not exist; never throws. */
  probe(): Promise<void>;
  /** Starts a background probe when the last outcome is older than staleMs and none is running. */
  refreshIfStale(): void;
  /** Resolves when no probe is running (shutdown waits for it, so no LDAP connection is left open). */
  idle(): Promise<void>;
}

const PROBE_NAME = 'lm-doctor-probe';

/** A failure's class for /readyz and the metric label: lm-doctor's error code without `lm_`, else `error`. */
export function directoryErrorClass(error: unknown): string {
  return error instanceof LmError ? error.code.replace(/^lm_/, '') : 'error';
}

export function instrumentDirectory(inner: Directory, metrics: Metrics, health: Health, staleMs = 30_000, logger?: Logger): InstrumentedDirectory {
  let probing: Promise<void> | undefined;
  const timed = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const end = metrics.ldapDuration.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      if (health.directory === 'unreachable') logger?.info({ event: 'lm_directory_recovered' }, 'the directory answers again');
      health.directory = 'ok';
      health.directoryError = undefined;
      return result;
    } catch (error) {
      const errorClass = directoryErrorClass(error);
      end({ outcome: errorClass });
      // The details (server, account, reason) go to the log, once per change of state; /readyz shows the class only.
      if (health.directory !== 'unreachable' || health.directoryError !== errorClass) {
        logger?.warn({ event: 'lm_directory_unreachable', operation, errorClass, error: asError(error).message }, 'the directory cannot be used');
      }
      health.directory = 'unreachable';
      health.directoryError = errorClass;
      throw error;
    } finally {
      health.directoryCheckedAt = Date.now();
    }
  };
  const timedReader = (reader: DirectoryReader): DirectoryReader => ({
    findComputers: (names) => timed('findComputers', () => reader.findComputers(names)),
    findSpnHolders: (spns) => timed('findSpnHolders', () => reader.findSpnHolders(spns)),
    findOperator: (name) => timed('findOperator', () => reader.findOperator(name)),
  });
  const directory: InstrumentedDirectory = {
    session: (work) => inner.session((reader) => work(timedReader(reader))),
    probe() {
      probing ??= timed('probe', () => inner.session((reader) => reader.findComputers([PROBE_NAME])))
        .then(() => undefined, () => undefined).finally(() => { probing = undefined; });
      return probing;
    },
    refreshIfStale() {
      if (!probing && Date.now() - (health.directoryCheckedAt ?? 0) > staleMs) void directory.probe();
    },
    idle: () => probing ?? Promise.resolve(),
  };
  if (health.directory === 'not configured') health.directory = 'unknown';
  return directory;
}
