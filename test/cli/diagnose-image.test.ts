/** `lm-doctor diagnose --image`: in-process through runCli, with a screenshot rendered into a temp directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { ERROR_SCREENS, SILENT_SCREENS } from '../../tools/screenshots/screens';
import { renderScreenshot } from '../../tools/screenshots/render-screenshot';
import { REPO_ROOT } from '../support/paths';

jest.setTimeout(30_000);

interface Run { code: number; stdout: string; stderr: string }

async function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => '',
    env,
    packageRoot: REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

let dir: string;
let dialog: string;
let desktop: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-ocr-cli-'));
  dialog = join(dir, 'dialog.jpg');
  desktop = join(dir, 'desktop.png');
  const credssp = ERROR_SCREENS.find((s) => s.id === 'credssp-dialog');
  const screen = SILENT_SCREENS.find((s) => s.id === 'desktop');
  if (!credssp || !screen) throw new Error('screens missing from the set');
  writeFileSync(dialog, renderScreenshot(credssp, { scale: 1.25, format: 'jpeg', jpegQuality: 75, noise: 8 }));
  writeFileSync(desktop, renderScreenshot(screen, { scale: 1, format: 'png' }));
  writeFileSync(join(dir, 'paste.png'), 'Move-VM failed 0x8009030E'); // a text file named like an image
  const png = renderScreenshot(credssp, { scale: 1, format: 'png' });
  writeFileSync(join(dir, 'cut.png'), png.subarray(0, Math.floor(png.length / 2))); // header fine, data cut off
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lm-doctor diagnose --image', () => {
  it('--json gives the text diagnosis object plus the recognised text and error line', async () => {
    const r = await run(['diagnose', '--image', dialog, '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ entry: 'credssp-double-hop', vm: 'WEB03', codes: ['0x8009030E'] });
    expect(out.recognizedText).toContain('No credentials are available in the security package');
    expect(out.errorLine).toMatch(/security package \(0x8009030E\)/);
  });

  it('prints the line it read above the usual text reply; --image=FILE works too', async () => {
    const r = await run(['diagnose', `--image=${dialog}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Read from the image \(600×\d+\): .*0x8009030E/);
    expect(r.stdout).toContain('[credssp-double-hop, confidence');
  });

  it('stays silent on an image without an error', async () => {
    const r = await run(['diagnose', '--image', desktop, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ entry: null, errorLine: null });
  });

  test.each([
    ['a file that is not PNG or JPEG', (d: string) => ['diagnose', '--image', join(d, 'paste.png')], /not a PNG or JPEG image/],
    ['a missing file', (d: string) => ['diagnose', '--image', join(d, 'nope.png')], /ENOENT/],
    ['no file name', () => ['diagnose', '--image'], /--image needs a FILE/],
    ['a PNG cut in half', (d: string) => ['diagnose', '--image', join(d, 'cut.png')], /PNG data is damaged/],
    ['--jsonl with --image', () => ['diagnose', '--image', dialog, '--jsonl'], /--jsonl cannot be used with --image/],
  ])('exits 2 for %s', async (_name, argv, message) => {
    const r = await run(argv(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('applies LM_OCR_MAX_BYTES before reading the image', async () => {
    const r = await run(['diagnose', '--image', dialog], { LM_OCR_MAX_BYTES: '1024' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the limit is 1024/);
  });
});
