import type { Directory } from '../../src/core/delegation/directory';
import { hostKey } from '../../src/core/delegation/host-names';
import type { ComputerAccount, OperatorAccount, SpnHolder } from '../../src/core/delegation/types';

/** A fake that implements the Directory port over plain objects, counting calls like round trips. */
export class InMemoryDirectory implements Directory {
  calls = { findComputers: 0, findSpnHolders: 0, findOperator: 0 };

  constructor(
    readonly computers: ComputerAccount[],
    readonly others: SpnHolder[] = [],
    readonly operators: OperatorAccount[] = [],
  ) {}

  async findComputers(names: readonly string[]): Promise<ComputerAccount[]> {
    this.calls.findComputers++;
    return this.computers.filter((c) => names.some((n) => {
      const k = hostKey(n);
      return c.sAMAccountName.toUpperCase() === `${k.short}$` || (k.fqdn !== undefined && c.dnsHostName?.toLowerCase() === k.fqdn);
    }));
  }

  async findSpnHolders(spns: readonly string[]): Promise<SpnHolder[]> {
    this.calls.findSpnHolders++;
    const wanted = new Set(spns.map((s) => s.toLowerCase()));
    const all: SpnHolder[] = [
      ...this.computers.map((c) => ({ sAMAccountName: c.sAMAccountName, spns: c.servicePrincipalNames })),
      ...this.others,
    ];
    return all.map((h) => ({ ...h, spns: h.spns.filter((s) => wanted.has(s.toLowerCase())) })).filter((h) => h.spns.length > 0);
  }

  async findOperator(name: string): Promise<OperatorAccount | undefined> {
    this.calls.findOperator++;
    const n = name.toLowerCase();
    return this.operators.find((o) => o.sAMAccountName.toLowerCase() === n || o.userPrincipalName?.toLowerCase() === n);
  }
}
