/** `npm run eval` (`lm-doctor eval`) with a file that is not there says so in one line and exits 2, without a stack trace. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

function runEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, 'bin', 'lm-doctor'), 'eval', ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

test('a missing labelled file is one line on standard error, exit 2', async () => {
  const r = await runEval(['../shared/eval/no-such-file.jsonl']);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual(['npm run eval: ../shared/eval/no-such-file.jsonl: no such file']);
  expect(r.stdout).toBe('');
});
