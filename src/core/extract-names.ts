/**
 * Finds the source host, destination host and VM named in a paste. A name is taken only where the paste states it:
 * Hyper-V's message templates (English, German, French), the arguments of a move command, and the few chat patterns
 * that name a move ("from HV01 to HV02", "HV01 -> HV02"). Outside a template a name must look like a machine name,
 * never like a word of the sentence. Right or none: a name that is not certain is left out, and the reply says
 * "the source host" / `<source-host>` instead.
 */
import type { ExtractedNames } from './types';

type Role = 'source' | 'destination' | 'vm';

/**
 * A value in any of the quotes Windows and people use: 'X', "X", « X », „X“, “X”, (X) in SCVMM's text. The quotes
 * need not match: screenshots read by OCR turn 'WEB03' into "WEB03' or '"HV12'.
 */
const QUOTED = String.raw`(?:['"«„“‘’”]+\s?([^'"«»„“”‘’\n]{1,64}?)\s?['"»“”’‘]+|\(([^()\n]{1,64})\))`;

interface Template { role: Role; pattern: RegExp }

/** Hyper-V's own wording around a quoted name, per role. */
const TEMPLATES: Template[] = [
  // English (Move-VM, VMMS and High-Availability events, Compare-VM)
  ['source', String.raw`failed at migration source ${QUOTED}`],
  ['destination', String.raw`failed at migration destination ${QUOTED}`],
  ['destination', String.raw`\bwith (?:the )?host ${QUOTED}`],
  ['destination', String.raw`not supported on (?:physical computer|host) ${QUOTED}`],
  ['destination', String.raw`(?:compatible|incompatible) with (?:the )?physical computer ${QUOTED}`],
  ['destination', String.raw`to (?:the )?destination host ${QUOTED}`],
  ['destination', String.raw`to the virtual machine host ${QUOTED}`],
  ['vm', String.raw`^\s*${QUOTED} (?:failed to (?:live )?migrate|(?:live |quick |storage )?migration did not succeed)`],
  ['vm', String.raw`(?:Cluster resource|Clusterressource|ressource de cluster) ${QUOTED}(?=[^\n]{0,80}(?:Virtual Machine|type))`],
  ['vm', String.raw`\blive migration of ${QUOTED}`],
  ['vm', String.raw`migration operation for ${QUOTED}`],
  ['vm', String.raw`(?:storage|quick) migration (?:for|of) ${QUOTED}`],
  ['vm', String.raw`\bvirtual machine ${QUOTED}`],
  ['vm', String.raw`clustered role ${QUOTED}`],
  // German
  ['source', String.raw`Migrationsquell(?:e|ort|host)\s+${QUOTED}`],
  ['destination', String.raw`Migrationsziel(?:ort|host)?\s+${QUOTED}`],
  ['destination', String.raw`\bmit (?:dem )?Host\s+${QUOTED}`],
  ['vm', String.raw`virtuellen?\s+Computers?\s+(?:für\s+)?${QUOTED}`],
  ['destination', String.raw`physischen Computer\s+${QUOTED}`],
  ['vm', String.raw`Livemigration (?:von|für)\s+${QUOTED}`],
  // French
  ['source', String.raw`source de (?:la )?migration\s+${QUOTED}`],
  ['destination', String.raw`destination de (?:la )?migration\s+${QUOTED}`],
  ['destination', String.raw`avec l['’]hôte\s+${QUOTED}`],
  ['vm', String.raw`ordinateur virtuel\s+(?:pour\s+)?${QUOTED}`],
  ['destination', String.raw`ordinateur physique\s+${QUOTED}`],
  ['vm', String.raw`migration dynamique (?:de|pour)\s+${QUOTED}`],
].map(([role, source]) => ({ role: role as Role, pattern: new RegExp(source, 'iu') }));

/** A DNS-style name; it never ends in `.`, `-` or `_`, so a sentence's full stop ("… to HV03.") is not part of it. */
const NAME = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?`;
/** "HV01 -> HV02", "HV01 => HV02" (→ is normalised to ->). */
const ARROW = new RegExp(String.raw`(?<![\w.-])(${NAME})\s*(?:->|=>)\s*(${NAME})(?![\w-])`);
const ROLE_WORD = String.raw`(?:(?:the\s+)?(?:node|host|server)\s+|the\s+)?`;
/** "from HV01 to HV02", "von HV01 nach HV02", "de HV01 vers HV02" (each side taken only if it looks like a machine). */
const FROM_TO = new RegExp(String.raw`\b(?:from|von|de)\s+${ROLE_WORD}(${NAME})\s+(?:to|nach|auf|vers|à)\s+${ROLE_WORD}(${NAME})(?![\w-])`, 'iu');
const MOVE_VERB = String.raw`(?:mov(?:e|es|ed|ing)|(?:live[- ]?)?migrat(?:e|es|ed|ing)|LM(?:ing|'ing)?)`;
/** The VM: named right after a move verb ("moving APP3 from …"), after "migration of", or as "the VM X". */
const VM_PATTERNS = [
  new RegExp(String.raw`\b${MOVE_VERB}\s+(?:the\s+)?(?:vm\s+)?(${NAME})\s+(?:from|to|off|onto|between|->|${NAME}\s*->)`, 'i'),
  new RegExp(String.raw`\b(?:(?:live[- ]?|quick |storage )?migration|LM|move|Livemigration|migration dynamique)\s+(?:of|von|de)\s+(?:the\s+)?(?:vm\s+)?['"]?(${NAME})`, 'i'),
  new RegExp(String.raw`\b(?:the\s+)?VM(?:\s+is\s+|\s*:\s*|\s+)(${NAME})`, 'i'),
];
/** A host after a move word: "moving APP3 to HV04", "migrate anything onto HV04", "migrate APP3 off HV03". */
const MOVE_TARGET = new RegExp(String.raw`\b${MOVE_VERB}\s+(?:(?:the\s+)?(?:vm\s+)?\S+\s+)?(to|onto|off|from)\s+${ROLE_WORD}(${NAME})(?![\w-])`, 'i');
/** "to HV04 from HV03": the reverse order of FROM_TO. */
const TO_FROM = new RegExp(String.raw`\bto\s+${ROLE_WORD}(${NAME})\s+from\s+${ROLE_WORD}(${NAME})(?![\w-])`, 'i');
/** The node a drain empties: "drain of node3", "draining HV05", Suspend-ClusterNode -Name X -Drain. */
const DRAIN = new RegExp(String.raw`\bdrain(?:ing|ed)?\s+(?:of\s+)?${ROLE_WORD}(${NAME})(?![\w-])|Suspend-ClusterNode\b[^\n|;]*?-Name\s+['"]?(${NAME})['"]?[^\n|;]*-Drain|Suspend-ClusterNode\b[^\n|;]*-Drain[^\n|;]*?-Name\s+['"]?(${NAME})`, 'i');
/** "live migration to HV02", "migration from NODE3". */
const MIGRATION_TARGET = new RegExp(String.raw`\b(?:live[- ]?)?migration\s+(to|from|off|onto)\s+${ROLE_WORD}(${NAME})(?![\w-])`, 'i');
/**
 * "source is HV01", "Destination: HV06", "target host HV04". Not in an event record (Event Viewer's "Log Name:",
 * "Event ID:" fields), where `Source:` is the event's provider.
 */
const LABELLED = [
  { role: 'source' as const, pattern: new RegExp(String.raw`\bsource(?:\s+(?:host|node))?\s*(?:is|:|=)\s*(${NAME})(?![\w-])`, 'i') },
  { role: 'destination' as const, pattern: new RegExp(String.raw`\b(?:destination|target)(?:\s+(?:host|node))?\s*(?:is|:|=)\s*(${NAME})(?![\w-])`, 'i') },
];
/** Event Viewer's copy of an event ("Log Name:", "Event ID:" at the start of a line). */
const EVENT_RECORD = /^[ \t]*(?:Log Name|Event ID|EventID|Protokollname|Ereignis-ID|Nom du journal|ID de l['’]événement)[ \t]*:/im;
/** A PowerShell prompt of a remote session, "[HV05]: PS C:\>": a Move-VM typed there runs on that host. */
const REMOTE_PROMPT = new RegExp(String.raw`^\[(${NAME})\]:\s*PS [^>\n]*>\s*Move-VM\b`, 'im');
/** Get-VM -Name X -ComputerName Y | Move-VM …: the VM and the host it is on. */
const PIPED_VM = new RegExp(String.raw`Get-VM\b([^|\n]{0,200})\|\s*Move-VM\b`, 'i');
const MOVE_CMD = /\b(Move-VM|Move-ClusterVirtualMachineRole|Move-VMStorage|Compare-VM)\b([^\n|;]{0,400})/i;

/**
 * Words that are never a machine name in the languages lm-doctor reads, whatever their case: the acronyms of the trade
 * and the words of the message templates.
 */
const NOT_NAMES = new Set([
  'vm', 'vms', 'lm', 'ha', 'csv', 'smb', 'dns', 'wac', 'kcd', 'ad', 'dc', 'ok', 'error', 'failed', 'fail', 'fails',
  'warning', 'rdp', 'gpo', 'spn', 'cifs', 'scvmm', 'vmm', 'vmms', 'wmi', 'winrm', 'tcp', 'udp', 'ip', 'mtu', 'rdma',
  'numa', 'cpu', 'amd', 'intel', 'gpu', 'dda', 'vtpm', 'tpm', 'hgs', 'iso', 'vhd', 'vhdx', 'avhdx', 'hresult', 'ps',
  'id', 'guid', 'sql', 'fqdn', 'ntlm', 'kdc', 'os', 'it', 'ps1', 'the', 'from', 'with', 'host', 'hosts', 'source',
  'destination', 'machine', 'virtual', 'migration', 'cluster', 'node', 'local', 'fehler', 'beim', 'die', 'der', 'das',
  'von', 'nach', 'auf', 'mit', 'und', 'hôte', 'vers', 'pour', 'avec', 'les', 'des', 'une', 'un',
]);

/** A token that looks like a machine name rather than a word, an acronym, a number, a unit or a cmdlet. */
export function isHostLike(token: string): boolean {
  if (token.length < 2 || token.length > 63 || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(token)) return false;
  if (NOT_NAMES.has(token.toLowerCase())) return false;
  if (/^\d+([.,]\d+)*$/.test(token) || /^0x[0-9a-f]+$/i.test(token)) return false;
  if (/^\d+(?:[a-z]{1,3})$/i.test(token)) return false; // 10G, 5min, 64GB
  if (/^(?:ws|server|windows|win)?20\d\d(?:r2)?$/i.test(token)) return false;
  if (/^(?:get|set|move|new|remove|enable|disable|test|invoke|enter|add|compare|start|stop)-/i.test(token)) return false;
  if (isEventProvider(token)) return false;
  const label = token.split('.')[0];
  const fqdn = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(token) && /[A-Za-z]/.test(token);
  return /\d/.test(label) || /^[A-Z][A-Z]{2,}$/.test(label) || /^[A-Za-z]+-[A-Za-z0-9-]+$/.test(label) || fqdn;
}

/**
 * The name of a Windows event provider (Microsoft-Windows-Hyper-V-VMMS, Microsoft-Windows-FailoverClustering, the
 * short Hyper-V-Worker): a component that logged an event, never a machine.
 */
function isEventProvider(token: string): boolean {
  return /^Microsoft-[A-Za-z]/i.test(token) || /^Hyper-V-[A-Za-z]/i.test(token);
}

interface Found { value: string; strong: boolean }

export function extractNames(plain: string): ExtractedNames {
  const found: Partial<Record<Role, Found>> = {};
  const take = (role: Role, value: string | undefined, strong: boolean) => {
    const v = value?.trim().replace(/\.$/, '');
    if (v && !found[role]) found[role] = { value: v, strong };
  };
  for (const t of TEMPLATES) {
    const m = t.pattern.exec(plain);
    const value = m?.slice(1).find((g) => g !== undefined)?.trim();
    if (value && (t.role === 'vm' ? isVmName(value) : isHostName(value))) take(t.role, stripVmPrefix(value), true);
  }
  readCommandLine(plain, take);
  readChatMove(plain, take);
  const prompt = REMOTE_PROMPT.exec(plain);
  if (prompt && isHostName(prompt[1])) take('source', prompt[1], true);
  // A host is not its own destination unless Hyper-V's own text says so.
  const src = found.source;
  const dst = found.destination;
  if (src && dst && shortName(src.value) === shortName(dst.value) && !(src.strong && dst.strong)) {
    if (dst.strong) delete found.source;
    else delete found.destination;
  }
  // A VM is not one of the hosts of the move ("LM hv-a -> hv-b"), unless a template says so.
  const vm = found.vm;
  if (vm && !vm.strong && [found.source, found.destination].some((h) => h && shortName(h.value) === shortName(vm.value))) delete found.vm;
  const names: ExtractedNames = { hosts: [] };
  for (const role of ['source', 'destination', 'vm'] as const) if (found[role]) names[role] = found[role]!.value;
  for (const h of [names.source, names.destination]) {
    if (h && !names.hosts.some((x) => shortName(x) === shortName(h))) names.hosts.push(h);
  }
  return names;
}

/** The computer name of a host: the first label of an FQDN, lower case (what AD's sAMAccountName is made of). */
export function shortName(host: string): string {
  return host.split('.')[0].toLowerCase();
}

/** Failover Clustering names a VM's resource "Virtual Machine X" (localized: "Virtueller Computer X", …). */
function stripVmPrefix(value: string): string {
  return value.replace(/^(?:Virtual Machine|Virtueller Computer|Ordinateur virtuel|Machine virtuelle)\s+/i, '').trim();
}

/** A quoted VM name from a template: anything printable that is not a path, a URL or a sentence. */
function isVmName(value: string): boolean {
  const v = stripVmPrefix(value);
  return v.length > 0 && v.length <= 64 && /[\p{L}\p{N}]/u.test(v) && !/[\\/:<>|*?]/.test(v) && v.split(/\s+/).length <= 4;
}

/** A quoted host from a template: one DNS-style token (computer name or FQDN). */
function isHostName(value: string): boolean {
  const v = value.trim().replace(/\.$/, '');
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(v) && !NOT_NAMES.has(v.toLowerCase()) && !isEventProvider(v);
}

function readCommandLine(plain: string, take: (role: Role, value: string | undefined, strong: boolean) => void): void {
  const piped = PIPED_VM.exec(plain);
  if (piped) readArguments(piped[1], take);
  const m = MOVE_CMD.exec(plain);
  if (m) readArguments(m[2], take);
}

/** The arguments of a move command (or of the Get-VM piped into it). */
function readArguments(line: string, take: (role: Role, value: string | undefined, strong: boolean) => void): void {
  const args = line.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (/^-[A-Za-z]/.test(arg)) {
      const name = arg.slice(1).replace(/:$/, '').toLowerCase();
      const next = args[i + 1];
      if (next === undefined || /^-[A-Za-z]/.test(next)) continue;
      i++;
      const value = unquote(next).replace(/,$/, '');
      if ((name === 'name' || name === 'vmname') && isVmName(value) && !NOT_NAMES.has(value.toLowerCase())) take('vm', value, true);
      else if ((name === 'destinationhost' || name === 'node') && isHostName(value)) take('destination', value, true);
      else if (name === 'computername' && isHostName(value.split(',')[0])) take('source', value.split(',')[0], true);
    } else if (!arg.startsWith(':') && !arg.startsWith('+')) {
      positional.push(unquote(arg));
    }
  }
  // Positional arguments are taken only when they look like machine names: "Move-VM from HV01 to HV02" has none.
  if (positional[0] && isHostLike(positional[0])) take('vm', positional[0], true);
  if (positional[0] && positional[1] && isHostLike(positional[0]) && isHostLike(positional[1])) take('destination', positional[1], true);
}

/** A failure said right after a move ("HV02 -> HV01 fails"): which of several moves in a paste is the broken one. */
const FAILS_AFTER = /^[^.;,\n]{0,40}?\b(?:fail|fails|failed|failing|error|errors|dies|died|breaks|broke|refused|doesn'?t|does not|won'?t|can'?t|cannot|scheitert|fehlgeschlagen|échoue|échec)/i;

function readChatMove(plain: string, take: (role: Role, value: string | undefined, strong: boolean) => void): void {
  const moves: Array<{ from?: string; to?: string; fails: boolean }> = [];
  for (const re of [FROM_TO, ARROW]) {
    for (const m of plain.matchAll(new RegExp(re.source, `${re.flags}g`))) {
      const from = isHostLike(m[1]) ? m[1] : undefined;
      const to = isHostLike(m[2]) ? m[2] : undefined;
      if ((from || to) && !(from && to && shortName(from) === shortName(to))) {
        moves.push({ from, to, fails: FAILS_AFTER.test(plain.slice(m.index + m[0].length)) });
      }
    }
    if (moves.length > 0) break;
  }
  // One move named: that one. Several: the one said to fail, if exactly one is; otherwise none is certain.
  const key = (m: { from?: string; to?: string }) => `${shortName(m.from ?? '')}>${shortName(m.to ?? '')}`;
  const distinct = moves.filter((m, i) => moves.findIndex((x) => key(x) === key(m)) === i);
  const failing = distinct.filter((m) => m.fails);
  const move = distinct.length === 1 ? distinct[0] : failing.length === 1 ? failing[0] : undefined;
  if (move) {
    take('source', move.from, false);
    take('destination', move.to, false);
  }
  if (distinct.length > 1 && !move) return;
  const eventRecord = EVENT_RECORD.test(plain);
  for (const { role, pattern } of LABELLED) {
    if (eventRecord && role === 'source') continue;
    const m = pattern.exec(plain);
    if (m && isHostLike(m[1])) take(role, m[1], false);
  }
  const reverse = TO_FROM.exec(plain);
  if (reverse && isHostLike(reverse[1]) && isHostLike(reverse[2]) && shortName(reverse[1]) !== shortName(reverse[2])) {
    take('destination', reverse[1], false);
    take('source', reverse[2], false);
  }
  const drain = DRAIN.exec(plain);
  const drained = drain?.slice(1).find((g) => g !== undefined);
  if (drained && isHostLike(drained)) take('source', drained, false);
  // "HV01 can migrate to HV03 but not to HV02": two targets named, neither is certain.
  const targets = new Set([...plain.matchAll(new RegExp(String.raw`\b(?:to|onto)\s+${ROLE_WORD}(${NAME})(?![\w-])`, 'gi'))]
    .map((m) => m[1]).filter(isHostLike).map(shortName));
  for (const re of [MOVE_TARGET, MIGRATION_TARGET]) {
    const m = re.exec(plain);
    if (!m || !isHostLike(m[2])) continue;
    const role = /^(?:to|onto)$/i.test(m[1]) ? 'destination' : 'source';
    if (role === 'destination' && targets.size > 1) continue;
    take(role, m[2], false);
  }
  for (const re of VM_PATTERNS) {
    const m = re.exec(plain);
    if (m && isHostLike(m[1])) take('vm', m[1], false);
  }
}

function unquote(value: string): string {
  return value.replace(/^['"]|['"]$/g, '');
}
