/**
 * A Slack message → the plain text to diagnose: rich-text blocks (code blocks included) or the message text, plus
 * text snippets and text file uploads, fetched through a FileFetcher and cut to the matcher's limit.
 */
import { MAX_PASTE_CHARS } from '../core/normalize-paste';

/** The parts of a Slack message (event, or `message` of an app_mention) that carry text. */
export interface IncomingMessage {
  text?: string;
  blocks?: unknown[];
  files?: SlackFileRef[];
}

export interface SlackFileRef {
  id: string;
  name?: string;
  mimetype?: string;
  filetype?: string;
  mode?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  /** `check_file_info` when the event carries only the id: call files.info. */
  file_access?: string;
}

/** Reads file metadata and contents; the Slack-facing implementation is in slack-file-fetcher.ts. */
export interface FileFetcher {
  fileInfo(id: string): Promise<SlackFileRef | undefined>;
  /** At most `maxBytes` bytes of the file, decoded as UTF-8. Throws when the file cannot be read. */
  download(url: string, maxBytes: number): Promise<string>;
}

export interface ExtractedText {
  text: string;
  /** More text than the matcher reads was there (a long message or file, or files left unread): the reply says so. */
  truncated: boolean;
  /** Text files that could not be read (errors are logged by the caller). */
  failedFiles: { id: string; error: unknown }[];
}

export const MAX_FILES = 3;
const TEXT_FILETYPES = new Set(['text', 'log', 'powershell', 'shell', 'bat', 'csv', 'xml', 'json', 'yaml', 'markdown', 'plain', 'post']);

export function isTextFile(file: SlackFileRef): boolean {
  if (file.mode === 'snippet') return true;
  if (file.mimetype?.startsWith('text/')) return true;
  return file.filetype !== undefined && TEXT_FILETYPES.has(file.filetype);
}

export async function extractMessageText(
  message: IncomingMessage,
  fetcher: FileFetcher | undefined,
  maxChars: number = MAX_PASTE_CHARS,
): Promise<ExtractedText> {
  const parts = [textOfMessage(message)];
  const failedFiles: ExtractedText['failedFiles'] = [];
  let length = parts[0].length;
  let truncated = length > maxChars;
  for (const ref of (message.files ?? []).slice(0, MAX_FILES)) {
    if (!fetcher) break;
    try {
      const file = ref.file_access === 'check_file_info' || !ref.url_private ? await fetcher.fileInfo(ref.id) : ref;
      const url = file?.url_private_download ?? file?.url_private;
      if (!file || !url || !isTextFile(file)) continue;
      const room = maxChars - length - 1;
      if (room <= 0) {
        truncated = true; // a text file left unread
        break;
      }
      // UTF-8 needs up to 4 bytes per character; one character more than there is room for tells a cut file.
      const content = await fetcher.download(url, (room + 1) * 4);
      if (content.length > room) truncated = true;
      parts.push(content.slice(0, room));
      length += Math.min(content.length, room) + 1;
    } catch (error) {
      failedFiles.push({ id: ref.id, error });
    }
  }
  return { text: parts.filter((p) => p.length > 0).join('\n').slice(0, maxChars), truncated, failedFiles };
}

/** Rich-text blocks when present (they hold the unescaped text and code blocks), else the mrkdwn `text`. */
export function textOfMessage(message: IncomingMessage): string {
  const richText = (message.blocks ?? []).filter((b) => isRecord(b) && b.type === 'rich_text');
  if (richText.length === 0) return message.text ?? '';
  const out: string[] = [];
  for (const block of richText) walkRichText(block, out);
  const text = out.join('').replace(/\n{3,}/g, '\n\n').trim();
  return text.length > 0 ? text : message.text ?? '';
}

/** Slack nests rich text a few levels (lists indent at most 8); deeper input is hostile and would overflow the stack. */
const MAX_RICH_TEXT_DEPTH = 64;

function walkRichText(node: unknown, out: string[], depth = 0): void {
  if (!isRecord(node) || depth > MAX_RICH_TEXT_DEPTH) return;
  switch (node.type) {
    case 'text': out.push(str(node.text)); return;
    case 'link': out.push(str(node.text) || str(node.url)); return;
    case 'emoji': out.push(node.unicode ? '' : `:${str(node.name)}:`); return;
    case 'user': case 'channel': case 'usergroup': case 'broadcast': return;
  }
  const children = Array.isArray(node.elements) ? node.elements : [];
  const block = node.type === 'rich_text_preformatted' || node.type === 'rich_text_quote' || node.type === 'rich_text_list';
  if (block) out.push('\n');
  for (const child of children) {
    walkRichText(child, out, depth + 1);
    if (node.type === 'rich_text_list') out.push('\n');
  }
  if (block || node.type === 'rich_text_section') out.push('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
