import type { ComputerAccount, OperatorAccount, SpnHolder } from './types';

/**
 * The port the delegation check reads AD through. Adapters: LdapDirectory (ldapts), SnapshotDirectory (LDIF file);
 * tests use an in-memory fake. Every method is one round trip whatever the number of names, so the number of
 * searches does not grow with the number of pairs.
 */
export interface Directory {
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
