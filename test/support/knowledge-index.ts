/** The knowledge index as the product loads it (the model `npm run build` trained), shared by a test file's tests. */
import { join } from 'node:path';
import type { KnowledgeIndex } from '../../src/core/knowledge-index';
import { loadKnowledgeIndex } from '../../src/knowledge/load-index';
import type { KnowledgeConfig } from '../../src/config/knowledge-settings';
import { FIXTURES, KNOWLEDGE_DIR, REPO_ROOT } from './paths';

export const KNOWLEDGE_CONFIG: KnowledgeConfig = {
  dir: KNOWLEDGE_DIR,
  trainingDir: join(FIXTURES, 'eval'),
  modelFile: join(REPO_ROOT, 'dist', 'knowledge.compiled'),
};

let shared: KnowledgeIndex | undefined;

export function knowledgeIndex(): KnowledgeIndex {
  shared ??= loadKnowledgeIndex(KNOWLEDGE_CONFIG);
  return shared;
}
