import type { Directory, DirectoryReader } from '../../src/core/delegation/directory';
import { hostKey } from '../../src/core/delegation/host-names';
import type { ComputerAccount, OperatorAccount, SpnHolder } from '../../src/core/delegation/types';

/**
 * A fake that implements the Directory port over plain objects, counting sessions (LdapDirectory: one bind each) and
 * reads (round trips). It is its own reader; a read outside a session fails, as it would on a closed connection.
 */
export class InMemoryDirectory implements Directory, DirectoryReader {
  calls = { session: 0, findComputers: 0, findSpnHolders: 0, findOperator: 0 };
  private open = 0;

  constructor(
    readonly computers: ComputerAccount[],
    readonly others: SpnHolder[] = [],
    readonly operators: OperatorAccount[] = [],
  ) {}

  async session<T>(work: (reader: DirectoryReader) => Promise<T>): Promise<T> {
    this.calls.session++;
    this.open++;
    try {
      return await work(this);
    } finally {
      this.open--;
    }
  }

  private read(what: 'findComputers' | 'findSpnHolders' | 'findOperator'): void {
    if (this.open === 0) throw new Error(`InMemoryDirectory.${what} outside a session`);
    this.calls[what]++;
  }

  async findComputers(names: readonly string[]): Promise<ComputerAccount[]> {
    this.read('findComputers');
    return this.computers.filter((c) => names.some((n) => {
      const k = hostKey(n);
      return c.sAMAccountName.toUpperCase() === `${k.short}$` || (k.fqdn !== undefined && c.dnsHostName?.toLowerCase() === k.fqdn);
    }));
  }

  async findSpnHolders(spns: readonly string[]): Promise<SpnHolder[]> {
    this.read('findSpnHolders');
    const wanted = new Set(spns.map((s) => s.toLowerCase()));
    const all: SpnHolder[] = [
      ...this.computers.map((c) => ({ sAMAccountName: c.sAMAccountName, spns: c.servicePrincipalNames })),
      ...this.others,
    ];
    return all.map((h) => ({ ...h, spns: h.spns.filter((s) => wanted.has(s.toLowerCase())) })).filter((h) => h.spns.length > 0);
  }

  async findOperator(name: string): Promise<OperatorAccount | undefined> {
    this.read('findOperator');
    const n = name.toLowerCase();
    return this.operators.find((o) => o.sAMAccountName.toLowerCase() === n || o.userPrincipalName?.toLowerCase() === n);
  }
}
