/**
 * The slow path, run by `npm run build` (`lm-doctor kb train`) and by a start-up that finds the compiled file stale:
 * read and validate the knowledge files, the catalog and the labelled sets, train both models, and compile the exact
 * signals (phrase weights, codes and messages seen in non-migration text). About 3 s; the result is stored by
 * compiled-store.ts and read back in milliseconds.
 */
import type { KnowledgeConfig } from '../config/knowledge-settings';
import { compileIndexData } from '../core/knowledge-index';
import { KnowledgeFileError } from '../support/errors';
import { loadKnowledge } from './load-knowledge';
import { readTrainingSets } from './training-sets';
import { readCatalog } from './catalog';
import { buildModels, trainingDocs } from './build-model';
import type { CompiledKnowledge } from './compiled-store';

export function compileKnowledge(config: KnowledgeConfig, fingerprint: string): CompiledKnowledge {
  const entries = loadKnowledge(config.dir);
  const ids = new Set(entries.map((e) => e.id));
  const sets = readTrainingSets(config.trainingDir, ids);
  if (sets.problems.length > 0) throw new KnowledgeFileError(sets.problems);
  const catalog = readCatalog(config.dir, ids).templates;
  const negatives = sets.rows.filter((r) => r.label === null).map((r) => r.text);
  const models = buildModels(entries, trainingDocs(entries, sets.rows, catalog));
  return {
    fingerprint,
    data: compileIndexData(entries, negatives),
    model: models.model.toStored(),
    relevance: models.relevance.toStored(),
  };
}
