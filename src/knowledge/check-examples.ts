/** `lm-doctor kb test`: every example paste of every entry must diagnose as that entry. */
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
      if (d.entry?.id !== entry.id) {
        failures.push({
          entry: entry.id, example: i + 1, got: d.entry?.id ?? null, reason: d.silenceReason,
          excerpt: text.replace(/\s+/g, ' ').slice(0, 100),
        });
      }
    });
  }
  return { total, failures };
}
