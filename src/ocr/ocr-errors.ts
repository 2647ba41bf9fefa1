/** Why an image was not read. Callers branch on `code` (or the class), never on the message. */
import { LmError } from '../errors';

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
