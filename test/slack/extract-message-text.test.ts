import { extractMessageText, textOfMessage, type FileFetcher, type SlackFileRef } from '../../src/slack/extract-message-text';
import { isTrustedFileUrl } from '../../src/slack/slack-file-fetcher';

function fetcherOf(files: Record<string, SlackFileRef & { content: string }>): FileFetcher & { downloads: { url: string; maxBytes: number }[] } {
  const downloads: { url: string; maxBytes: number }[] = [];
  return {
    downloads,
    fileInfo: async (id) => files[id],
    download: async (url, maxBytes) => {
      downloads.push({ url, maxBytes });
      const f = Object.values(files).find((x) => x.url_private === url);
      if (!f) throw new Error('404');
      return f.content.slice(0, maxBytes);
    },
  };
}

describe('textOfMessage', () => {
  it('uses the text when there are no rich-text blocks', () => {
    expect(textOfMessage({ text: 'hello &lt;world&gt;' })).toBe('hello &lt;world&gt;');
  });

  it('reads rich-text sections, code blocks, quotes, lists and links, skipping mentions', () => {
    const blocks = [{ type: 'rich_text', elements: [
      { type: 'rich_text_section', elements: [{ type: 'user', user_id: 'UBOT' }, { type: 'text', text: ' see ' }, { type: 'link', url: 'https://x.example', text: 'doc' }] },
      { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'Error 0x8009030E\nline 2' }] },
      { type: 'rich_text_quote', elements: [{ type: 'text', text: 'quoted' }] },
      { type: 'rich_text_list', elements: [
        { type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] },
        { type: 'rich_text_section', elements: [{ type: 'text', text: 'two' }] },
      ] },
    ] }];
    const text = textOfMessage({ text: 'ignored', blocks });
    expect(text).toContain('see doc');
    expect(text).toContain('Error 0x8009030E\nline 2');
    expect(text).toContain('quoted');
    expect(text).toMatch(/one\n+two/);
    expect(text).not.toContain('ignored');
  });

  it('falls back to the text when the blocks hold no text', () => {
    expect(textOfMessage({ text: 'fallback', blocks: [{ type: 'rich_text', elements: [] }] })).toBe('fallback');
  });
});

describe('extractMessageText', () => {
  const snippet = { id: 'F1', mode: 'snippet', filetype: 'text', url_private: 'https://files.slack.com/F1', content: 'Move-VM failed 0x8009030E' };

  it('appends text snippets, looked up with files.info when the event only has the id', async () => {
    const fetcher = fetcherOf({ F1: snippet });
    const out = await extractMessageText({ text: 'see file', files: [{ id: 'F1', file_access: 'check_file_info' }] }, fetcher);
    expect(out).toEqual({ text: 'see file\nMove-VM failed 0x8009030E', truncated: false, failedFiles: [] });
  });

  it('skips binary files and records unreadable ones', async () => {
    const fetcher = fetcherOf({ F1: snippet });
    const out = await extractMessageText({ text: 't', files: [
      { id: 'F2', filetype: 'png', mimetype: 'image/png', url_private: 'https://files.slack.com/F2' },
      { id: 'F3', filetype: 'text', url_private: 'https://files.slack.com/missing' },
    ] }, fetcher);
    expect(out.text).toBe('t');
    expect(out.failedFiles.map((f) => f.id)).toEqual(['F3']);
    expect(fetcher.downloads.map((d) => d.url)).toEqual(['https://files.slack.com/missing']);
  });

  it('bounds the download and the result to the matcher limit', async () => {
    const big = { ...snippet, content: 'x'.repeat(200_000) };
    const fetcher = fetcherOf({ F1: big });
    const out = await extractMessageText({ text: 'abc', files: [big] }, fetcher, 1000);
    expect(out.text.length).toBe(1000);
    expect(out.truncated).toBe(true);
    expect(fetcher.downloads[0].maxBytes).toBeLessThanOrEqual(4004);
  });

  it('says when the text was cut, and only then', async () => {
    const fits = { ...snippet, content: 'y'.repeat(500) };
    expect((await extractMessageText({ text: 'abc', files: [fits] }, fetcherOf({ F1: fits }), 1000)).truncated).toBe(false);
    expect((await extractMessageText({ text: 'z'.repeat(1001) }, undefined, 1000)).truncated).toBe(true);
    // The message fills the limit: a text file left unread is a cut too.
    const unread = await extractMessageText({ text: 'z'.repeat(1000), files: [fits] }, fetcherOf({ F1: fits }), 1000);
    expect(unread).toMatchObject({ truncated: true });
    expect(unread.text.length).toBe(1000);
  });

  it('ignores files without a fetcher', async () => {
    expect((await extractMessageText({ text: 'a', files: [snippet] }, undefined)).text).toBe('a');
  });
});

describe('isTrustedFileUrl', () => {
  it.each([
    ['https://files.slack.com/files-pri/T1-F1/x.txt', undefined, true],
    ['https://files.slack.com.evil.example/x', undefined, false],
    ['http://files.slack.com/x', undefined, false],
    ['https://evil.example/x', undefined, false],
    ['http://127.0.0.1:9999/files/F1', 'http://127.0.0.1:9999/api/', true],
    ['http://127.0.0.1:9998/files/F1', 'http://127.0.0.1:9999/api/', false],
    ['not a url', undefined, false],
  ])('%s (api %s) → %s', (url, api, trusted) => {
    expect(isTrustedFileUrl(url, api)).toBe(trusted);
  });
});
