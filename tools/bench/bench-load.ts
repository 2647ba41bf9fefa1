/**
 * `npm run bench:load`: the open-loop rate sweep of issue 14 (load-sweep.ts) against ONE `lm-doctor serve` process,
 * in HTTP mode and Socket Mode; `--burst` runs the earlier bounded burst with /lm-check and the Samba DC
 * (load-burst-run.ts). Figures, not assertions: the sweep exits 0 whenever it ran, met or not.
 *
 *   --mode=http|socket|both      default both
 *   --rates=100,500,1000,2000    message events per second, one step each (retries and redeliveries included)
 *   --seconds=10                 length of each step
 *   --connections=512            most HTTP keep-alive connections the load generator opens, as deliveries need
 *                                them (a slow app meets new connections while it is busiest, as with Slack)
 *   --warm-connections           open all of them before each step instead (a sender in steady state)
 *   --app-root=DIR               run DIR/bin/lm-doctor (and DIR/dist) instead of this checkout's, e.g. a copy of
 *                                an older commit, to compare before and after
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge';
import { ROOT, chatterLines } from './load-burst';
import { sweepMode, type Mode, type ModeResult, type SweepOptions } from './load-sweep';
import { printMode, printTargets } from './load-report';

/** The sweep's options as given on the command line (the texts come from the knowledge), and the old burst. */
type Args = Omit<SweepOptions, 'pastes' | 'chatter'> & { burst: boolean };

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    burst: false, modes: ['http', 'socket'], rates: [100, 500, 1000, 2000], seconds: 10, connections: 512, warmConnections: false, appRoot: ROOT,
  };
  const positive = (name: string, v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`${name} must be a positive number, not "${v}"`);
    return x;
  };
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2);
    if (name === '--burst') args.burst = true;
    else if (name === '--mode') {
      if (!['http', 'socket', 'both'].includes(value)) throw new Error(`--mode must be http, socket or both, not "${value}"`);
      args.modes = value === 'both' ? ['http', 'socket'] : [value as Mode];
    } else if (name === '--rates') args.rates = value.split(',').map((v) => positive('--rates', v));
    else if (name === '--seconds') args.seconds = positive('--seconds', value);
    else if (name === '--connections') args.connections = Math.round(positive('--connections', value));
    else if (name === '--warm-connections') args.warmConnections = true;
    else if (name === '--app-root') args.appRoot = resolve(value);
    else throw new Error(`unknown option ${arg} (--mode, --rates, --seconds, --connections, --warm-connections, --app-root, --burst)`);
  }
  return args;
}

/** Which build runs: its commit and whether dist/ is older than src/ (then `npm run build` first). */
function describeBuild(appRoot: string): string {
  let commit = 'not a git checkout';
  try {
    commit = execFileSync('git', ['-C', appRoot, 'log', '-1', '--format=%h %s'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().slice(0, 90);
    const dirty = execFileSync('git', ['-C', appRoot, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    if (dirty) commit += ` (+ ${dirty.split('\n').length} uncommitted changes in src/)`;
  } catch { /* a copy without .git */ }
  const built = join(appRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build in ${appRoot} first`);
  const newestSrc = Math.max(...readdirSync(join(appRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => statSync(join(appRoot, 'src', f)).mtimeMs));
  const stale = newestSrc > statSync(built).mtimeMs ? '; dist/ is OLDER than src/: run npm run build to measure the current code' : '';
  return `${appRoot}: ${commit}${stale}`;
}

async function sweep(args: Args): Promise<number> {
  const entries = loadKnowledge(join(ROOT, 'knowledge'));
  const options: SweepOptions = {
    ...args, pastes: entries.filter((e) => !e.outOfScope).flatMap((e) => e.examples), chatter: chatterLines(),
  };
  const write = (line: string) => { process.stdout.write(`${line}\n`); };
  write(`lm-doctor open-loop load sweep, ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores, ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start (other processes may share the cores)`);
  write(`app: node --max-semi-space-size=2 bin/lm-doctor serve from ${describeBuild(args.appRoot)}`);
  write(`each step: ${args.seconds} s of message events on a fixed schedule (~10 % pastes from ${options.pastes.length} knowledge ` +
    `examples, the rest chatter; ~2.5 % repeats: Slack retries 3 s later and redeliveries), HTTP over up to ${args.connections} ` +
    `keep-alive connections ${args.warmConnections ? 'opened before each step' : 'opened as needed'}; lm-doctor rate limits off, no directory`);
  const results: ModeResult[] = [];
  for (const mode of args.modes) {
    const result = await sweepMode(mode, options, (line) => process.stderr.write(`bench:load: ${line}\n`));
    results.push(result);
    printMode(result, write);
  }
  printTargets(results, write);
  return 0;
}

/** The burst builds the app in-process from build/src (Bolt and all); loaded only when it runs, as the CLI loads commands. */
const burstModule = () => require('./load-burst-run') as typeof import('./load-burst-run');

if (process.argv[2] === '--app') {
  burstModule().runBurstApp(process.argv[3]).catch((error: unknown) => {
    console.error(`bench:load app failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
} else {
  Promise.resolve().then(() => {
    const args = parseArgs(process.argv.slice(2));
    return args.burst ? burstModule().runBurst() : sweep(args);
  }).then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(`bench:load failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
