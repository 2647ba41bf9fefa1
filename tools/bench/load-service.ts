/**
 * The app under test in the open-loop sweep: `lm-doctor serve` as `npm start` runs it (node --max-semi-space-size=2
 * bin/lm-doctor serve, so dist/ of the chosen checkout), in HTTP mode or Socket Mode against the loopback fake Slack,
 * with lm-doctor's own rate limits off. The sweep reads it the way an operator would: /metrics on the ops port
 * (lm_shed_total and friends, absent counters reported as n/a), its JSON log (warnings and errors counted by event),
 * and /proc for the peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
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
  /** Set when the process ended; the sweep stops. */
  exited?: string;
  scrape(): Promise<Scrape>;
  /** Peak resident set size (Linux VmHWM), MB. */
  peakRssMb(): number | undefined;
  /** SIGTERM, then the time until the process exited (SIGKILL after 20 s). */
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
    PORT: String(port), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1', LOG_LEVEL: 'info',
  };
}

export async function startService(o: ServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, join(o.appRoot, 'bin', 'lm-doctor'), 'serve'], {
    cwd: o.appRoot, env: serviceEnv(o, port, metricsPort), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logged = new Map<string, number>();
  const service: ServiceProcess = {
    child, eventsUrl: { host: '127.0.0.1', port, path: '/slack/events' }, metricsPort, logged,
    scrape: async () => parseMetrics(await fetchText(metricsPort, '/metrics')),
    peakRssMb() {
      try {
        const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (service.exited) return 0;
      const t0 = performance.now();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
      return performance.now() - t0;
    },
  };
  let stderrLines = 0;
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (stderrLines++ < 20) process.stderr.write(`bench:load app stderr: ${line}\n`);
  });
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const level = /"level":"(\w+)"/.exec(line)?.[1];
      const event = /"event":"(\w+)"/.exec(line)?.[1] ?? 'unnamed';
      if (event === 'lm_started') resolve();
      if (level === 'warn' || level === 'error' || level === 'fatal') {
        const key = `${level} ${event}`;
        logged.set(key, (logged.get(key) ?? 0) + 1);
        if (logged.get(key) === 1) process.stderr.write(`bench:load app: first ${key}: ${line.slice(0, 300)}\n`);
      }
    });
    child.once('exit', (code, signal) => {
      service.exited = `the app process exited (${signal ?? code})`;
      reject(new Error(service.exited));
    });
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await started;
  } finally {
    clearTimeout(timeout);
  }
  // Readiness of the ops port, too.
  for (let i = 0; i < 50; i++) {
    try { await fetchText(metricsPort, '/metrics'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return service;
}
