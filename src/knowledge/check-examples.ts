/**
 * `lm-doctor kb test`: every example paste of every entry must diagnose as that entry; an out-of-scope entry's
 * examples must be silent with that entry as the competing explanation.
 */
import type { KnowledgeEntry } from '../core/types';
import type { KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';

export interface ExampleFailure {
  entry: string;
  example: number;
  got: string | null;
  reason?: string;
  excerpt: string;
}

export interface ExampleReport {
  total: number;
  failures: ExampleFailure[];
}

export function checkExamples(entries: readonly KnowledgeEntry[], index: KnowledgeIndex): ExampleReport {
  const failures: ExampleFailure[] = [];
  let total = 0;
  for (const entry of entries) {
    entry.examples.forEach((text, i) => {
      total++;
      const d = diagnosePaste(text, index);
      // An out-of-scope entry's example passes when lm-doctor stays silent on it.
      const got = entry.outOfScope && !d.entry ? entry.id : d.entry?.id ?? null;
      if (got !== entry.id) {
        failures.push({
          entry: entry.id, example: i + 1, got: d.entry?.id ?? null, reason: d.silenceReason,
          excerpt: text.replace(/\s+/g, ' ').slice(0, 100),
        });
      }
    });
  }
  return { total, failures };
}
