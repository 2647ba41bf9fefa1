/** A diagnosis crosses a thread boundary as ids and comes back as the same diagnosis. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { fromWire, toWire } from '../../src/core/diagnosis-wire';
import { knowledgeIndex } from '../support/knowledge-index';
import { FIXTURES } from '../support/paths';

const index = knowledgeIndex();
const byId = new Map(index.entries.map((e) => [e.id, e] as const));
const pastes = readFileSync(join(FIXTURES, 'eval', 'holdout.jsonl'), 'utf8').split('\n').filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

test('every holdout paste survives the round trip, entries and all', () => {
  for (const text of pastes) {
    const d = diagnosePaste(text, index);
    const wire = toWire(d);
    // What crosses the boundary is small and holds no entry text.
    expect(JSON.stringify(wire)).not.toContain(d.entry?.cause ?? '\u0000');
    expect(fromWire(structuredClone(wire), byId)).toEqual(d);
  }
  expect(pastes.length).toBeGreaterThan(50);
});

test('an id the other side does not know is an error, not a silent drop', () => {
  const d = diagnosePaste(pastes[0], index);
  const wire = { ...toWire(d), entry: 'no-such-entry' };
  expect(() => fromWire(wire, byId)).toThrow(/unknown knowledge entry "no-such-entry"/);
});
