/**
 * Hyper-V's message catalog, template by template: each template, filled in as Windows would print it, must diagnose
 * as the class it maps to; informational and out-of-scope templates must stay silent. Wrapper and unmapped templates
 * are listed (they name no cause by themselves).
 */
import { fillTemplate, readCatalog, type CatalogTemplate } from '../../src/knowledge/catalog';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { knowledgeIndex } from '../support/knowledge-index';
import { KNOWLEDGE_DIR } from '../support/paths';

const index = knowledgeIndex();
const { templates, problems } = readCatalog(KNOWLEDGE_DIR, new Set(index.entries.map((e) => e.id)));
/** The template as a paste, under its event ID as Event Viewer (or SCVMM's job view) shows it. */
function fill(t: CatalogTemplate): string {
  const header = t.event === null ? '' : t.provider === 'SCVMM' ? `Error (${t.event})\n` : `Source: ${t.provider}\nEvent ID: ${t.event}\n`;
  return header + fillTemplate(t.template);
}

test('the catalog is valid and large', () => {
  expect(problems).toEqual([]);
  expect(templates.length).toBeGreaterThanOrEqual(80);
});

/** Hyper-V's migration wrapper around a message, as Move-VM and VMMS event 21502 print it. */
const wrapped = (t: CatalogTemplate) => `Move-VM : Virtual machine migration operation for 'APP07' failed at migration source 'HV21'.\n${fill(t)}`;

const failures = templates.filter((t) => !['wrapper', 'unmapped', 'informational', 'out-of-scope'].includes(t.maps));
describe.each(failures.map((t) => [t.maps, t.event ?? '-', t.template.slice(0, 70), t] as const))('%s (event %s): %s', (maps, _event, _text, t) => {
  test(t.standalone ? 'diagnoses as its class on its own' : 'stays silent on its own (other software prints it too)', () => {
    const d = diagnosePaste(fill(t), index);
    const expected = t.standalone ? maps : 'silence';
    expect({ template: t.template, got: d.entry?.id ?? 'silence', why: d.entry ? '' : d.silenceReason })
      .toMatchObject({ template: t.template, got: expected });
  });
  test('diagnoses as its class inside a migration error', () => {
    expect({ template: t.template, got: diagnosePaste(wrapped(t), index).entry?.id }).toEqual({ template: t.template, got: maps });
  });
});

const quiet = templates.filter((t) => t.maps === 'informational' || t.maps === 'out-of-scope');
describe.each(quiet.map((t) => [t.maps, t.event ?? '-', t.template.slice(0, 70), t] as const))('%s (event %s): %s', (_maps, _event, _text, t) => {
  test('stays silent', () => {
    expect({ template: t.template, got: diagnosePaste(fill(t), index).entry?.id ?? null }).toEqual({ template: t.template, got: null });
  });
});

describe('wrapper templates', () => {
  // A wrapper says a move failed and nothing about why: alone it may get the cluster umbrella entry or silence, never
  // a specific cause; with a cause's own message beside it, that cause wins.
  const wrappers = templates.filter((t) => t.maps === 'wrapper');
  test.each(wrappers.map((t) => [t.template.slice(0, 70), t] as const))('%s', (_text, t) => {
    const alone = diagnosePaste(fill(t), index).entry;
    expect([undefined, 'cluster-vm-resource-failed']).toContain(alone?.umbrella ? 'cluster-vm-resource-failed' : alone?.id);
    const withCause = diagnosePaste(`${fill(t)}\nCould not find Ethernet switch 'vSwitch-Prod'.`, index).entry?.id;
    expect(withCause).toBe('vswitch-missing-on-destination');
  });
});
