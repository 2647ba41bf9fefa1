/**
 * FileFetcher over Slack: files.info through the bot's WebClient, and `url_private` downloads with the bot token.
 * The token is only ever sent to Slack's file hosts or to the configured API host (SLACK_API_URL), never to
 * whatever URL a message carries; downloads are bounded in time and bytes.
 */
import type { webApi } from '@slack/bolt';
import type { FileFetcher, SlackFileRef } from './extract-message-text';

export const DOWNLOAD_TIMEOUT_MS = 5000;

export interface SlackFileFetcherOptions {
  client: webApi.WebClient;
  botToken: string;
  /** The configured Web API base URL; its host may serve files too (Enterprise proxies, tests). */
  apiUrl?: string;
  timeoutMs?: number;
}

export function isTrustedFileUrl(url: string, apiUrl?: string): boolean {
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  if (apiUrl) {
    const api = new URL(apiUrl);
    if (u.protocol === api.protocol && u.host === api.host) return true;
  }
  return u.protocol === 'https:' && (u.hostname === 'files.slack.com' || u.hostname.endsWith('.slack.com'));
}

export function createSlackFileFetcher(options: SlackFileFetcherOptions): FileFetcher {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  return {
    async fileInfo(id: string): Promise<SlackFileRef | undefined> {
      const result = await options.client.files.info({ file: id, count: 0 });
      return result.file as SlackFileRef | undefined;
    },
    async download(url: string, maxBytes: number): Promise<string> {
      const bytes = await downloadSlackFile(url, maxBytes, { ...options, timeoutMs });
      // A cut in the middle of a multi-byte character decodes to U+FFFD, which the matcher ignores.
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    },
  };
}

/**
 * At most `maxBytes` bytes of a Slack file from `url_private`, downloaded with the bot token; bounded in time, no
 * redirects, and only to a trusted host. A larger file is cut at `maxBytes`.
 */
export async function downloadSlackFile(
  url: string, maxBytes: number, access: { botToken: string; apiUrl?: string; timeoutMs?: number },
): Promise<Uint8Array> {
  if (!isTrustedFileUrl(url, access.apiUrl)) throw new Error(`refusing to send the bot token to ${new URL(url).host}`);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${access.botToken}` },
    redirect: 'error',
    signal: AbortSignal.timeout(access.timeoutMs ?? DOWNLOAD_TIMEOUT_MS),
  });
  if (!response.ok || !response.body) throw new Error(`file download failed with HTTP ${response.status}`);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
