/**
 * The app under test in the open-loop sweep: `lm-doctor serve` as `npm start` runs it (node --max-semi-space-size=2
 * bin/lm-doctor serve, so dist/ of the chosen checkout), in HTTP mode or Socket Mode against the loopback fake Slack,
 * with lm-doctor's own rate limits off. The sweep reads it the way an operator would: /metrics on the ops port
 * (lm_shed_total and friends, absent counters reported as n/a), its JSON log, written to a temporary file
 * (warnings and errors counted by event, shed messages by ts), and /proc for the peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const APP_NODE_FLAGS = ['--max-semi-space-size=2'];
export const BENCH_SIGNING_SECRET = 'bench-load-sweep-signing-secret';

export interface ServiceProcess {
  child: ChildProcess;
  /** HTTP mode: where Slack POSTs events. */
  eventsUrl: { host: string; port: number; path: string };
  metricsPort: number;
  /** Warning and error log lines so far, by "level event". */
  logged: Map<string, number>;
  /** Message ts of the events the app logged as shed (`lm_shed` lines), to tell shed pastes from lost replies. */
  shedTs: Set<string>;
  /** Set when the process ended; the sweep stops. */
  exited?: string;
  /** How long it took from SIGTERM to exit. */
  stopMs?: number;
  /** Reads the log lines written since the last call; true when one of them was `lm_started`. */
  readLog(): boolean;
  scrape(): Promise<Scrape>;
  /** Peak resident set size (Linux VmHWM), MB. */
  peakRssMb(): number | undefined;
  /** SIGTERM, then the time until the process exited (SIGKILL after 20 s); reads the rest of the log. */
  stop(): Promise<number>;
}

/** One /metrics reading: every sample summed over its labels, and the counters by label where the sweep needs them. */
export interface Scrape {
  /** Sum of all samples of a metric, or undefined when the app does not declare it. */
  total(name: string): number | undefined;
  /** Samples of a metric by the value of one label. */
  byLabel(name: string, label: string): Map<string, number>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function parseMetrics(text: string): Scrape {
  const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  const samples = [...text.matchAll(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})? ([^\s]+)/gm)].map((m) => ({ name: m[1], labels: m[2] ?? '', value: Number(m[3]) }));
  return {
    total(name) {
      if (!declared.has(name)) return undefined;
      return samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
    },
    byLabel(name, label) {
      const out = new Map<string, number>();
      for (const s of samples.filter((x) => x.name === name)) {
        const v = new RegExp(`${label}="([^"]*)"`).exec(s.labels)?.[1] ?? '';
        out.set(v, (out.get(v) ?? 0) + s.value);
      }
      return out;
    },
  };
}

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${path} within 30 s`)));
    req.on('error', reject);
  });
}

export interface ServiceOptions {
  /** Checkout whose bin/lm-doctor (and dist/) runs. */
  appRoot: string;
  mode: 'http' | 'socket';
  apiUrl: string;
}

/**
 * The environment of the app: only what the sweep sets, plus the caller's LM_* settings (worker counts, queue sizes;
 * they may also override the rate limits the bench turns off).
 */
function serviceEnv(o: ServiceOptions, port: number, metricsPort: number): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LM_') && !k.startsWith('LM_BENCH_')));
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR,
    // Answering is measured; lm-doctor's per-channel and per-user limits would refuse most of a burst by design.
    LM_CHANNEL_REPLIES_PER_MINUTE: '0', LM_CHECKS_PER_CHANNEL_PER_MINUTE: '0', LM_CHECK_USER_INTERVAL_SECONDS: '0',
    ...own,
    SLACK_BOT_TOKEN: 'xoxb-bench-load-sweep', SLACK_API_URL: o.apiUrl,
    ...(o.mode === 'socket' ? { SLACK_APP_TOKEN: 'xapp-1-bench-load-sweep' } : { SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET }),
    PORT: String(port), METRICS_PORT: String(metricsPort), OPS_HOST: '127.0.0.1', LOG_LEVEL: 'info',
  };
}

/** Counts one JSON log line: warnings and errors by event, and the ts of every shed event. */
function readLogLine(line: string, service: ServiceProcess): boolean {
  if (!line.startsWith('{')) return false;
  const level = /"level":"(\w+)"/.exec(line)?.[1];
  const event = /"event":"(\w+)"/.exec(line)?.[1] ?? 'unnamed';
  if (event === 'lm_shed') {
    const ts = /"ts":"([\d.]+)"/.exec(line)?.[1];
    if (ts) service.shedTs.add(ts);
  }
  if (level === 'warn' || level === 'error' || level === 'fatal') {
    const key = `${level} ${event}`;
    service.logged.set(key, (service.logged.get(key) ?? 0) + 1);
    if (service.logged.get(key) === 1) process.stderr.write(`bench:load app: first ${key}: ${line.slice(0, 300)}\n`);
  }
  return event === 'lm_started';
}

export async function startService(o: ServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  // The JSON log goes to a file, not a pipe: the app's synchronous log writes never wait for this process to read.
  const logDir = mkdtempSync(join(tmpdir(), 'lm-bench-load-'));
  const logFile = join(logDir, 'app.log');
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, join(o.appRoot, 'bin', 'lm-doctor'), 'serve'], {
    cwd: o.appRoot, env: serviceEnv(o, port, metricsPort), stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  let offset = 0;
  let partial = '';
  const service: ServiceProcess = {
    child, eventsUrl: { host: '127.0.0.1', port, path: '/slack/events' }, metricsPort, logged: new Map(), shedTs: new Set(),
    scrape: async () => parseMetrics(await fetchText(metricsPort, '/metrics')),
    readLog() {
      const size = statSync(logFile).size;
      if (size <= offset) return false;
      const buf = Buffer.alloc(size - offset);
      const fd = openSync(logFile, 'r');
      try { readSync(fd, buf, 0, buf.length, offset); } finally { closeSync(fd); }
      offset = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      let started = false;
      for (const line of lines) started = readLogLine(line, service) || started;
      return started;
    },
    peakRssMb() {
      try {
        const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (!service.exited) {
        const t0 = performance.now();
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(killer);
        service.stopMs = performance.now() - t0;
      }
      if (existsSync(logDir)) {
        service.readLog();
        rmSync(logDir, { recursive: true, force: true });
      }
      return service.stopMs ?? 0;
    },
  };
  let stderrLines = 0;
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (stderrLines++ < 20) process.stderr.write(`bench:load app stderr: ${line}\n`);
  });
  child.once('exit', (code, signal) => { service.exited = `the app process exited (${signal ?? code})`; });
  const until = performance.now() + 30_000;
  while (!service.readLog()) {
    if (service.exited || performance.now() > until) {
      await service.stop();
      throw new Error(service.exited ?? 'the app did not log lm_started within 30 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // Readiness of the ops port, too.
  for (let i = 0; i < 50; i++) {
    try { await fetchText(metricsPort, '/metrics'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return service;
}
