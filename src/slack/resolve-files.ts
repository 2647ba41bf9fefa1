/**
 * The files of a message, looked up once: a reference that carries only an id (`file_access: check_file_info`, or
 * no `url_private`) costs one `files.info` call, shared by the text and the image readers, and at most
 * MAX_FILES_PER_MESSAGE references are considered, so a message with hundreds of attachments costs a bounded number
 * of calls.
 */
import type { IncomingMessage, SlackFileRef } from './extract-message-text';

export const MAX_FILES_PER_MESSAGE = 10;

export interface ResolvedFiles {
  /** The message with its file references complete (url_private present) and capped. */
  message: IncomingMessage;
  /** References whose lookup failed (logged by the caller). */
  failed: { id: string; error: unknown }[];
  /** References beyond the cap, not read. */
  ignored: number;
}

export async function resolveFiles(message: IncomingMessage, fileInfo: ((id: string) => Promise<SlackFileRef | undefined>) | undefined): Promise<ResolvedFiles> {
  const refs = message.files ?? [];
  const failed: ResolvedFiles['failed'] = [];
  const files: SlackFileRef[] = [];
  for (const ref of refs.slice(0, MAX_FILES_PER_MESSAGE)) {
    if (ref.file_access !== 'check_file_info' && ref.url_private) {
      files.push(ref);
      continue;
    }
    if (!fileInfo) continue;
    try {
      const file = await fileInfo(ref.id);
      if (file) files.push({ ...file, id: file.id ?? ref.id, file_access: undefined });
    } catch (error) {
      failed.push({ id: ref.id, error });
    }
  }
  return { message: { ...message, files }, failed, ignored: Math.max(0, refs.length - MAX_FILES_PER_MESSAGE) };
}
