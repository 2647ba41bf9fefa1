/**
 * The real `lm-doctor serve` (bin/lm-doctor over dist/, built by `npm test`) in a child process, in HTTP mode
 * against the loopback fake Slack: its JSON log lines are parsed as they come, its ops port is known, and it can be
 * signalled and awaited. Used by the replica, shutdown and redaction tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { freePort } from './free-port';
import { BOT_TOKEN, SIGNING_SECRET } from './slack-constants';

export interface AppProcess {
  child: ChildProcess;
  eventsUrl: string;
  opsUrl: string;
  /** Every stdout line, and the ones that parsed as JSON. */
  lines: string[];
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(probe: (record: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
  /** SIGTERM (if still running) and wait for the exit. */
  stop(): Promise<void>;
}

export async function startAppProcess(apiUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const bin = join(REPO_ROOT, 'bin', 'lm-doctor');
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const [port, opsPort] = [await freePort(), await freePort()];
  // Feedback goes to a directory of this process's own, never to ./lm-data of the checkout; removed at exit.
  const dataDir = mkdtempSync(join(tmpdir(), 'lm-app-data-'));
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl,
      PORT: String(port), METRICS_PORT: String(opsPort), OPS_HOST: '127.0.0.1', LOG_LEVEL: 'debug',
      SLACK_RESPONSE_URL_HOSTS: new URL(apiUrl).origin, // the fake Slack serves the response_urls too
      LM_DATA_DIR: dataDir,
      ...env,
    },
  });
  const proc: AppProcess = {
    child, eventsUrl: `http://127.0.0.1:${port}/slack/events`, opsUrl: `http://127.0.0.1:${opsPort}`, lines: [], logs: [], stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    })),
    async waitForLog(probe, timeoutMs = 5000, what = 'log line') {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = proc.logs.find(probe);
        if (hit) return hit;
        if (Date.now() > until || child.exitCode !== null) throw new Error(`timed out waiting for ${what}; stderr: ${proc.stderr.join('').slice(-500)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await proc.exited;
    },
  };
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts.filter(Boolean)) {
      proc.lines.push(line);
      try { proc.logs.push(JSON.parse(line) as Record<string, unknown>); } catch { /* kept in lines; the redaction test checks all lines are JSON */ }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => proc.stderr.push(chunk.toString('utf8')));
  await proc.waitForLog((r) => r.event === 'lm_ops_listening', 10_000, 'start-up');
  return proc;
}

/** Polls GET url until probe accepts the JSON body. */
export async function waitForJson(url: string, probe: (status: number, body: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const res = await fetch(url);
      const body = (await res.json()) as Record<string, unknown>;
      if (probe(res.status, body)) return body;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > until) throw new Error(`timed out waiting on ${url}; last: ${last}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
