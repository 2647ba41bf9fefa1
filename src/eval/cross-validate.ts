/**
 * Honest figures for the matcher. `crossValidate` scores every labelled training set under k-fold cross-validation:
 * each line is diagnosed by a model trained without its fold (the knowledge entries' own examples are always in
 * training, they are not evaluation lines). `scoreSealed` trains on everything that is not sealed and scores a set
 * that was never trained on; its first score is the one to report.
 */
import type { KnowledgeEntry } from '../core/types';
import { createKnowledgeIndex, type KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { buildModels, trainingDocs } from '../knowledge/build-model';
import type { LabelledPaste } from '../knowledge/training-sets';
import type { CatalogTemplate } from '../knowledge/catalog';
import { scorePredictions, type EvalScore } from './score-predictions';

export interface SetScore { set: string; score: EvalScore }

/** A line's fold from its id (FNV-1a), so folds do not depend on file order and stay stable between runs. */
export function foldOf(id: string, k: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % k;
}

export function predict(index: KnowledgeIndex, rows: readonly LabelledPaste[]): Map<string, string | null> {
  return new Map(rows.map((r) => [r.id, diagnosePaste(r.text, index).entry?.id ?? null] as const));
}

export function crossValidate(entries: readonly KnowledgeEntry[], rows: readonly LabelledPaste[], catalog: readonly CatalogTemplate[], k = 5): { all: EvalScore; sets: SetScore[] } {
  const predictions = new Map<string, string | null>();
  for (let fold = 0; fold < k; fold++) {
    const test = rows.filter((r) => foldOf(r.id, k) === fold);
    const train = rows.filter((r) => foldOf(r.id, k) !== fold);
    const negatives = train.filter((r) => r.label === null).map((r) => r.text);
    const index = createKnowledgeIndex(entries, buildModels(entries, trainingDocs(entries, train, catalog)), negatives);
    for (const [id, got] of predict(index, test)) predictions.set(id, got);
  }
  return scoreBySet(rows, predictions);
}

export function scoreBySet(rows: readonly LabelledPaste[], predictions: Map<string, string | null>): { all: EvalScore; sets: SetScore[] } {
  const sets = [...new Set(rows.map((r) => r.set))].map((set) => ({
    set, score: scorePredictions(rows.filter((r) => r.set === set), predictions),
  }));
  return { all: scorePredictions([...rows], predictions), sets };
}
