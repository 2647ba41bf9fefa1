import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { REPO_ROOT } from '../support/paths';

interface Run { code: number; stdout: string; stderr: string }

async function run(argv: string[], stdin = '', env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => stdin,
    env,
    packageRoot: REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const PASTE = "Move-VM : Virtual machine migration operation for 'SQL01' failed at migration source 'HV01'.\nFailed to establish a connection with host 'HV02': No credentials are available in the security package (0x8009030E).";

describe('lm-doctor diagnose', () => {
  test('text reply fills in the names from the paste', async () => {
    const r = await run(['diagnose'], PASTE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/credssp-double-hop/);
    expect(r.stdout).toMatch(/Move-VM -Name 'SQL01' -DestinationHost 'HV02'/);
    expect(r.stdout).not.toMatch(/\{\{/);
  });

  test('--json has the contract fields', async () => {
    const r = await run(['diagnose', '--json'], PASTE);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ entry: 'credssp-double-hop', hosts: ['HV01', 'HV02'], vm: 'SQL01' });
    expect(out.confidence).toBeGreaterThan(0);
    expect(Array.isArray(out.alternatives)).toBe(true);
    expect(out.signals.length).toBeGreaterThan(0);
  });

  test('--json on chatter is silence', async () => {
    const r = await run(['diagnose', '--json'], 'lunch at 12?');
    expect(JSON.parse(r.stdout)).toMatchObject({ entry: null, confidence: 0 });
  });

  test('reads a file argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-cli-'));
    try {
      writeFileSync(join(dir, 'paste.txt'), PASTE);
      const r = await run(['diagnose', '--json', join(dir, 'paste.txt')]);
      expect(JSON.parse(r.stdout).entry).toBe('credssp-double-hop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--jsonl answers every line in order and reports bad lines', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: PASTE, label: 'ignored' }),
      'not json',
      JSON.stringify({ id: 'b', text: 'coffee?' }),
      JSON.stringify({ id: 7, text: 'x' }),
      JSON.stringify({ id: 'c' }),
    ].join('\n');
    const r = await run(['diagnose', '--jsonl'], input);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: 'a', entry: 'credssp-double-hop' });
    expect(Object.keys(lines[0]).sort()).toEqual(['alternatives', 'confidence', 'entry', 'id']);
    expect(lines[1]).toMatchObject({ id: null, error: expect.stringMatching(/JSON/) });
    expect(lines[2]).toEqual({ id: 'b', entry: null, confidence: 0, alternatives: expect.any(Array) });
    expect(lines[3]).toMatchObject({ id: null, error: expect.stringMatching(/"id"/) });
    expect(lines[4]).toMatchObject({ id: null, error: expect.stringMatching(/"text"/) });
  });
});

describe('exit codes', () => {
  test.each([
    [['frobnicate'], 2, /unknown command/],
    [['diagnose', '--bogus'], 2, /unknown option --bogus/],
    [['diagnose', 'a', 'b'], 2, /at most one FILE/],
    [['diagnose', '/nonexistent/paste.txt'], 2, /cannot read/],
    [['kb'], 2, /usage: lm-doctor kb/],
  ])('%j → %i', async (argv, code, message) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  test('a broken knowledge folder is a configuration error (4) naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-kb-'));
    try {
      writeFileSync(join(dir, 'broken.md'), '---\nid: [\n---\n');
      const r = await run(['diagnose'], PASTE, { KNOWLEDGE_DIR: dir });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/broken\.md: front matter: invalid YAML/);
      const lint = await run(['kb', 'lint'], '', { KNOWLEDGE_DIR: dir });
      expect(lint.code).toBe(1);
      expect(lint.stderr).toMatch(/broken\.md/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('kb lint passes on the shipped knowledge base', async () => {
    const r = await run(['kb', 'lint']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('bin/lm-doctor', () => {
  test('runs as an executable and exits with the command status', () => {
    const r = spawnSync(join(REPO_ROOT, 'bin', 'lm-doctor'), ['diagnose', '--json'], { input: PASTE, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).entry).toBe('credssp-double-hop');
    const bad = spawnSync(join(REPO_ROOT, 'bin', 'lm-doctor'), ['nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });

  test('npm start without Slack settings runs the console on standard input', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lm-doctor'), 'serve'], {
      input: `${PASTE}\n\n\nhello team\n\n\n0x80090322\n`, encoding: 'utf8', env: { PATH: process.env.PATH },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/credssp-double-hop/);
    expect(r.stdout).toMatch(/No known live-migration error found/);
    expect(r.stdout).toMatch(/spn-target-principal-incorrect/);
  });
});
