/**
 * The Directory port over LDAP (ldapts). One session is one connection: its first read connects (StartTLS when
 * configured), binds once and resolves the base DN (rootDSE, first session only); every search of the check then runs
 * over that connection, and the session unbinds exactly once when the check's work settles. So one check is one
 * bind, whatever the number of hosts or searches. The whole session is bounded by `timeoutMs`: a read still running
 * at the deadline fails with DirectoryUnavailableError. Every read's failure is translated by translateLdapError
 * where it happens, so callers (and the metrics wrapper, ops/instrument-directory.ts) see typed errors. The bind
 * password is only handed to ldapts's bind (which redacts it in its debug output).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { Directory, DirectoryReader } from '../core/delegation/directory';
import type { ComputerAccount, OperatorAccount, SpnHolder } from '../core/delegation/types';
import { ConfigError } from '../support/errors';
import { BINARY_ATTRIBUTES, COMPUTER_ATTRIBUTES, HOSTS_PER_SEARCH, chunk, computerFilter, operatorFilter, spnHolderFilter } from './ldap-filter';
import { PLAIN_BIND_REFUSED, isPlainBind, type LdapConfig } from '../config/ldap-settings';
import { type RawEntry, buffers, first, rawEntryFromLdapts, toComputerAccount, toSpnHolder } from './raw-entry';
import { sidToString } from './security-descriptor';
import { DeadlineError, translateLdapError } from './translate-ldap-error';

/** RID of the Protected Users group (well-known, S-1-5-21-<domain>-525). */
const PROTECTED_USERS_RID = '525';
const PAGE_SIZE = 500;

/** `sub` is a paged subtree search; `sub-unpaged` one without the paged-results control; `base` reads one entry. */
type Scope = 'base' | 'sub' | 'sub-unpaged';
type Search = (base: string, filter: string, attributes: readonly string[], scope?: Scope) => Promise<RawEntry[]>;
/** A bound connection: how to search, and the base DN to search under. */
interface Connection {
  search: Search;
  base: string;
}

export class LdapDirectory implements Directory {
  /** LDAP search requests sent so far (each chunk and the rootDSE read count as one). */
  searchCount = 0;
  /** Bind requests sent so far: one per session that read anything. */
  bindCount = 0;
  private baseDn: string | undefined;

  constructor(private readonly config: LdapConfig) {
    this.baseDn = config.baseDn;
  }

  /** Runs `work` over one connection, opened by its first read and always unbound once; all within `timeoutMs`. */
  async session<T>(work: (reader: DirectoryReader) => Promise<T>): Promise<T> {
    const { config } = this;
    let client: Client | undefined;
    let connection: Promise<Connection> | undefined;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError('deadline')), config.timeoutMs);
    });
    deadline.catch(() => undefined); // a session that ends in time never awaits it
    const read = async <R>(op: (c: Connection) => Promise<R>): Promise<R> => {
      if (closed) throw new Error('LdapDirectory: a session reader was used after its session ended');
      try {
        connection ??= this.connect((c) => { client = c; });
        return await Promise.race([connection.then(op), deadline]);
      } catch (err) {
        throw translateLdapError(err, config, this.baseDn);
      }
    };
    try {
      return await Promise.race([work(readerOver(read)), deadline]);
    } catch (err) {
      throw err instanceof DeadlineError ? translateLdapError(err, config, this.baseDn) : err;
    } finally {
      closed = true;
      clearTimeout(timer);
      await client?.unbind().catch(() => undefined);
    }
  }

  /** Connect (+StartTLS), bind, resolve the base DN. `created` gets the client first, so the session can unbind it. */
  private async connect(created: (client: Client) => void): Promise<Connection> {
    const { config } = this;
    if (isPlainBind(config) && !config.allowPlain) throw new ConfigError([PLAIN_BIND_REFUSED]);
    const tls = this.tlsOptions();
    const ldaps = config.url.toLowerCase().startsWith('ldaps://');
    // StartTLS: no tlsOptions in the constructor, or ldapts would start TLS at once on port 389.
    const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, tlsOptions: ldaps ? tls : undefined });
    created(client);
    const search: Search = async (base, filter, attributes, scope = 'sub') => {
      this.searchCount++;
      const { searchEntries } = await client.search(base, {
        scope: scope === 'base' ? 'base' : 'sub', filter, attributes: [...attributes], explicitBufferAttributes: [...BINARY_ATTRIBUTES],
        paged: scope === 'sub' ? { pageSize: PAGE_SIZE } : false,
      });
      return searchEntries.map((e) => rawEntryFromLdapts(e));
    };
    if (config.startTls) await client.startTLS({ ...tls });
    this.bindCount++;
    await client.bind(config.bindDn, config.bindPassword);
    this.baseDn ??= await readBaseDn(search);
    return { search, base: this.baseDn };
  }

  private tlsOptions(): ConnectionOptions {
    const { hostname } = new URL(this.config.url);
    const host = hostname.replace(/^\[|\]$/g, '');
    const options: ConnectionOptions = { host, servername: isIP(host) ? undefined : host };
    if (this.config.caFile) {
      try {
        options.ca = readFileSync(this.config.caFile);
      } catch (err) {
        throw new ConfigError([`LDAP_CA_FILE ${this.config.caFile} cannot be read (${(err as { code?: string }).code ?? 'error'})`]);
      }
    }
    return options;
  }
}

/** The reader of one session: each method runs its searches over the session's connection. */
function readerOver(read: <R>(op: (c: Connection) => Promise<R>) => Promise<R>): DirectoryReader {
  return {
    findComputers: async (names) => (names.length === 0 ? [] : read((c) => readComputers(c, names))),
    findSpnHolders: async (spns) => (spns.length === 0 ? [] : read((c) => readSpnHolders(c, spns))),
    findOperator: (name) => read((c) => readOperator(c, name)),
  };
}

async function readComputers({ search, base }: Connection, names: readonly string[]): Promise<ComputerAccount[]> {
  const out: ComputerAccount[] = [];
  for (const part of chunk(names, HOSTS_PER_SEARCH)) {
    for (const e of await search(base, computerFilter(part), COMPUTER_ATTRIBUTES)) out.push(toComputerAccount(e));
  }
  return out;
}

async function readSpnHolders({ search, base }: Connection, spns: readonly string[]): Promise<SpnHolder[]> {
  const wanted = new Set(spns.map((s) => s.toLowerCase()));
  // Unpaged: at most a few hundred exact SPN values, each normally held by one account, far below AD's
  // MaxPageSize (1000); the paged-results control would only add server work (~25 ms for 128 SPNs on Samba).
  return (await search(base, spnHolderFilter(spns), ['sAMAccountName', 'servicePrincipalName'], 'sub-unpaged')).map((e) => toSpnHolder(e, wanted));
}

async function readOperator({ search, base }: Connection, name: string): Promise<OperatorAccount | undefined> {
  const [user] = await search(base, operatorFilter(name), ['sAMAccountName', 'userPrincipalName', 'userAccountControl', 'objectSid']);
  if (!user) return undefined;
  // tokenGroups (base scope only) holds every group SID, nested ones included.
  const [tokens] = await search(user.dn, '(objectClass=*)', ['tokenGroups'], 'base');
  const sid = buffers(user, 'objectSid')[0];
  const domain = sid ? sidToString(sid)?.replace(/-\d+$/, '') : undefined;
  const groups = tokens ? buffers(tokens, 'tokenGroups').map((b) => sidToString(b)) : [];
  const account: OperatorAccount = {
    sAMAccountName: first(user, 'sAMAccountName') ?? name,
    userAccountControl: Number(first(user, 'userAccountControl') ?? 0),
    protectedUsers: domain !== undefined && groups.includes(`${domain}-${PROTECTED_USERS_RID}`),
  };
  const upn = first(user, 'userPrincipalName');
  if (upn) account.userPrincipalName = upn;
  return account;
}

async function readBaseDn(search: Search): Promise<string> {
  const [root] = await search('', '(objectClass=*)', ['defaultNamingContext'], 'base');
  const base = root ? first(root, 'defaultNamingContext') : undefined;
  if (!base) throw new ConfigError(['the server did not return defaultNamingContext; set LDAP_BASE_DN']);
  return base;
}
