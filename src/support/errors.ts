/**
 * lm-doctor's one small error hierarchy. Outcomes (no match, host not found, delegation missing) are values;
 * these are for machinery failures. Callers branch on `code`, never on message text.
 */
export class LmError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad command-line or slash-command usage. Exit code 2. */
export class UsageError extends LmError {
  constructor(message: string) {
    super('lm_usage', message);
  }
}

/** Missing or invalid configuration. Exit code 4. */
export class ConfigError extends LmError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('lm_config', problems.length === 1 ? problems[0] : `configuration problems:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

export interface KnowledgeProblem {
  file: string;
  field: string;
  message: string;
}

/** One or more knowledge files are malformed. Exit code 4. */
export class KnowledgeFileError extends LmError {
  readonly problems: KnowledgeProblem[];
  constructor(problems: KnowledgeProblem[]) {
    super('lm_knowledge', `knowledge base is invalid:\n${problems.map(formatProblem).join('\n')}`);
    this.problems = problems;
  }
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}

/** The directory cannot be reached in time (refused, timeout, TLS). Exit code 3. */
export class DirectoryUnavailableError extends LmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('lm_directory_unavailable', message, options);
  }
}

/** The directory refused our bind (bad credentials, expired password) or our rights. Exit code 3. */
export class DirectoryAuthError extends LmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('lm_directory_auth', message, options);
  }
}

/** Turns any thrown value into an Error for logging. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export type ImageRejection = 'not_png_or_jpeg' | 'too_many_bytes' | 'too_many_pixels' | 'damaged';

/** The image was refused before OCR: wrong format or over a limit. */
export class ImageRejectedError extends LmError {
  readonly reason: ImageRejection;
  constructor(reason: ImageRejection, message: string) {
    super('lm_image_rejected', message);
    this.reason = reason;
  }
}

/** One recognition ran past its bound; the worker was replaced. */
export class OcrTimeoutError extends LmError {
  constructor(timeoutMs: number) {
    super('lm_ocr_timeout', `OCR took longer than ${timeoutMs} ms`);
  }
}

/** Too many images are waiting for the one OCR worker. */
export class OcrBusyError extends LmError {
  constructor(maxQueue: number) {
    super('lm_ocr_busy', `OCR queue full (${maxQueue} images waiting)`);
  }
}

/** Work refused because a bounded queue or store is full: shed (no reply, `lm_shed_total{kind}`), never waited for. */
export class LoadShedError extends LmError {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super('lm_load_shed', message);
    this.kind = kind;
  }
}

/** A feedback record could not be stored or read: the shared store (Redis) is unreachable. Nothing was kept. */
export class FeedbackUnavailableError extends LmError {
  constructor(message = 'the feedback store (Redis) is unreachable; the record was not kept') {
    super('lm_feedback_unavailable', message);
  }
}
