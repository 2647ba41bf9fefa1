/**
 * The learned model's inputs and its build: training documents from every entry's examples (live-migration and
 * out-of-scope entries alike) and the labelled sets, a fingerprint of exactly those inputs, and the trained model.
 */
import type { KnowledgeEntry } from '../core/types';
import { normalizePaste } from '../core/normalize-paste';
import { CAUSE_UNKNOWN, CHATTER, LIVE_MIGRATION } from '../core/diagnose-paste';
import { fillTemplate, SUCCESS_ENTRY, type CatalogTemplate } from './catalog';
import { createTokenMasker, type MatcherModels } from '../core/knowledge-index';
import { featureTokens } from '../core/learned/text-features';
import { TEXT_MODEL_OPTIONS, trainTextModel, type TextModelOptions, type TrainingDoc } from '../core/learned/text-model';
import type { LabelledPaste } from './training-sets';

/** An entry's own examples define it (kb test requires each to pick its entry): they weigh more than a set's line. */
const EXAMPLE_WEIGHT = 3;

/**
 * Training documents: every entry's examples, the labelled sets' lines (null = chatter), and the catalog's templates
 * filled in: wrappers as "a migration failed, cause unknown", informational ones as the success entry's.
 */
export function trainingDocs(entries: readonly KnowledgeEntry[], rows: readonly LabelledPaste[], catalog: readonly CatalogTemplate[] = []): TrainingDoc[] {
  return [
    ...catalog.flatMap((t) => {
      const label = catalogLabel(t, entries);
      return label ? [{ text: normalizePaste(fillTemplate(t.template)).folded, label, weight: EXAMPLE_WEIGHT }] : [];
    }),
    ...entries.flatMap((e) => e.examples.map((text) => ({ text: normalizePaste(text).folded, label: e.id, weight: EXAMPLE_WEIGHT }))),
    ...rows.map((r) => ({ text: normalizePaste(r.text).folded, label: r.label ?? CHATTER })),
  ];
}

/** Wrappers teach "cause unknown"; informational templates the success entry, when the knowledge has it. */
function catalogLabel(t: CatalogTemplate, entries: readonly KnowledgeEntry[]): string | undefined {
  if (t.maps === 'wrapper') return CAUSE_UNKNOWN;
  if (t.maps === 'informational' && entries.some((e) => e.id === SUCCESS_ENTRY)) return SUCCESS_ENTRY;
  return undefined;
}

/**
 * Two models from the same documents. The entry model reads the text with the known verbatim messages masked (they
 * are counted exactly, and masking makes it learn the wording around them); the relevance model reads all of it.
 */
export function buildModels(entries: readonly KnowledgeEntry[], docs: readonly TrainingDoc[], options: TextModelOptions = TEXT_MODEL_OPTIONS): MatcherModels {
  const mask = createTokenMasker(entries);
  const inScope = new Set([...inScopeIds(entries), CAUSE_UNKNOWN]);
  return {
    model: trainTextModel(docs.map((d) => ({ ...d, tokens: mask(featureTokens(d.text)) })), options),
    relevance: trainTextModel(docs.map((d) => ({ text: d.text, label: inScope.has(d.label) ? LIVE_MIGRATION : OTHER })), options),
  };
}

const OTHER = 'other';

function inScopeIds(entries: readonly KnowledgeEntry[]): Set<string> {
  return new Set(entries.filter((e) => !e.outOfScope).map((e) => e.id));
}
