/**
 * A Diagnosis as it crosses a thread boundary: knowledge entries travel as their ids and are looked up again on the
 * other side, so a reply to a diagnosis made in a worker costs a few hundred bytes, not the entries' text. Pure.
 */
import type { Candidate, Diagnosis, KnowledgeEntry } from './types';

type WireCandidate = Omit<Candidate, 'entry'> & { entry: string };

export interface WireDiagnosis extends Omit<Diagnosis, 'entry' | 'alternatives' | 'outOfScope'> {
  entry?: string;
  alternatives: WireCandidate[];
  outOfScope?: string;
}

export function toWire(d: Diagnosis): WireDiagnosis {
  const { entry, alternatives, outOfScope, ...rest } = d;
  return {
    ...rest,
    ...(entry ? { entry: entry.id } : {}),
    alternatives: alternatives.map((a) => ({ ...a, entry: a.entry.id })),
    ...(outOfScope ? { outOfScope: outOfScope.id } : {}),
  };
}

/** Throws when an id is not in `entries`: both sides must have loaded the same knowledge. */
export function fromWire(w: WireDiagnosis, entries: ReadonlyMap<string, KnowledgeEntry>): Diagnosis {
  const find = (id: string) => {
    const e = entries.get(id);
    if (!e) throw new Error(`diagnosis names an unknown knowledge entry "${id}"`);
    return e;
  };
  const { entry, alternatives, outOfScope, ...rest } = w;
  return {
    ...rest,
    ...(entry ? { entry: find(entry) } : {}),
    alternatives: alternatives.map((a) => ({ ...a, entry: find(a.entry) })),
    ...(outOfScope ? { outOfScope: find(outOfScope) } : {}),
  };
}
