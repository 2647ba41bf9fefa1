/**
 * redactPaste(raw): the paste with everything that names a person, a machine or a network replaced by consistent
 * placeholders, before it is stored as feedback. Host, VM, domain and user names, IP addresses (v4 and v6), GUIDs,
 * e-mail addresses and UNC paths become `HOST1`, `VM1`, `DOMAIN1`, `USER1`, `IP1`, `GUID1`, `EMAIL1`,
 * `\\HOST2\share1`, numbered in order of appearance; the same value gets the same placeholder everywhere in the
 * paste. Error codes (0x…, decimal HRESULTs), event IDs and Hyper-V's own wording are left exactly as they are, so a
 * redacted paste diagnoses the same way. Names come from the core's extractNames (the migration's hosts and VM) and from the patterns below.
 * Pure; linear in the paste apart from one pass per name found.
 */
import { extractNames, isHostLike } from './extract-names';
import { MAX_PASTE_CHARS, normalizePaste } from './normalize-paste';

export type RedactionKind = 'HOST' | 'VM' | 'DOMAIN' | 'USER' | 'IP' | 'GUID' | 'EMAIL' | 'share';

export interface Redaction {
  text: string;
  /** How many distinct values of each kind were replaced. */
  counts: Partial<Record<RedactionKind, number>>;
}

const NAME = String.raw`[A-Za-z0-9][A-Za-z0-9_-]{0,62}`;
const GUID = /\{?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\}?/gi;
const EMAIL = /(?<![\w.+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)(?![\w-])/g;
const UNC = /\\\\([A-Za-z0-9][A-Za-z0-9._-]{0,253})\\([A-Za-z0-9_$ .-]{1,80}?)(?=\\|['"\s,;)\]]|$)/gm;
const IPV4 = /(?<![\w.])((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?![\w]|\.\d)/g;
const IPV6 = /(?<![\w:.])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(%\w+)?(?![\w:])/gi;
/** Suffixes that end a DNS name in pastes (AD domains and public ones); file names and .NET namespaces do not. */
const TLD = 'local|lan|corp|internal|intra|intranet|ad|home|lab|test|example|invalid|com|net|org|edu|gov|int|io|cloud|biz|info|eu|de|fr|uk|ch|at|nl|be|it|es|se|no|dk|fi|pl|cz|us|ca|au|jp';
const FQDN = new RegExp(String.raw`(?<![\w.-])([A-Za-z0-9][A-Za-z0-9-]{0,62})((?:\.[A-Za-z0-9][A-Za-z0-9-]{0,62})*\.(?:${TLD}))(?![\w-]|\.\w)`, 'gi');
const NOT_DOMAIN_ROOTS = /^(?:system|microsoft|windows|hyperv)$/i;
/** Public sites people link to (documentation, code hosting): they name no one, and the link stays useful. */
const PUBLIC_SITE = /(?:^|\.)(?:microsoft\.com|aka\.ms|github\.com|githubusercontent\.com|stackoverflow\.com|serverfault\.com|vmware\.com|broadcom\.com|redhat\.com|apache\.org)$/i;
/** DOMAIN\user; not a path segment (the domain must not follow a backslash, a colon or a path word). */
const DOMAIN_USER = /(?<![\\/:\w.$-])([A-Za-z][A-Za-z0-9-]{0,14})\\([A-Za-z0-9][\w.$-]{0,63})(?![\\\w])/g;
/** Accounts and path words that are not a domain: NT AUTHORITY\SYSTEM, NT VIRTUAL MACHINE\…, HKLM\…, "Program Files\…". */
const NOT_DOMAINS = new Set(['authority', 'machine', 'service', 'builtin', 'hklm', 'hkcu', 'hkcr', 'hku', 'files', 'data',
  'machines', 'windows', 'system32', 'users', 'programdata', 'clusterstorage', 'hyper-v', 'microsoft', 'disks', 'snapshots']);
/** A Slack mention with its label: <@U123ABC|alice>. */
const SLACK_USER = /<@([UW][A-Z0-9]{2,})(?:\|[^>]{0,80})?>/g;
/** A name in quotes after a word that says what it is: host 'HV03', computer "HV-N2", VM 'SQL07'. */
const QUOTED_AFTER = new RegExp(String.raw`\b(host|server|computer|node|cluster|machine|VM|virtual machine)\s+['"«“‘]([^'"«»“”‘’\n]{1,64})['"»”’]`, 'gi');
/** PowerShell arguments that take a machine or a VM. */
const ARGUMENT = new RegExp(String.raw`(?<![\w-])-(ComputerName|DestinationHost|Cluster|Node|CimSession|VMName|Name|Owner|DestinationStoragePath)(?::|\s+)(?:'([^'\n]{1,64})'|"([^"\n]{1,64})"|([^\s,;|)]{1,64}(?:,[^\s,;|)]{1,64})*))`, 'gi');
/** A cmdlet whose -Name is a VM (Get-VM, Move-VM, Get-ClusterGroup, …) or a host (…-ClusterNode). */
const VM_CMDLET = /\b[A-Za-z]+-(?:VM\w*|Cluster(?:Group|Resource|VirtualMachineRole|SharedVolume)\w*)\b/i;
const NODE_CMDLET = /\b[A-Za-z]+-ClusterNode\b/i;
/** Labelled fields of event logs and tools: "Computer: HV01", "User: admin". */
const LABELLED_HOST = new RegExp(String.raw`\b(?:Computer|ComputerName|Host ?Name|Server|Owner ?Node|Node)\s*[:=]\s*(${NAME})`, 'gi');
const LABELLED_USER = new RegExp(String.raw`\b(?:User(?: ?Name)?|Account(?: Name)?|Logon Account)\s*[:=]\s*([A-Za-z][\w.$-]{1,63})`, 'gi');
const NOT_USERS = new Set(['nt', 'system', 'n/a', 'none', 'local', 'network', 'anonymous', 'administrator', 'administrators', 'everyone']);
/** Kerberos service principal names: cifs/HV02, Microsoft Virtual System Migration Service/HV02. */
const SPN = new RegExp(String.raw`\b(?:cifs|host|wsman|http|ldap|RestrictedKrbHost|Hyper-V Replica Service|Microsoft Virtual Console Service|Microsoft Virtual System Migration Service)/(${NAME})`, 'gi');
/** An event log's "Source:" is a provider, which extractNames may take for the source host. */
const EVENT_PROVIDER = /^Microsoft-Windows-/i;
/** A code is never a name, whatever took it for one. */
const CODE = /^(?:0x)?[0-9a-f]{8}$|^0x[0-9a-f]+$/i;
const NOT_VMS = new Set(['vmms', 'vmcompute', 'winrm', 'clussvc', 'true', 'false', '$true', '$false', '*']);
/** Admin shares say nothing about anyone: C$, ADMIN$, IPC$. */
const PUBLIC_SHARE = /^(?:[A-Za-z]\$|ADMIN\$|IPC\$|print\$)$/i;

// Placeholders are written as markers first, so later patterns never re-read them, and resolved at the end.
const MARK = '\u0001';
const MARKED = /\u0001(\d+)\u0001/g;

/** Values seen, as markers; numbered per kind in order of appearance when the text is resolved. */
class Placeholders {
  private readonly byKey = new Map<string, number>();
  private readonly kinds: RedactionKind[] = [];
  mark(kind: RedactionKind, value: string): string {
    const key = `${kind}:${value.toLowerCase()}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.kinds.push(kind) - 1;
      this.byKey.set(key, index);
    }
    return `${MARK}${index}${MARK}`;
  }
  resolve(text: string): Redaction {
    const counts: Partial<Record<RedactionKind, number>> = {};
    const names = new Map<number, string>();
    const resolved = text.replace(MARKED, (_m, i: string) => {
      const index = Number(i);
      let name = names.get(index);
      if (name === undefined) {
        const kind = this.kinds[index];
        counts[kind] = (counts[kind] ?? 0) + 1;
        name = `${kind}${counts[kind]}`;
        names.set(index, name);
      }
      return name;
    });
    return { text: resolved, counts };
  }
}

/**
 * The paste is cut to MAX_PASTE_CHARS first, as the matcher cuts it: what is stored is what was diagnosed, and the
 * work stays bounded.
 */
export function redactPaste(paste: string): Redaction {
  const raw = paste.slice(0, MAX_PASTE_CHARS).replace(/\u0001/g, ' ');
  const p = new Placeholders();
  const names = new Map<string, RedactionKind>(); // bare names to replace wherever they occur
  const addName = (value: string | undefined, kind: RedactionKind) => {
    const v = value?.trim().replace(/\.$/, '');
    // A name has a letter: digits alone are codes, event IDs and counts, which stay.
    if (!v || v.includes(MARK) || !/[A-Za-z]/.test(v) || NOT_VMS.has(v.toLowerCase()) || EVENT_PROVIDER.test(v) || CODE.test(v)) return;
    if (kind === 'HOST' && v.includes('.') && !/^\d+(\.\d+)*$/.test(v)) {
      const [label, ...rest] = v.split('.');
      addName(label, 'HOST');
      if (rest.length > 0) addName(rest.join('.'), 'DOMAIN');
      return;
    }
    if (!names.has(v.toLowerCase())) names.set(v.toLowerCase(), kind);
  };

  // 1. What the core already knows: the migration's hosts and VM.
  const found = extractNames(normalizePaste(raw).plain);
  for (const h of [found.source, found.destination, ...found.hosts]) addName(h, 'HOST');
  addName(found.vm, 'VM');

  let text = raw.replace(SLACK_USER, (_m, id: string) => `<@${p.mark('USER', id)}>`);
  // 2. Self-delimiting values, longest first.
  text = text.replace(GUID, (m) => p.mark('GUID', m.replace(/[{}]/g, '')));
  text = text.replace(UNC, (_m, host: string, share: string) => {
    const h = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) ? p.mark('IP', host) : hostOf(host, p, addName);
    return `\\\\${h}\\${PUBLIC_SHARE.test(share) ? share : p.mark('share', share)}`;
  });
  text = text.replace(EMAIL, (m, user: string, domain: string) => {
    if (!/[A-Za-z]/.test(domain)) return m; // vSphere's "[Originator@6876 …]"
    if (!domain.includes('.')) { addName(user, 'USER'); return `${p.mark('USER', user)}@${p.mark('DOMAIN', domain)}`; }
    return p.mark('EMAIL', m);
  });
  text = text.replace(IPV4, (m) => p.mark('IP', m));
  text = text.replace(IPV6, (m, addr: string, scope?: string) => (isIpv6(addr) ? p.mark('IP', addr) + (scope ? p.mark('IP', scope) : '') : m));
  text = text.replace(SPN, (m, host: string) => m.slice(0, m.length - host.length) + hostOf(host, p, addName));
  text = text.replace(FQDN, (m, label: string, domain: string) => {
    if (NOT_DOMAIN_ROOTS.test(label) || /^\d+$/.test(label) || PUBLIC_SITE.test(label + domain)) return m;
    return hostOf(label + domain, p, addName);
  });
  text = text.replace(DOMAIN_USER, (m, domain: string, user: string, at: number) => {
    if (NOT_DOMAINS.has(domain.toLowerCase()) || /^[A-Za-z]$/.test(domain)) return m;
    if (/[A-Za-z]:\\[^\n'"]*$/.test(text.slice(Math.max(0, at - 200), at))) return m; // inside a Windows path
    addName(domain, 'DOMAIN');
    addName(user, 'USER');
    return `${p.mark('DOMAIN', domain)}\\${p.mark('USER', user)}`;
  });

  // 3. Names said by context, replaced below wherever they occur.
  for (const m of text.matchAll(QUOTED_AFTER)) {
    const vm = /^(?:VM|virtual machine)$/i.test(m[1]);
    if (vm && !/[\\/:<>|*?]/.test(m[2])) addName(m[2], 'VM');
    else if (!vm && isHostLike(m[2])) addName(m[2], 'HOST');
  }
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(ARGUMENT)) {
      const arg = m[1].toLowerCase();
      const values = (m[2] ?? m[3] ?? m[4]).split(',').map((v) => v.trim()).filter((v) => v && !v.startsWith('$') && !v.includes(MARK));
      if (arg === 'name' || arg === 'vmname') {
        const kind = arg === 'vmname' || VM_CMDLET.test(line) ? 'VM' : NODE_CMDLET.test(line) ? 'HOST' : undefined;
        if (kind) for (const v of values) addName(v.replace(/^Virtual Machine\s+/i, ''), kind);
      } else if (arg !== 'destinationstoragepath') {
        for (const v of values) if (isHostLike(v) || /^[A-Za-z][\w-]*$/.test(v)) addName(v, 'HOST');
      }
    }
  }
  for (const m of text.matchAll(LABELLED_HOST)) if (isHostLike(m[1])) addName(m[1], 'HOST');
  for (const m of text.matchAll(LABELLED_USER)) if (!NOT_USERS.has(m[1].toLowerCase()) && m[1] !== '-') addName(m[1], 'USER');

  // 4. Every name found, wherever it occurs (longest first, so "HV01-MGMT" is not cut by "HV01").
  for (const [name, kind] of [...names].sort((a, b) => b[0].length - a[0].length)) {
    const re = new RegExp(String.raw`(?<![A-Za-z0-9_\u0001-])${escapeRegExp(name)}(?![A-Za-z0-9_\u0001])`, 'gi');
    text = text.replace(re, () => p.mark(kind, name));
  }
  return p.resolve(text);
}

/** A host (short or FQDN) as HOSTn or HOSTn.DOMAINm, remembering both for the rest of the paste. */
function hostOf(host: string, p: Placeholders, addName: (value: string, kind: RedactionKind) => void): string {
  const [label, ...rest] = host.replace(/\.$/, '').split('.');
  // The label alone is replaced elsewhere only when it looks like a machine ("hv09", not "git" of git.corp.example).
  if (rest.length === 0 || isHostLike(label)) addName(label, 'HOST');
  if (rest.length === 0) return p.mark('HOST', label);
  addName(rest.join('.'), 'DOMAIN');
  return `${p.mark('HOST', label)}.${p.mark('DOMAIN', rest.join('.'))}`;
}

/** An IPv6 address rather than a time (10:39:21), a MAC-less ratio or PowerShell's `::`. */
function isIpv6(addr: string): boolean {
  const groups = addr.split(':');
  if (!/\d/.test(addr) || groups.some((g) => g.length > 4)) return false;
  const compressed = addr.includes('::');
  if (!compressed && groups.length !== 8) return false;
  if (compressed && addr.split('::').length > 2) return false;
  return groups.filter((g) => g !== '').length >= 1 && (compressed ? addr !== '::' : true);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
