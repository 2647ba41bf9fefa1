/**
 * Finds the source host, destination host and VM named in a paste, from the standard Hyper-V message templates,
 * PowerShell command lines and the way people write moves in chat ("HV01 -> HV02", "from HV01 to HV02").
 */
import type { ExtractedNames } from './types';

const NAME = String.raw`[A-Za-z0-9][A-Za-z0-9._-]{0,62}`;
const Q = String.raw`['"]`;

interface Template {
  role: 'source' | 'destination' | 'vm';
  pattern: RegExp;
}

const TEMPLATES: Template[] = [
  { role: 'source', pattern: new RegExp(String.raw`failed at migration source ${Q}(${NAME})${Q}`, 'i') },
  { role: 'destination', pattern: new RegExp(String.raw`failed at migration destination ${Q}(${NAME})${Q}`, 'i') },
  { role: 'destination', pattern: new RegExp(String.raw`\bwith host ${Q}(${NAME})${Q}`, 'i') },
  { role: 'destination', pattern: new RegExp(String.raw`not supported on host ${Q}(${NAME})${Q}`, 'i') },
  { role: 'destination', pattern: new RegExp(String.raw`with physical computer ${Q}(${NAME})${Q}`, 'i') },
  { role: 'vm', pattern: new RegExp(String.raw`Live migration of ${Q}(?:Virtual Machine )?([^'"\n]{1,64})${Q}`, 'i') },
  { role: 'vm', pattern: new RegExp(String.raw`migration operation for ${Q}([^'"\n]{1,64})${Q}`, 'i') },
  { role: 'vm', pattern: new RegExp(String.raw`(?:Storage migration|Quick migration|Moving) (?:for|of) ${Q}(?:Virtual Machine )?([^'"\n]{1,64})${Q}`, 'i') },
  { role: 'vm', pattern: new RegExp(String.raw`virtual machine ${Q}([^'"\n]{1,64})${Q}`, 'i') },
  { role: 'vm', pattern: new RegExp(String.raw`clustered role ${Q}(?:Virtual Machine )?([^'"\n]{1,64})${Q}`, 'i') },
];

// "HV01 -> HV02", "HV01 => HV02", "from HV01 to HV02"
const ARROW = new RegExp(String.raw`(?<![\w-])(${NAME})\s*(?:->|=>|>)\s*(${NAME})(?![\w-])`);
const FROM_TO = new RegExp(String.raw`\bfrom\s+(${NAME})\s+to\s+(${NAME})(?![\w-])`, 'i');

/** A token that looks like a host name rather than an English word: it has a digit, or is an upper-case word. */
export function isHostLike(token: string): boolean {
  if (token.length < 2 || token.length > 63) return false;
  if (/^\d+$/.test(token) || /^\d+(\.\d+)*$/.test(token)) return false;
  if (/^(ws|server|windows|win)?20\d\d(r2)?$/i.test(token)) return false;
  return /\d/.test(token) || /^[A-Z][A-Z-]{2,}$/.test(token);
}

export function extractNames(plain: string): ExtractedNames {
  const found: Partial<Record<'source' | 'destination' | 'vm', string>> = {};
  for (const t of TEMPLATES) {
    if (found[t.role]) continue;
    const m = t.pattern.exec(plain);
    if (m) found[t.role] = m[1].trim();
  }
  readCommandLine(plain, found);
  readChatMove(plain, found);
  const hosts: string[] = [];
  for (const h of [found.source, found.destination]) {
    if (h && !hosts.some((x) => x.toLowerCase() === h.toLowerCase())) hosts.push(h);
  }
  return { ...found, hosts };
}

const MOVE_CMD = /\b(Move-VM|Move-ClusterVirtualMachineRole|Move-VMStorage|Compare-VM)\b([^\n|;]{0,400})/i;

function readCommandLine(plain: string, found: Partial<Record<'source' | 'destination' | 'vm', string>>): void {
  const m = MOVE_CMD.exec(plain);
  if (!m) return;
  const args = m[2].match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      const name = arg.slice(1).toLowerCase();
      const value = args[i + 1]?.startsWith('-') ? undefined : unquote(args[i + 1] ?? '');
      if (value === undefined) continue;
      i++;
      if ((name === 'name' || name === 'vmname') && !found.vm) found.vm = value;
      else if ((name === 'destinationhost' || name === 'node') && !found.destination) found.destination = value;
      else if (name === 'computername' && !found.source) found.source = value.split(',')[0];
    } else if (!arg.startsWith(':') && !arg.startsWith('+')) {
      positional.push(unquote(arg));
    }
  }
  if (positional[0] && !found.vm && /^[\w.-]+$/.test(positional[0])) found.vm = positional[0];
  if (positional[1] && !found.destination && /^[\w.-]+$/.test(positional[1])) found.destination = positional[1];
}

function readChatMove(plain: string, found: Partial<Record<'source' | 'destination' | 'vm', string>>): void {
  for (const re of [ARROW, FROM_TO]) {
    const m = re.exec(plain);
    if (m && isHostLike(m[1]) && isHostLike(m[2])) {
      found.source ??= m[1];
      found.destination ??= m[2];
      return;
    }
  }
}

function unquote(value: string): string {
  return value.replace(/^['"]|['"]$/g, '');
}
