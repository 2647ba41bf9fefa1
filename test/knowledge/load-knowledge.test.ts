import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintKnowledge, loadKnowledge } from '../../src/knowledge/load-knowledge';
import { KnowledgeFileError } from '../../src/support/errors';
import { KNOWLEDGE_DIR } from '../support/paths';

const model = readFileSync(join(KNOWLEDGE_DIR, 'credssp-double-hop.md'), 'utf8');

function withFiles(files: Record<string, string>, run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'lm-kb-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the real knowledge base', () => {
  test('lints clean', () => {
    const result = lintKnowledge(KNOWLEDGE_DIR);
    expect(result.problems).toEqual([]);
    expect(result.entries.length).toBe(result.files);
  });
});

describe('knowledge loader errors name the file and the field', () => {
  test.each([
    ['bad YAML', model.replace('adCheck: true', 'adCheck: [true'), 'front matter', /invalid YAML/],
    ['missing title', model.replace(/^title: .*$/m, ''), 'title', /required/],
    ['adCheck not boolean', model.replace('adCheck: true', 'adCheck: maybe'), 'adCheck', /true or false/],
    ['umbrella not boolean', model.replace('adCheck: true', 'adCheck: true\numbrella: yes please'), 'umbrella', /true or false/],
    ['bad source URL', model.replace(/^  - https:\/\/learn[^\n]*troubleshoot-live[^\n]*$/m, '  - not a url'), 'sources[0]', /not an http/],
    ['unknown placeholder', model.replace('{{vm}} moved', '{{guest}} moved'), 'body', /unknown placeholder \{\{guest\}\}/],
    ['wrong decimal', model.replace('-2146893042', '-2146893043'), 'signals.codes[0].decimal', /not the decimal form/],
    ['no Fix section', model.replace('## Fix', '## Fixes'), 'body.Fix', /missing/],
    ['keywords (no longer read)', model.replace('signals:\n', 'signals:\n  keywords:\n    - CredSSP\n'), 'signals.keywords', /learned from `examples`/],
    ['reply other than none', model.replace('adCheck: true', 'adCheck: true\nreply: maybe'), 'reply', /only value is "none"/],
  ])('%s', (_name, text, field: string | RegExp, message) => {
    withFiles({ 'credssp-double-hop.md': text }, (dir) => {
      const { problems } = lintKnowledge(dir);
      expect(problems).toEqual(expect.arrayContaining([
        expect.objectContaining({
          file: join(dir, 'credssp-double-hop.md'),
          field: typeof field === 'string' ? field : expect.stringMatching(field),
          message: expect.stringMatching(message),
        }),
      ]));
      expect(() => loadKnowledge(dir)).toThrow(KnowledgeFileError);
    });
  });

  test('an id that differs from the file name', () => {
    withFiles({ 'other-name.md': model }, (dir) => {
      expect(lintKnowledge(dir).problems).toEqual([expect.objectContaining({ field: 'id', message: expect.stringMatching(/does not match the file name/) })]);
    });
  });

  test('duplicate ids and duplicate primary codes', () => {
    withFiles({ 'credssp-double-hop.md': model, 'copy.md': model.replace('id: credssp-double-hop', 'id: copy') }, (dir) => {
      const messages = lintKnowledge(dir).problems.map((p) => p.message).join('\n');
      expect(messages).toMatch(/0x8009030E is already primary/);
    });
    withFiles({ 'credssp-double-hop.md': model, 'x.md': model }, (dir) => {
      expect(lintKnowledge(dir).problems.map((p) => p.message).join('\n')).toMatch(/duplicate id "credssp-double-hop"/);
    });
  });

  test('a missing folder is a problem, not a crash', () => {
    expect(lintKnowledge('/nonexistent/lm-doctor-kb').problems[0]).toMatchObject({ field: 'folder' });
  });
});

describe('out-of-scope entries', () => {
  const outOfScope = readFileSync(join(KNOWLEDGE_DIR, 'out-of-scope', 'sql-server-sspi.md'), 'utf8');

  test('are read from out-of-scope/ with their "What it is" text', () => {
    const entry = loadKnowledge(KNOWLEDGE_DIR).find((e) => e.id === 'sql-server-sspi');
    expect(entry).toMatchObject({ outOfScope: true, fix: [] });
    expect(entry?.cause.length).toBeGreaterThan(40);
  });

  test('must live in out-of-scope/, and only they may', () => {
    withFiles({ 'sql-server-sspi.md': outOfScope }, (dir) => {
      expect(lintKnowledge(dir).problems).toEqual([expect.objectContaining({ field: 'reply', message: expect.stringMatching(/belong in out-of-scope/) })]);
    });
  });

  test('"none" is reserved for chatter', () => {
    withFiles({ 'none.md': model.replace('id: credssp-double-hop', 'id: none') }, (dir) => {
      expect(lintKnowledge(dir).problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'id', message: expect.stringMatching(/reserved/) })]));
    });
  });
});
