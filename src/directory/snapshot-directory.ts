/**
 * SnapshotDirectory: the Directory port over an LDIF export, for `--snapshot FILE` and the demo directory. No
 * connection, so a session is free; it answers like LdapDirectory's searches over the same entries.
 */
import { readFile } from 'node:fs/promises';
import type { Directory, DirectoryReader } from '../core/delegation/directory';
import { hostKey } from '../core/delegation/host-names';
import type { ComputerAccount, OperatorAccount, SpnHolder } from '../core/delegation/types';
import { ConfigError } from '../support/errors';
import { LdifSyntaxError, decodeLdif, parseLdif } from './parse-ldif';
import { type RawEntry, buffers, first, strings, toComputerAccount, toSpnHolder } from './raw-entry';
import { sidToString } from './security-descriptor';

const isComputer = (e: RawEntry) => {
  const classes = strings(e, 'objectClass').map((c) => c.toLowerCase());
  return classes.length > 0 ? classes.includes('computer') : (first(e, 'sAMAccountName') ?? '').endsWith('$');
};

/** Whether a computer entry answers the LDAP filter LdapDirectory would send for `name`. */
function matchesName(e: RawEntry, name: string): boolean {
  const key = hostKey(name);
  if ((first(e, 'sAMAccountName') ?? '').toUpperCase() === `${key.short}$`) return true;
  return key.fqdn !== undefined && (first(e, 'dNSHostName') ?? '').toLowerCase() === key.fqdn;
}

/**
 * The Directory port over an LDIF export (`--snapshot FILE`): the same checks without a live DC. Answers exactly
 * what LdapDirectory's searches would return for the same data. A session costs nothing here: it reads through the
 * snapshot itself, which is also a DirectoryReader.
 */
export class SnapshotDirectory implements Directory, DirectoryReader {
  searchCount = 0;
  private entries: readonly RawEntry[] = [];
  private loading: Promise<void> | undefined;

  /** From parsed entries, or from a file path read on first use (see fromFile to read it at once). */
  constructor(source: readonly RawEntry[] | string) {
    if (typeof source === 'string') this.loading = SnapshotDirectory.read(source).then((e) => { this.entries = e; });
    else this.entries = source;
    this.loading?.catch(() => undefined);
  }

  /** Reads and parses a file; unreadable or malformed files are configuration errors (exit 4). */
  static async fromFile(path: string): Promise<SnapshotDirectory> {
    return new SnapshotDirectory(await SnapshotDirectory.read(path));
  }

  private static async read(path: string): Promise<RawEntry[]> {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (err) {
      throw new ConfigError([`cannot read the snapshot ${path} (${(err as { code?: string }).code ?? 'error'})`]);
    }
    try {
      return parseLdif(decodeLdif(data));
    } catch (err) {
      if (err instanceof LdifSyntaxError) throw new ConfigError([`snapshot ${path}: ${err.message}`]);
      throw err;
    }
  }

  session<T>(work: (reader: DirectoryReader) => Promise<T>): Promise<T> {
    return work(this);
  }

  async findComputers(names: readonly string[]): Promise<ComputerAccount[]> {
    await this.loading;
    this.searchCount++;
    return this.entries.filter((e) => isComputer(e) && names.some((n) => matchesName(e, n))).map(toComputerAccount);
  }

  async findSpnHolders(spns: readonly string[]): Promise<SpnHolder[]> {
    await this.loading;
    this.searchCount++;
    const wanted = new Set(spns.map((s) => s.toLowerCase()));
    return this.entries.filter((e) => strings(e, 'servicePrincipalName').some((s) => wanted.has(s.toLowerCase())))
      .map((e) => toSpnHolder(e, wanted));
  }

  async findOperator(name: string): Promise<OperatorAccount | undefined> {
    await this.loading;
    this.searchCount++;
    const attr = name.includes('@') ? 'userPrincipalName' : 'sAMAccountName';
    const user = this.entries.find((e) => !isComputer(e) && (first(e, attr) ?? '').toLowerCase() === name.toLowerCase());
    if (!user) return undefined;
    const account: OperatorAccount = {
      sAMAccountName: first(user, 'sAMAccountName') ?? name,
      userAccountControl: Number(first(user, 'userAccountControl') ?? 0),
      protectedUsers: this.inProtectedUsers(user),
    };
    const upn = first(user, 'userPrincipalName');
    if (upn) account.userPrincipalName = upn;
    return account;
  }

  /** Nested membership of the domain's Protected Users group (RID 525), from memberOf and member values. */
  private inProtectedUsers(user: RawEntry): boolean {
    const sid = buffers(user, 'objectSid')[0];
    const domain = sid ? sidToString(sid)?.replace(/-\d+$/, '') : undefined;
    const byDn = new Map(this.entries.map((e) => [e.dn.toLowerCase(), e]));
    const isProtected = (e: RawEntry | undefined) => {
      const s = e && buffers(e, 'objectSid')[0];
      const str = s ? sidToString(s) : undefined;
      return str !== undefined && (domain ? str === `${domain}-525` : str.endsWith('-525'));
    };
    const parents = (dn: string) => {
      const e = byDn.get(dn);
      const up = e ? strings(e, 'memberOf') : [];
      const viaMember = this.entries.filter((g) => strings(g, 'member').some((m) => m.toLowerCase() === dn)).map((g) => g.dn);
      return [...up, ...viaMember].map((d) => d.toLowerCase());
    };
    const seen = new Set<string>();
    const queue = parents(user.dn.toLowerCase());
    while (queue.length > 0) {
      const dn = queue.shift() as string;
      if (seen.has(dn)) continue;
      seen.add(dn);
      if (isProtected(byDn.get(dn))) return true;
      queue.push(...parents(dn));
    }
    return false;
  }
}
