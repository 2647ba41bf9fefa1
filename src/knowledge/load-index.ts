/**
 * loadKnowledgeIndex(config): the knowledge base and its learned model, ready to diagnose. The model is read from
 * the file `npm run build` wrote when its fingerprint still matches the knowledge files and labelled sets; after an
 * author's edit it is trained again (about a second) and the file refreshed, so an edit to Markdown takes effect on
 * the next run with no other step.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KnowledgeConfig } from '../config';
import { createKnowledgeIndex, type KnowledgeIndex, type MatcherModels } from '../core/knowledge-index';
import { textModelFromJSON, type SerializedTextModel } from '../core/learned/text-model';
import { KnowledgeFileError } from '../errors';
import { loadKnowledge } from './load-knowledge';
import { readTrainingSets } from './training-sets';
import { readCatalog } from './catalog';
import { buildModels, modelFingerprint, trainingDocs } from './build-model';

interface ModelFile { fingerprint: string; model: SerializedTextModel; relevance: SerializedTextModel }

export interface LoadedIndex {
  index: KnowledgeIndex;
  /** Whether the model had to be trained now (no file, or the inputs changed since it was written). */
  trained: boolean;
}

export function loadKnowledgeIndex(config: KnowledgeConfig): KnowledgeIndex {
  return loadKnowledgeIndexWithStatus(config).index;
}

export function loadKnowledgeIndexWithStatus(config: KnowledgeConfig, options: { write?: boolean } = {}): LoadedIndex {
  const entries = loadKnowledge(config.dir);
  const sets = readTrainingSets(config.trainingDir, new Set(entries.map((e) => e.id)));
  if (sets.problems.length > 0) throw new KnowledgeFileError(sets.problems);
  const catalog = readCatalog(config.dir, new Set(entries.map((e) => e.id))).templates;
  const fingerprint = modelFingerprint(entries, sets.rows, catalog);
  const negatives = sets.rows.filter((r) => r.label === null).map((r) => r.text);
  const cached = readModelFile(config.modelFile, fingerprint);
  if (cached) return { index: createKnowledgeIndex(entries, cached, negatives), trained: false };
  const models = buildModels(entries, trainingDocs(entries, sets.rows, catalog));
  if (options.write !== false) {
    writeModelFile(config.modelFile, { fingerprint, model: models.model.toJSON(), relevance: models.relevance.toJSON() });
  }
  return { index: createKnowledgeIndex(entries, models, negatives), trained: true };
}

function readModelFile(file: string, fingerprint: string): MatcherModels | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as ModelFile;
    if (data.fingerprint !== fingerprint) return undefined;
    return { model: textModelFromJSON(data.model), relevance: textModelFromJSON(data.relevance) };
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only install still works, it only trains at every start. */
function writeModelFile(file: string, data: ModelFile): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(data));
    renameSync(`${file}.tmp`, file);
  } catch {
    // not writable: keep serving with the model in memory
  }
}
