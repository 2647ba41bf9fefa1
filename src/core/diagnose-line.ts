/**
 * The batch contract (`lm-doctor diagnose --jsonl`, and what evaluation scores): one `{"id","text"}` JSON object in,
 * one `{"id","entry","confidence","alternatives"}` out; a bad line gives `{"id": null, "error": "…"}`. Pure.
 */
import type { KnowledgeIndex } from './knowledge-index';
import { diagnosePaste } from './diagnose-paste';

/** One output object per input line. */
export function diagnoseLine(line: string, index: KnowledgeIndex): Record<string, unknown> {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { id: null, error: 'not a JSON object' };
  const { id, text } = item as Record<string, unknown>;
  if (typeof id !== 'string') return { id: null, error: 'field "id" must be a string' };
  if (typeof text !== 'string') return { id: null, error: `field "text" must be a string (id ${id})` };
  const d = diagnosePaste(text, index);
  return { id, entry: d.entry?.id ?? null, confidence: d.confidence, alternatives: d.alternatives.map((a) => a.entry.id) };
}
