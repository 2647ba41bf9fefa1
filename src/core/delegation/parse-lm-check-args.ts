import { UsageError } from '../../support/errors';
import { DEFAULT_SCOPE, type CheckScope, type LmCheckRequest } from './types';

export const MIN_HOSTS = 2;
export const MAX_HOSTS = 100;
const MAX_NAME_LENGTH = 253;
/** A DNS label (RFC 1123; `_` tolerated for legacy NetBIOS names): letters, digits, inner hyphens, 1–63 chars. */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Shows a token safely in a one-line message (control characters escaped). */
function show(token: string): string {
  return JSON.stringify(token.length > 80 ? `${token.slice(0, 80)}…` : token);
}

/**
 * Validates one host name: a NetBIOS name, an FQDN (one trailing dot allowed) or an account name `NAME$`.
 * Returns the reason it is refused, or undefined. Nothing that fails here ever reaches an LDAP filter.
 */
export function hostNameProblem(token: string): string | undefined {
  const name = token.endsWith('$') ? token.slice(0, -1) : token.replace(/\.$/, '');
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  const labels = name.split('.');
  if (token.endsWith('$') && labels.length > 1) return "is not a host name: only a short account name may end in '$'";
  for (const label of labels) {
    if (label.length > 63) return 'has a label longer than 63 characters';
    if (!LABEL.test(label)) {
      return "is not a host name: use letters, digits, '-' and '.' (NetBIOS name, FQDN or NAME$)";
    }
  }
  return undefined;
}

/** Merge key for duplicates typed in different case or with `$`/a trailing dot. */
function dedupeKey(token: string): string {
  return token.replace(/[$.]$/, '').toLowerCase();
}

/**
 * Parses the host list of `lm-doctor check HV01 HV02 …` or `/lm-check HV01, HV02`: 2–100 hosts separated by
 * spaces or commas, case-insensitive, duplicates merged (first spelling kept). Throws UsageError with a one-line
 * message that names the bad token.
 */
export function parseLmCheckArgs(input: string | readonly string[]): LmCheckRequest {
  const text = typeof input === 'string' ? input : input.join(' ');
  const { scope, rest } = readScope(text.split(/[\s,]+/).filter((t) => t.length > 0));
  const tokens = rest;
  const seen = new Map<string, string>();
  for (const token of tokens) {
    const problem = hostNameProblem(token);
    if (problem) throw new UsageError(`host name ${show(token)} ${problem}`);
    const key = dedupeKey(token);
    if (!seen.has(key)) seen.set(key, token);
  }
  const hosts = [...seen.values()];
  if (hosts.length < MIN_HOSTS) {
    const got = hosts.length === 0 ? 'none' : `only ${show(hosts[0])}`;
    throw new UsageError(`give at least ${MIN_HOSTS} different hosts (got ${got}), e.g. "HV01 HV02"`);
  }
  if (hosts.length > MAX_HOSTS) {
    throw new UsageError(`give at most ${MAX_HOSTS} hosts (got ${hosts.length}); the first one over is ${show(hosts[MAX_HOSTS])}`);
  }
  return { hosts, ...(scope ? { scope } : {}) };
}

/**
 * The scope options among the tokens: `--storage`, `--file-server NAME` (repeatable; also `--file-server=NAME`),
 * `--mode kcd|rbcd`. Returns the other tokens (the hosts) untouched.
 */
function readScope(tokens: readonly string[]): { scope?: CheckScope; rest: string[] } {
  const scope: CheckScope = { ...DEFAULT_SCOPE, fileServers: [] };
  const rest: string[] = [];
  let given = false;
  for (let i = 0; i < tokens.length; i++) {
    const [flag, inline] = tokens[i].startsWith('--') ? tokens[i].split(/=(.*)/s, 2) : [tokens[i], undefined];
    const value = () => {
      const v = inline ?? tokens[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--storage') scope.storage = given = true;
    else if (flag === '--file-server') {
      const server = value();
      const problem = hostNameProblem(server);
      if (problem) throw new UsageError(`file server ${show(server)} ${problem}`);
      scope.fileServers.push(server);
      given = true;
    } else if (flag === '--mode') {
      const mode = value().toLowerCase();
      if (mode !== 'kcd' && mode !== 'rbcd') throw new UsageError(`--mode is kcd (constrained delegation on each source) or rbcd (resource-based, on each destination), not ${show(mode)}`);
      scope.mode = mode;
      given = true;
    } else if (flag.startsWith('--')) throw new UsageError(`unknown option ${show(flag)} (options: --storage, --file-server NAME, --mode kcd|rbcd)`);
    else rest.push(tokens[i]);
  }
  return { scope: given ? scope : undefined, rest };
}

/** Validates an operator account name (sAMAccountName or UPN) before it reaches a filter. */
export function parseOperator(token: string): string {
  const ok = /^[A-Za-z0-9._-]{1,104}(@[A-Za-z0-9.-]{1,253})?$/.test(token);
  if (!ok) throw new UsageError(`operator ${show(token)} is not an account name: use sAMAccountName or user@domain`);
  return token;
}
