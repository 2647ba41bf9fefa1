/**
 * Screenshot → Diagnosis: OCR, then the same diagnosePaste the text paths use. Both shells (CLI `--image`, the
 * Slack listener) and bench:ocr call this.
 */
import type { Diagnosis } from '../core/types';
import type { KnowledgeIndex } from '../core/knowledge-index';
import { diagnosePaste } from '../core/diagnose-paste';
import { findErrorLine } from '../core/error-line';
import { DEFAULT_IMAGE_LIMITS, readImageText, type ImageLimits } from './read-image-text';
import type { ImageHeader } from './image-format';
import type { OcrEngine } from './tesseract-engine';

export interface ImageDiagnosis {
  diagnosis: Diagnosis;
  /** The cleaned text read from the image. */
  recognizedText: string;
  /** The recognised line with the evidence, when there is a diagnosis. */
  errorLine?: string;
  image: ImageHeader;
  ocrMs: number;
}

/**
 * `context` is text that came with the image (the Slack message): it is matched together with the image's text,
 * since "moving SQL01 from HV01, see screenshot" plus the dialog says more than either alone.
 */
export async function diagnoseImage(
  bytes: Uint8Array,
  index: KnowledgeIndex,
  engine: OcrEngine,
  options: { limits?: ImageLimits; context?: string } = {},
): Promise<ImageDiagnosis> {
  const read = await readImageText(bytes, engine, options.limits ?? DEFAULT_IMAGE_LIMITS);
  const text = options.context ? `${options.context}\n${read.text}` : read.text;
  const diagnosis = diagnosePaste(text, index);
  return {
    diagnosis,
    recognizedText: read.text,
    errorLine: findErrorLine(read.text, diagnosis),
    image: read.image,
    ocrMs: read.ms,
  };
}
