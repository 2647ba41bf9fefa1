/** Where the knowledge base, the labelled sets and the compiled knowledge live; defaults inside the package. */
import { join } from 'node:path';
import type { EnvReader } from './read-env';

export interface KnowledgeConfig {
  /** Folder with the knowledge files (KNOWLEDGE_DIR). Default: `knowledge/` in the package. */
  dir: string;
  /** Labelled JSONL sets the learned model also trains on, not `sealed/` (LM_TRAINING_DIR). Default: `test/fixtures/eval/`. */
  trainingDir: string;
  /** The compiled knowledge (LM_MODEL_FILE), written by `npm run build` and rebuilt when its inputs change. */
  modelFile: string;
}

export function readKnowledgeConfig(r: EnvReader, packageRoot: string): KnowledgeConfig {
  return {
    dir: r.text('KNOWLEDGE_DIR') ?? join(packageRoot, 'knowledge'),
    trainingDir: r.text('LM_TRAINING_DIR') ?? join(packageRoot, 'test', 'fixtures', 'eval'),
    modelFile: r.text('LM_MODEL_FILE') ?? join(packageRoot, 'dist', 'knowledge.compiled'),
  };
}
