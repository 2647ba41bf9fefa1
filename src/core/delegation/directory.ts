/**
 * The port the delegation check reads AD through. Adapters: LdapDirectory (ldapts), SnapshotDirectory (LDIF file);
 * tests use an in-memory fake. One check is one session: `session(work)` hands `work` a reader for all of the
 * check's searches and closes the session once `work` settles. For LdapDirectory that is one connection, one bind
 * and one unbind per check, whatever the number of hosts or searches. Every reader method is one round trip whatever
 * the number of names, so the number of searches does not grow with the number of pairs either.
 */
import type { ComputerAccount, OperatorAccount, SpnHolder } from './types';

export interface Directory {
  /**
   * Runs `work` with a reader over one session and returns its result. The reader must not be used after `work`
   * settles. Failures are the typed errors of errors.ts (DirectoryUnavailableError, DirectoryAuthError, ConfigError).
   */
  session<T>(work: (reader: DirectoryReader) => Promise<T>): Promise<T>;
}

/** The searches of one session. */
export interface DirectoryReader {
  /**
   * Computer accounts whose sAMAccountName or dNSHostName matches any of the validated host names
   * (NetBIOS, FQDN or `NAME$`), compared case-insensitively. Unknown names are simply absent.
   */
  findComputers(names: readonly string[]): Promise<ComputerAccount[]>;
  /** Every account (computer, user, gMSA) holding any of these SPNs, compared case-insensitively. */
  findSpnHolders(spns: readonly string[]): Promise<SpnHolder[]>;
  /** The user that starts migrations, by sAMAccountName or UPN; undefined when there is none. */
  findOperator(name: string): Promise<OperatorAccount | undefined>;
}

/** A Directory whose sessions cost nothing to open (a snapshot, a fake): every session reads through `reader`. */
export function directoryOver(reader: DirectoryReader): Directory {
  return { session: (work) => work(reader) };
}
