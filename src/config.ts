/**
 * loadConfig(env): the one place that reads environment variables. Pure: tests pass plain objects.
 * Every problem is reported at once, each with what to set.
 */
import { join } from 'node:path';

export interface KnowledgeConfig {
  /** Folder with the knowledge files. Default: `knowledge/` in the package. */
  dir: string;
}

export interface CoreConfig {
  knowledge: KnowledgeConfig;
}

export function loadCoreConfig(env: Record<string, string | undefined>, packageRoot: string): CoreConfig {
  return { knowledge: { dir: env.KNOWLEDGE_DIR?.trim() || join(packageRoot, 'knowledge') } };
}
