/**
 * `npm run bench:start`: cold-start time of the lm-doctor CLI, each run a fresh `node` process, beside `node -e 0`
 * measured in the same rounds. Prints a table and the ratio for `diagnose` (target ≤ 4× `node -e 0`); it measures
 * and exits 0, it does not enforce the target. Needs `npm run build` first (it runs bin/lm-doctor, i.e. dist/).
 *
 *   npm run bench:start                 11 measured rounds after 1 warm-up
 *   npm run bench:start -- --runs=21
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../repo-root';

const DEFAULT_RUNS = 11;
const WARMUPS = 1;
const TARGET_RATIO = 4;
const PASTE = "Live migration of 'VM01' failed. No credentials are available in the security package (0x8009030E).\n";
const SNAPSHOT = join('data', 'demo-directory.ldif');

interface Case {
  label: string;
  args: string[];
  stdin?: string;
  /** Exit codes that mean the command did its whole job (`check` exits 1 when a pair fails, after the report). */
  okCodes: readonly number[];
}

const BASELINE: Case = { label: 'node -e 0', args: ['-e', '0'], okCodes: [0] };
const DIAGNOSE: Case = { label: 'lm-doctor diagnose (one-line paste on stdin)', args: ['bin/lm-doctor', 'diagnose'], stdin: PASTE, okCodes: [0] };
const CHECK: Case = {
  label: `lm-doctor check HV01 HV02 --snapshot ${SNAPSHOT}`,
  args: ['bin/lm-doctor', 'check', 'HV01', 'HV02', '--snapshot', SNAPSHOT],
  okCodes: [0, 1],
};
const CASES = [BASELINE, DIAGNOSE, CHECK];

/** Wall time of one run in ms, from spawn to exit; throws when the command did not do its job. */
function timeOnce(c: Case, cwd: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, c.args, { cwd, input: c.stdin ?? '', encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const printed = c === BASELINE || run.stdout.trim() !== '';
  if (run.error || run.status === null || !c.okCodes.includes(run.status) || !printed) {
    const why = run.error?.message ?? (run.signal ? `killed by ${run.signal}` : `exit ${run.status}${printed ? '' : ', no output'}`);
    throw new Error(`${c.label}: ${why}\n${run.stderr.trim()}`);
  }
  return ms;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function parseRuns(argv: readonly string[]): number {
  const arg = argv.find((a) => a.startsWith('--runs='));
  const runs = arg ? Number(arg.slice('--runs='.length)) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number ≥ 1, got ${JSON.stringify(arg)}`);
  return runs;
}

function main(): void {
  const root = repoRoot();
  const cli = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error('dist/cli/main.js not found: run  npm run build  first');
  const runs = parseRuns(process.argv.slice(2));
  const times = new Map<Case, number[]>(CASES.map((c) => [c, []]));
  // Round-robin, so a burst of load on the machine hits every command alike rather than one of them.
  for (let round = 0; round < WARMUPS + runs; round++) {
    for (const c of CASES) {
      const ms = timeOnce(c, root);
      if (round >= WARMUPS) times.get(c)?.push(ms);
    }
  }
  const base = median(times.get(BASELINE) ?? []);
  const f = (ms: number) => `${ms.toFixed(0)} ms`.padStart(8);
  const width = Math.max(...CASES.map((c) => c.label.length));
  const lines = [
    `cold starts: median of ${runs} runs after ${WARMUPS} warm-up, node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0].toFixed(1)}; dist/ built ${statSync(cli).mtime.toISOString()}`,
    '',
    `${'command'.padEnd(width)} |   median |      min |      max | × node -e 0`,
  ];
  for (const c of CASES) {
    const xs = times.get(c) ?? [];
    lines.push(`${c.label.padEnd(width)} | ${f(median(xs))} | ${f(Math.min(...xs))} | ${f(Math.max(...xs))} | ${(median(xs) / base).toFixed(1)}×`);
  }
  const ratio = median(times.get(DIAGNOSE) ?? []) / base;
  lines.push('', `diagnose start: ${median(times.get(DIAGNOSE) ?? []).toFixed(0)} ms, node -e 0: ${base.toFixed(0)} ms, ` +
    `ratio ${ratio.toFixed(1)}× (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'not met'})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  main();
} catch (err: unknown) {
  console.error(`bench:start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
