/**
 * loadConfig(env): the one place that reads environment variables. Pure: tests pass plain objects.
 * Every problem is reported at once, each with what to set.
 */
import { join } from 'node:path';

export interface KnowledgeConfig {
  /** Folder with the knowledge files. Default: `knowledge/` in the package. */
  dir: string;
  /** Labelled JSONL sets the learned model also trains on (not `sealed/`). Default: `test/fixtures/eval/`. */
  trainingDir: string;
  /** The trained model, built by `npm run build` and rebuilt when the knowledge or the sets change. */
  modelFile: string;
}

export interface CoreConfig {
  knowledge: KnowledgeConfig;
}

export function loadCoreConfig(env: Record<string, string | undefined>, packageRoot: string): CoreConfig {
  return {
    knowledge: {
      dir: env.KNOWLEDGE_DIR?.trim() || join(packageRoot, 'knowledge'),
      trainingDir: env.LM_TRAINING_DIR?.trim() || join(packageRoot, 'test', 'fixtures', 'eval'),
      modelFile: env.LM_MODEL_FILE?.trim() || join(packageRoot, 'dist', 'knowledge.compiled'),
    },
  };
}
