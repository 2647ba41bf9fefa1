/**
 * A Directory decorator for operations: times every call into the LDAP duration histogram and keeps the health
 * record's directory state (`ok` after a successful call, `unreachable` after a failed one). `probe()` makes one
 * cheap lookup so /readyz can report the state before anyone has run a check; it is refreshed in the background
 * when older than `staleMs`.
 */
import type { Directory } from '../core/delegation/directory';
import { LmError } from '../errors';
import type { Health } from './health';
import type { Metrics } from './metrics';

export interface InstrumentedDirectory extends Directory {
  /** One lookup of a name that does not exist; never throws. */
  probe(): Promise<void>;
  /** Starts a background probe when the last outcome is older than staleMs and none is running. */
  refreshIfStale(): void;
  /** Resolves when no probe is running (shutdown waits for it, so no LDAP connection is left open). */
  idle(): Promise<void>;
}

const PROBE_NAME = 'lm-doctor-probe';

export function instrumentDirectory(inner: Directory, metrics: Metrics, health: Health, staleMs = 30_000): InstrumentedDirectory {
  let probing: Promise<void> | undefined;
  const timed = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const end = metrics.ldapDuration.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      health.directory = 'ok';
      health.directoryDetail = undefined;
      return result;
    } catch (error) {
      end({ outcome: error instanceof LmError ? error.code.replace(/^lm_/, '') : 'error' });
      health.directory = 'unreachable';
      health.directoryDetail = error instanceof Error ? error.message.slice(0, 300) : String(error);
      throw error;
    } finally {
      health.directoryCheckedAt = Date.now();
    }
  };
  const directory: InstrumentedDirectory = {
    findComputers: (names) => timed('findComputers', () => inner.findComputers(names)),
    findSpnHolders: (spns) => timed('findSpnHolders', () => inner.findSpnHolders(spns)),
    findOperator: (name) => timed('findOperator', () => inner.findOperator(name)),
    probe() {
      probing ??= timed('probe', () => inner.findComputers([PROBE_NAME])).then(() => undefined, () => undefined).finally(() => { probing = undefined; });
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
