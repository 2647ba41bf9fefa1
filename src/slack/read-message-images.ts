/**
 * Screenshots in a Slack message → OCR text. PNG and JPEG files (by Slack's file type; the bytes are checked again
 * by their magic numbers) up to the configured size are downloaded from `url_private` with the bot token (scope
 * `files:read`), read by the one warm OCR worker, and returned as text for the same matcher as pasted text. The
 * token only goes to Slack's file hosts or the configured API host; the bytes stay in memory.
 */
import type { IncomingMessage, SlackFileRef } from './extract-message-text';
import { downloadSlackFile } from './slack-file-fetcher';
import { ImageRejectedError } from '../support/errors';

/** Images read per message: OCR costs about half a second each and the worker is shared. */
export const MAX_IMAGES = 2;

/** Reading text from an image (OCR), as the composition root provides it (ocr/read-image-text.ts imageReader). */
export interface ImageServices {
  /** Files larger than this are skipped before download. */
  maxBytes: number;
  /** Throws ImageRejectedError (with its reason) for an image it refuses. */
  read(bytes: Uint8Array): Promise<{ text: string }>;
}

export interface ImageReadResult {
  /** Text of every image read, in order; empty when there was none. */
  text: string;
  read: number;
  /** Images skipped or failed, for logging (never shown in Slack). */
  skipped: { id: string; reason: string; error?: unknown }[];
}

export function isImageFile(file: SlackFileRef): boolean {
  return file.mimetype === 'image/png' || file.mimetype === 'image/jpeg' || ['png', 'jpg', 'jpeg'].includes(file.filetype ?? '');
}

/** `message.files` must be resolved already (resolve-files.ts): this reads, it never looks a file up. */
export async function readMessageImages(
  message: IncomingMessage,
  access: { botToken: string; apiUrl?: string },
  ocr: ImageServices,
): Promise<ImageReadResult> {
  const parts: string[] = [];
  const skipped: ImageReadResult['skipped'] = [];
  for (const ref of message.files ?? []) {
    if (parts.length >= MAX_IMAGES) break;
    try {
      const file: SlackFileRef = ref;
      if (!isImageFile(file)) continue;
      if (file.size !== undefined && file.size > ocr.maxBytes) {
        skipped.push({ id: ref.id, reason: 'too_many_bytes' });
        continue;
      }
      const url = file.url_private_download ?? file.url_private;
      if (!url) continue;
      const bytes = await downloadSlackFile(url, ocr.maxBytes + 1, access);
      parts.push((await ocr.read(bytes)).text);
    } catch (error) {
      skipped.push({ id: ref.id, reason: error instanceof ImageRejectedError ? error.reason : 'failed', error });
    }
  }
  return { text: parts.filter((p) => p.length > 0).join('\n'), read: parts.length, skipped };
}
