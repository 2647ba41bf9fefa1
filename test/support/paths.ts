import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const KNOWLEDGE_DIR = join(REPO_ROOT, 'knowledge');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
