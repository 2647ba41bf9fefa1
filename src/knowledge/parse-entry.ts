/**
 * Parses one knowledge file (YAML front matter + Markdown body) into a KnowledgeEntry, collecting every problem
 * with its file and field instead of stopping at the first. Pure: the caller reads the file.
 */
import { parseDocument } from 'yaml';
import type { CodeSignal, EntrySignals, EventSignal, KnowledgeEntry, LocalizedPhrase } from '../core/types';
import type { KnowledgeProblem } from '../support/errors';
import { parseCode } from '../core/extract-codes';
import { PLACEHOLDER_NAMES } from '../core/fill-placeholders';

export const PLACEHOLDERS = PLACEHOLDER_NAMES;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ParsedEntry {
  entry?: KnowledgeEntry;
  problems: KnowledgeProblem[];
}

export function parseEntry(file: string, text: string): ParsedEntry {
  const problems: KnowledgeProblem[] = [];
  const report = (field: string, message: string) => problems.push({ file, field, message });
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) {
    report('front matter', 'missing: the file must start with a "---" line, YAML, and a closing "---" line');
    return { problems };
  }
  const doc = parseDocument(m[1], { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    report('front matter', `invalid YAML at line ${(e.linePos?.[0]?.line ?? 0) + 1}: ${e.message.split('\n')[0]}`);
    return { problems };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // yaml refuses alias expansion past its limit ("billion laughs") with an exception, not a doc.errors entry.
    report('front matter', `cannot be read: ${(e as Error).message.split('\n')[0]}`);
    return { problems };
  }
  if (!isRecord(data)) {
    report('front matter', 'must be a YAML mapping');
    return { problems };
  }
  const id = readString(data, 'id', report);
  if (id !== undefined && !ID.test(id)) report('id', `"${id}" is not a kebab-case id`);
  const title = readString(data, 'title', report);
  if (title !== undefined && title.length > 120) report('title', 'longer than 120 characters');
  if (data.reply !== undefined && data.reply !== 'none') report('reply', 'the only value is "none" (an out-of-scope entry)');
  const outOfScope = data.reply === 'none';
  if (outOfScope && data.adCheck !== undefined && data.adCheck !== false) report('adCheck', 'an out-of-scope entry has no AD check');
  if (!outOfScope && typeof data.adCheck !== 'boolean') report('adCheck', 'required: true or false');
  if (data.umbrella !== undefined && typeof data.umbrella !== 'boolean') report('umbrella', 'must be true or false');
  const signals = readSignals(data.signals, report);
  const sources = readStringList(data, 'sources', report, true);
  sources.forEach((url, i) => {
    if (!isHttpUrl(url)) report(`sources[${i}]`, `"${url}" is not an http(s) URL`);
  });
  const examples = readStringList(data, 'examples', report, true);
  if (outOfScope) signals?.codes.filter((c) => c.primary).forEach(() => report('signals.codes', 'an out-of-scope entry cannot be primary for a code'));
  const body = outOfScope ? parseOutOfScopeBody(m[2], report) : parseBody(m[2], report);
  checkPlaceholders(m[2], report);
  if (problems.length > 0 || id === undefined || title === undefined || !signals || !body) return { problems };
  const entry: KnowledgeEntry = {
    id, title, adCheck: data.adCheck === true, signals, sources, examples, file, ...body,
    ...(data.umbrella === true ? { umbrella: true } : {}),
    ...(outOfScope ? { outOfScope: true } : {}),
  };
  return { entry, problems };
}

type Report = (field: string, message: string) => void;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

function readString(data: Record<string, unknown>, field: string, report: Report): string | undefined {
  const v = data[field];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  report(field, v === undefined ? 'required' : 'must be a non-empty string');
  return undefined;
}

function readStringList(data: Record<string, unknown>, field: string, report: Report, required: boolean): string[] {
  const v = data[field];
  if (v === undefined || v === null) {
    if (required) report(field, 'required: a list with at least one item');
    return [];
  }
  if (!Array.isArray(v)) {
    report(field, 'must be a list');
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    if (typeof item === 'string' && item.trim() !== '') out.push(item);
    else report(`${field}[${i}]`, 'must be a non-empty string');
  });
  if (required && out.length === 0 && v.length === 0) report(field, 'must have at least one item');
  return out;
}

function readSignals(raw: unknown, report: Report): EntrySignals | undefined {
  if (!isRecord(raw)) {
    report('signals', 'required: a mapping with codes, events, phrases, localized');
    return undefined;
  }
  const codes: CodeSignal[] = [];
  listOf(raw.codes, 'signals.codes', report).forEach((c, i) => {
    const f = `signals.codes[${i}]`;
    if (!isRecord(c) || typeof c.hex !== 'string' || !/^0x[0-9A-Fa-f]{4,8}$/.test(c.hex)) {
      report(`${f}.hex`, 'required: "0x" followed by 4 to 8 hex digits');
      return;
    }
    const code: CodeSignal = { hex: c.hex };
    if (c.decimal !== undefined) {
      if (typeof c.decimal !== 'number' || !Number.isInteger(c.decimal) || (c.decimal >>> 0) !== parseInt(c.hex.slice(2), 16)) {
        report(`${f}.decimal`, `${String(c.decimal)} is not the decimal form (signed for HRESULTs) of ${c.hex}`);
      } else code.decimal = c.decimal;
    }
    if (c.symbol !== undefined) {
      if (typeof c.symbol !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(c.symbol)) report(`${f}.symbol`, 'must be an upper-case symbolic name');
      else code.symbol = c.symbol;
    }
    if (c.primary !== undefined && typeof c.primary !== 'boolean') report(`${f}.primary`, 'must be true or false');
    if (c.primary === true) code.primary = true;
    codes.push(code);
  });
  const events: EventSignal[] = [];
  listOf(raw.events, 'signals.events', report).forEach((e, i) => {
    const f = `signals.events[${i}]`;
    if (!isRecord(e) || !Number.isInteger(e.id) || (e.id as number) <= 0 || (e.id as number) > 65535) {
      report(`${f}.id`, 'required: an event ID between 1 and 65535');
      return;
    }
    if (typeof e.log !== 'string' || e.log.trim() === '') report(`${f}.log`, 'required: the event log name');
    else events.push({ id: e.id as number, log: e.log, ...(e.wrapper === true ? { wrapper: true } : {}) });
  });
  const localized: LocalizedPhrase[] = [];
  listOf(raw.localized, 'signals.localized', report).forEach((l, i) => {
    if (isRecord(l) && typeof l.lang === 'string' && typeof l.text === 'string' && l.text.trim()) localized.push({ lang: l.lang, text: l.text });
    else report(`signals.localized[${i}]`, 'must be {lang, text}');
  });
  const phrases = stringsOf(raw.phrases, 'signals.phrases', report);
  phrases.forEach((p, i) => {
    if (p.length < 8) report(`signals.phrases[${i}]`, `"${p}" is too short to be distinctive (min 8 characters)`);
  });
  for (const removed of ['keywords', 'excludes']) {
    if (raw[removed] !== undefined) {
      report(`signals.${removed}`, 'no longer read: chat wording is learned from `examples`; write the situations as example pastes instead');
    }
  }
  return { codes, events, phrases, localized };
}

function listOf(v: unknown, field: string, report: Report): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  report(field, 'must be a list');
  return [];
}

function stringsOf(v: unknown, field: string, report: Report): string[] {
  return listOf(v, field, report).flatMap((s, i) => {
    if (typeof s === 'string' && s.trim() !== '') return [s.trim()];
    report(`${field}[${i}]`, 'must be a non-empty string');
    return [];
  });
}

function parseOutOfScopeBody(body: string, report: Report): Pick<KnowledgeEntry, 'cause' | 'fix' | 'verify'> | undefined {
  const m = /^##[ \t]+What it is[ \t]*\r?\n([\s\S]*?)(?=^##[ \t]|(?![\s\S]))/im.exec(body);
  const what = m?.[1].trim();
  if (!what) {
    report('body.What it is', 'missing "## What it is" section (what the text is instead, in a sentence or two)');
    return undefined;
  }
  return { cause: what, fix: [], verify: '' };
}

function parseBody(body: string, report: Report): Pick<KnowledgeEntry, 'cause' | 'fix' | 'verify'> | undefined {
  const sections = new Map<string, string>();
  const parts = body.split(/^##[ \t]+/m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const name = (nl < 0 ? part : part.slice(0, nl)).trim().toLowerCase();
    sections.set(name, nl < 0 ? '' : part.slice(nl + 1).trim());
  }
  const cause = sections.get('cause');
  const fix = sections.get('fix');
  const verify = sections.get('verify');
  if (!cause) report('body.Cause', 'missing "## Cause" section');
  if (!verify) report('body.Verify', 'missing "## Verify" section');
  const steps = fix ? fix.split(/^\d+\.[ \t]+/m).slice(1).map(dedentStep).filter((s) => s !== '') : [];
  if (!fix) report('body.Fix', 'missing "## Fix" section');
  else if (steps.length === 0) report('body.Fix', 'must be a numbered list ("1. …")');
  if (!cause || !verify || steps.length === 0) return undefined;
  return { cause, fix: steps, verify };
}

function dedentStep(step: string): string {
  const lines = step.replace(/\s+$/, '').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? indents.reduce((a, b) => Math.min(a, b)) : 0;
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length)))].join('\n').trim();
}

function checkPlaceholders(body: string, report: Report): void {
  for (const m of body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1])) {
      report('body', `unknown placeholder {{${m[1]}}} (allowed: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`);
    }
  }
}
