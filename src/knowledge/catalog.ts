/**
 * Hyper-V's message catalog (knowledge/catalog/*.yml): the migration-related templates Hyper-V, Failover Clustering,
 * SCVMM and the cmdlets emit, each mapped to a class, to `informational` (success and progress), `out-of-scope`,
 * `wrapper` (a generic failure that only carries another message) or `unmapped`. A template mapped to a class adds
 * its literal fragments to that entry's messages; an informational one to the success entry, so both compete with
 * the rest. The mapping is reviewable in one place and tested template by template.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KnowledgeEntry } from '../core/types';
import type { KnowledgeProblem } from '../support/errors';

export const CATALOG_DIR = 'catalog';
export const SPECIAL_MAPPINGS = ['informational', 'out-of-scope', 'wrapper', 'unmapped'] as const;
/** The out-of-scope entry that informational templates (success, progress) strengthen. */
export const SUCCESS_ENTRY = 'hyperv-migration-success';
/** Fragments shorter than this say too little to be a message of their own. */
const MIN_FRAGMENT = 24;

export interface CatalogTemplate {
  provider: string;
  event: number | null;
  template: string;
  maps: string;
  source: string;
  /** False for text other software prints too: evidence inside a migration error, none on its own. */
  standalone: boolean;
  file: string;
}

export function readCatalog(knowledgeDir: string, ids: ReadonlySet<string>): { templates: CatalogTemplate[]; problems: KnowledgeProblem[] } {
  const dir = join(knowledgeDir, CATALOG_DIR);
  const templates: CatalogTemplate[] = [];
  const problems: KnowledgeProblem[] = [];
  if (!existsSync(dir)) return { templates, problems };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yml')).sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push({ file, field: 'yaml', message: (e as Error).message.split('\n')[0] });
      continue;
    }
    const list = (data as { templates?: unknown })?.templates;
    if (!Array.isArray(list)) {
      problems.push({ file, field: 'templates', message: 'must be a list' });
      continue;
    }
    list.forEach((t: Record<string, unknown>, i) => {
      const report = (field: string, message: string) => problems.push({ file, field: `templates[${i}].${field}`, message });
      if (typeof t?.template !== 'string' || t.template.trim().length < 10) return report('template', 'required: the message text as Windows writes it');
      if (typeof t.maps !== 'string' || !(ids.has(t.maps) || (SPECIAL_MAPPINGS as readonly string[]).includes(t.maps))) {
        return report('maps', `"${String(t.maps)}" is neither an entry id nor one of ${SPECIAL_MAPPINGS.join(', ')}`);
      }
      if (typeof t.source !== 'string' || !/^https?:\/\/[^/]+\.[^/]+/.test(t.source)) return report('source', 'required: the http(s) page the template was copied from');
      if (t.event !== null && t.event !== undefined && !Number.isInteger(t.event)) return report('event', 'must be an event ID or null');
      if (t.standalone !== undefined && typeof t.standalone !== 'boolean') return report('standalone', 'must be true or false');
      templates.push({
        provider: String(t.provider ?? ''), event: (t.event as number | undefined) ?? null, template: t.template, maps: t.maps, source: t.source,
        standalone: t.standalone !== false, file,
      });
    });
  }
  return { templates, problems };
}

const SAMPLE_NAMES = ['APP07', 'HV21', 'HV22', 'Virtual Machine APP07', 'HV23', 'CLUSTER01', '3'];

/** A template as Windows would print it, its insertion points (%1, {0}) filled with sample names. */
export function fillTemplate(template: string): string {
  return template.replace(/%(\d+)(?:!\w+!)?/g, (_m, n: string) => SAMPLE_NAMES[(Number(n) - 1) % SAMPLE_NAMES.length])
    .replace(/\{(\d+)\}/g, (_m, n: string) => SAMPLE_NAMES[Number(n) % SAMPLE_NAMES.length]);
}

/** The literal parts of a template: split at insertion points (%1, {0}) and at quoted names ('VM01'). */
export function templateFragments(template: string): string[] {
  return template.split(/%\d+!?[a-z]*!?|\{\d+\}|'[^'\n]{0,80}'|"[^"\n]{0,80}"|\r?\n/)
    .map((f) => f.replace(/\s+/g, ' ').replace(/^[\s.,:;()'"-]+|[\s,:;('"-]+$/g, '').trim())
    .filter((f) => f.length >= MIN_FRAGMENT);
}

/** Entries with the catalog's fragments added to the messages of the entry each template maps to. */
export function withCatalog(entries: KnowledgeEntry[], templates: readonly CatalogTemplate[]): KnowledgeEntry[] {
  // Boilerplate several mappings share ("Run the Validate a Configuration wizard…") tells none of them apart.
  const owners = new Map<string, Set<string>>();
  for (const t of templates) {
    for (const f of templateFragments(t.template)) owners.set(f.toLowerCase(), (owners.get(f.toLowerCase()) ?? new Set()).add(t.maps));
  }
  const extra = new Map<string, string[]>();
  for (const t of templates) {
    const target = t.maps === 'informational' ? SUCCESS_ENTRY : t.maps;
    if ((SPECIAL_MAPPINGS as readonly string[]).includes(target)) continue;
    const own = templateFragments(t.template).filter((f) => owners.get(f.toLowerCase())?.size === 1);
    extra.set(target, [...(extra.get(target) ?? []), ...own]);
  }
  return entries.map((e) => {
    const add = extra.get(e.id);
    if (!add) return e;
    const have = e.signals.phrases.map((p) => p.toLowerCase());
    const fresh = [...new Set(add)].filter((f) => !have.some((h) => h.includes(f.toLowerCase()) || f.toLowerCase().includes(h)));
    return fresh.length ? { ...e, signals: { ...e.signals, phrases: [...e.signals.phrases, ...fresh] } } : e;
  });
}
