/**
 * The body of a diagnosis worker thread (diagnosis-pool.ts): loads the compiled knowledge once, then diagnoses one
 * paste per task and returns it in its wire form (entries as ids). Runs the same core as everything else.
 */
import { workerData } from 'node:worker_threads';
import type { KnowledgeConfig } from '../config/knowledge-settings';
import { loadKnowledgeIndex } from '../knowledge/load-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { toWire, type WireDiagnosis } from '../core/diagnosis-wire';

const index = loadKnowledgeIndex((workerData as { knowledge: KnowledgeConfig }).knowledge);

export function diagnose(text: string): WireDiagnosis {
  return toWire(diagnosePaste(text, index));
}
