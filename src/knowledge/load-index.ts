/**
 * loadKnowledgeIndex(config): the knowledge base and its learned models, ready to diagnose. Start-up reads the file
 * `npm run build` compiled (compiled-store.ts) when its fingerprint still matches the knowledge files and labelled
 * sets on disk: a hash of their bytes, no parsing. After an author's edit the knowledge is compiled again (about
 * 3 s, the slow path is only loaded then) and the file refreshed, so an edit to Markdown takes effect on the next run
 * with no other step.
 */
import type { KnowledgeConfig } from '../config/knowledge-settings';
import { indexFromData, type KnowledgeIndex } from '../core/knowledge-index';
import { TEXT_MODEL_OPTIONS, textModelFromStored } from '../core/learned/text-model';
import { MATCH_OPTIONS } from '../core/match-options';
import { readCompiledKnowledge, writeCompiledKnowledge, type CompiledKnowledge } from './compiled-store';
import { inputsFingerprint } from './inputs-fingerprint';

/**
 * Bump when compiling changes meaning (features, masking, training, phrase weighing, the file layout), so files
 * compiled by older code are rebuilt. `npm run build` always compiles afresh, whatever this says.
 */
export const COMPILED_FORMAT = 'lm-compiled-knowledge-3';

export interface LoadedIndex {
  index: KnowledgeIndex;
  /** Whether the knowledge had to be compiled now (no file, a stale one, or `rebuild`). */
  trained: boolean;
  /** Whether a freshly compiled file could be written. */
  written: boolean;
}

export function loadKnowledgeIndex(config: KnowledgeConfig): KnowledgeIndex {
  return loadKnowledgeIndexWithStatus(config).index;
}

export function loadKnowledgeIndexWithStatus(config: KnowledgeConfig, options: { rebuild?: boolean } = {}): LoadedIndex {
  const fingerprint = inputsFingerprint(config.dir, config.trainingDir, salt());
  const stored = options.rebuild ? undefined : readCompiledKnowledge(config.modelFile, fingerprint);
  if (stored) return { index: indexOf(stored), trained: false, written: false };
  // Loaded only when needed: parsing Markdown and YAML and training cost far more than the rest of a start-up.
  const { compileKnowledge } = require('./compile-knowledge') as typeof import('./compile-knowledge');
  const compiled = compileKnowledge(config, fingerprint);
  const written = writeCompiledKnowledge(config.modelFile, compiled);
  return { index: indexOf(compiled), trained: true, written };
}

function salt(): string {
  return JSON.stringify([COMPILED_FORMAT, TEXT_MODEL_OPTIONS, MATCH_OPTIONS]);
}

function indexOf(k: CompiledKnowledge): KnowledgeIndex {
  return indexFromData(k.data, { model: textModelFromStored(k.model), relevance: textModelFromStored(k.relevance) });
}
