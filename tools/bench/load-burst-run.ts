/**
 * `npm run bench:load -- --burst`: a bounded burst against ONE HTTP-mode app process on loopback: 2,000 signed
 * message events (90% chatter, 10% pastes drawn from the knowledge entries' examples, some pastes delivered again as
 * Slack retries and redeliveries) and 100 `/lm-check` commands against the local Samba AD DC (started with
 * scripts/samba-ad-start.sh when it is not running; the demo snapshot when it cannot start, said clearly).
 * Prints throughput, paste reply latency and /lm-check ack and report latency (p50/p99), errors, lost, duplicated
 * and unexpected replies, and the app process's peak RSS (VmHWM). Targets (issue 5): no lost or duplicated reply,
 * paste reply p99 ≤ 200 ms, peak RSS ≤ 200 MB. Exit code 1 when a target is missed. The app is built in-process from
 * build/src (createSlackApp), forked as `bench-load.js --app`; the default `npm run bench:load`, the open-loop sweep
 * (load-sweep.ts), runs `lm-doctor serve` itself instead.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadKnowledgeIndex } from '../../src/knowledge/load-index';
import { loadConfig } from '../../src/config/load-config';
import { loadKnowledge } from '../../src/knowledge/load-knowledge';
import { createDirectory } from '../../src/directory/create-directory';
import type { LdapConfig } from '../../src/config/ldap-settings';
import { loadSlackConfig, type SlackConfig } from '../../src/config/slack-settings';
import { createSlackApp } from '../../src/slack/create-slack-app';
import type { Logger } from '../../src/support/logger';
import { MESSAGES } from '../../src/slack/messages';
import { describeFailure } from '../../src/support/describe-failure';
import { DirectoryAuthError, DirectoryUnavailableError } from '../../src/support/errors';
import {
  type Arrival, EVENTS, type Job, ROOT, SECRET, buildJobs, chatterLines, chooseDirectory, percentile, requestOf, signed,
  startFakeSlack,
} from './load-burst';

/**
 * Offered load: requests per second, sent on a fixed schedule (open loop) with at most CONCURRENCY in flight.
 * 100/s is 12 times the rate Slack delivers events to one app at most (30,000 per workspace per hour,
 * https://docs.slack.dev/apis/events-api/#rate-limiting); LM_BENCH_RATE=0 sends as fast as the app accepts.
 */
const RATE = Number(process.env.LM_BENCH_RATE ?? 100);
const CONCURRENCY = Number(process.env.LM_BENCH_CONCURRENCY ?? 32);
/** A reply that has not arrived this long after the burst is lost. */
const SETTLE_MS = 5000;
const TARGET = { pasteP99Ms: 200, rssMb: 200 } as const;
const APP_NODE_FLAGS = ['--max-semi-space-size=2'];

// ---- the app process -------------------------------------------------------------------------------------------

/** Counts warnings and errors the app logs, by event name, and reports them over IPC. */
function countingLogger(counts: Map<string, number>, replyMs: number[]): Logger {
  const count = (level: string) => (fields: Record<string, unknown>) => {
    const key = `${level} ${String(fields.event ?? 'unnamed')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.get(key) === 1 && fields.error !== undefined) process.stderr.write(`bench:load app: first ${key}: ${String(fields.error)}\n`);
  };
  const info = (fields: Record<string, unknown>) => {
    if (fields.event === 'lm_reply' && typeof fields.latencyMs === 'number') replyMs.push(fields.latencyMs);
  };
  return { debug() {}, info, warn: count('warn'), error: count('error') };
}

export async function runBurstApp(apiBase: string): Promise<void> {
  const ldap = process.env.LM_BENCH_LDAP ? JSON.parse(process.env.LM_BENCH_LDAP) as LdapConfig : undefined;
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${apiBase}/api/`, SLACK_LOG_LEVEL: 'error',
    // The burst measures answering; lm-doctor's own rate limits would refuse most of it by design.
    LM_CHANNEL_REPLIES_PER_MINUTE: '0', LM_CHECKS_PER_CHANNEL_PER_MINUTE: '0', LM_CHECK_USER_INTERVAL_SECONDS: '0',
    // The /lm-check reports go to the fake Slack's response_url on loopback (builds that check response_url hosts).
    SLACK_RESPONSE_URL_HOSTS: apiBase,
  }) as SlackConfig;
  const index = loadKnowledgeIndex(loadConfig(process.env, ROOT).knowledge);
  const logged = new Map<string, number>();
  const inApp: number[] = [];
  const slack = createSlackApp({
    config, services: { index, directory: createDirectory(ldap, ROOT), logger: countingLogger(logged, inApp) },
    identity: { botId: 'BBOT', botUserId: 'UBOT' }, clientRetries: 0,
  });
  const server = (await slack.app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (msg: string) => {
    if (msg === 'logged') process.send?.({ logged: Object.fromEntries(logged), inApp });
    if (msg === 'cpu') {
      process.send?.({ cpu: process.cpuUsage() });
      delay.reset();
      delay.enable();
    }
    if (msg === 'delay') process.send?.({ delay: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } });
    if (msg === 'stop') void slack.app.stop().then(() => process.disconnect());
  });
  process.send?.({ port: (server.address() as AddressInfo).port, entries: index.entries.length });
}

function startAppProcess(apiBase: string, ldap?: LdapConfig): Promise<{ child: ChildProcess; port: number; entries: number }> {
  const child = fork(join(__dirname, 'bench-load.js'), ['--app', apiBase], {
    execArgv: APP_NODE_FLAGS, stdio: 'inherit', env: { ...process.env, ...(ldap ? { LM_BENCH_LDAP: JSON.stringify(ldap) } : {}) },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number; entries: number }) => resolve({ child, ...m }));
    child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
  });
}

/** Peak resident set size of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Sends `msg` and resolves with the answer's `key` field (the whole answer when `key` is empty). */
function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const expected = key === '' ? msg : key;
    const on = (m: Record<string, unknown>) => {
      if (expected in m) { child.off('message', on); resolve((key === '' ? m : m[key]) as T); }
    };
    child.on('message', on);
    child.send(msg);
  });
}

export async function runBurst(): Promise<number> {
  const directory = chooseDirectory();
  const entries = loadKnowledge(join(ROOT, 'knowledge'));
  const pastes = entries.filter((e) => !e.outOfScope).flatMap((e) => e.examples);
  const jobs = buildJobs(pastes, chatterLines());
  const fake = await startFakeSlack();
  const { child, port, entries: entryCount } = await startAppProcess(fake.base, directory.ldap);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  let httpErrors = 0;
  try {
    await new Promise((r) => setTimeout(r, 300));
    const load = loadavg();
    const driverDelay = monitorEventLoopDelay({ resolution: 10 });
    driverDelay.enable();
    const cpuBefore = await ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu');
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const k = next++;
        const job = jobs[k];
        const due = started + (RATE > 0 ? (k * 1000) / RATE : 0);
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        const { body, type, headers } = requestOf(job, fake.base);
        const key = job.kind === 'command' ? job.id : job.ts;
        const t0 = performance.now();
        if (!sentAt.has(key)) sentAt.set(key, t0);
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': type, ...signed(body), ...headers }, body });
          await res.arrayBuffer();
          if (res.status !== 200) httpErrors++;
          if (job.kind === 'command') ackMs.push(performance.now() - t0);
        } catch {
          httpErrors++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const sentMs = performance.now() - started;
    // Wait until every expected reply is in (or the settle time passes), then a little longer for duplicates.
    const expectedPastes = [...new Set(jobs.filter((j) => j.kind === 'paste').map((j) => (j as { ts: string }).ts))];
    const commandIds = jobs.filter((j): j is Extract<Job, { kind: 'command' }> => j.kind === 'command').map((j) => j.id);
    const deadline = performance.now() + SETTLE_MS;
    while (performance.now() < deadline
      && (expectedPastes.some((ts) => !fake.posts.has(ts)) || commandIds.some((id) => !fake.responds.has(id)))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const lastArrival = Math.max(...[...fake.posts.values(), ...fake.responds.values()].flat().map((a) => a.at), started);
    await new Promise((r) => setTimeout(r, 500));

    const firstAfterSend = (arrivals: Map<string, Arrival[]>, key: string) => {
      const first = arrivals.get(key)?.[0];
      return first ? [first.at - (sentAt.get(key) ?? 0)] : [];
    };
    const replyMs = expectedPastes.flatMap((ts) => firstAfterSend(fake.posts, ts));
    // Replies that carry an automatic AD check result waited for the directory (entries with adCheck naming two hosts).
    const withAd = (ts: string) => String(fake.posts.get(ts)?.[0]?.body.blocks ?? '').includes(`*${MESSAGES.adCheckHeading}*`);
    const replyAdMs = expectedPastes.filter(withAd).flatMap((ts) => firstAfterSend(fake.posts, ts));
    const replyNoAdMs = expectedPastes.filter((ts) => !withAd(ts)).flatMap((ts) => firstAfterSend(fake.posts, ts));
    const lostPastes = expectedPastes.filter((ts) => !fake.posts.has(ts)).length;
    const duplicated = [...fake.posts.values()].filter((a) => a.length > 1).length + [...fake.responds.values()].filter((a) => a.length > 1).length;
    const chatterTs = new Set(jobs.filter((j) => j.kind === 'chatter').map((j) => (j as { ts: string }).ts));
    const unexpected = [...fake.posts.keys()].filter((ts) => chatterTs.has(ts)).length;
    const reportMs = commandIds.flatMap((id) => firstAfterSend(fake.responds, id));
    const lostReports = commandIds.filter((id) => !fake.responds.has(id)).length;
    const failureTexts = new Set([new DirectoryUnavailableError('x'), new DirectoryAuthError('x'), new Error('x')].map((e) => describeFailure(e).sentence));
    const failedChecks = [...fake.responds.values()].filter((a) => failureTexts.has(String(a[0].body.text ?? ''))).length;
    const report = await ask<{ logged: Record<string, number>; inApp: number[] }>(child, 'logged', '');
    const { logged, inApp } = report;
    const loopDelay = await ask<{ p50: number; p99: number; max: number }>(child, 'delay', 'delay');
    const cpuAfter = await ask<NodeJS.CpuUsage>(child, 'cpu', 'cpu');
    const appCpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;
    const loggedErrors = Object.entries(logged).filter(([k]) => k.startsWith('error ')).reduce((n, [, v]) => n + v, 0);
    const rss = peakRssMb(child.pid ?? 0);
    const requests = jobs.length;
    const wallMs = lastArrival - started;

    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1).padStart(7);
    const ok = (good: boolean) => (good ? 'ok' : 'MISSED');
    const pasteP99 = percentile(replyMs, 99);
    console.log(`lm-doctor load burst, HTTP mode on loopback, one app process, ${entryCount} knowledge entries, Node ${process.version}`);
    console.log(`directory: ${directory.note}`);
    console.log(`machine: load average ${load.map((l) => l.toFixed(2)).join(' ')} before the burst (other processes share the cores)\n`);
    console.log(`sent        ${EVENTS} message events (${expectedPastes.length} pastes, ${chatterTs.size} chatter) + ` +
      `${requests - EVENTS - commandIds.length} repeated deliveries (retries/redeliveries) + ${commandIds.length} /lm-check, ` +
      `${RATE > 0 ? `offered at ${RATE} requests/s, ` : 'as fast as accepted, '}at most ${CONCURRENCY} in flight`);
    console.log(`throughput  ${(requests / (sentMs / 1000)).toFixed(0)} requests/s accepted (${sentMs.toFixed(0)} ms); ` +
      `${(requests / (wallMs / 1000)).toFixed(0)} requests/s until the last reply (${wallMs.toFixed(0)} ms); ` +
      `app CPU ${(appCpuMs / 1000).toFixed(1)} s (${(appCpuMs / requests).toFixed(2)} ms per request)`);
    console.log(`paste reply (event → chat.postMessage)  p50 ${p(replyMs, 50)} ms  p99 ${p(replyMs, 99)} ms  ` +
      `(target p99 ≤ ${TARGET.pasteP99Ms} ms: ${ok(pasteP99 <= TARGET.pasteP99Ms)})`);
    console.log(`  without a directory lookup (n=${replyNoAdMs.length})${' '.repeat(Math.max(0, 9 - String(replyNoAdMs.length).length))}p50 ${p(replyNoAdMs, 50)} ms  p99 ${p(replyNoAdMs, 99)} ms`);
    console.log(`  with the automatic AD check (n=${replyAdMs.length})${' '.repeat(Math.max(0, 9 - String(replyAdMs.length).length))}p50 ${p(replyAdMs, 50)} ms  p99 ${p(replyAdMs, 99)} ms`);
    console.log(`  time inside the app (listener → posted)  p50 ${p(inApp, 50)} ms  p99 ${p(inApp, 99)} ms`);
    console.log(`/lm-check ack (HTTP response)           p50 ${p(ackMs, 50)} ms  p99 ${p(ackMs, 99)} ms`);
    console.log(`/lm-check report (→ response_url)       p50 ${p(reportMs, 50)} ms  p99 ${p(reportMs, 99)} ms`);
    console.log(`lost replies ${lostPastes} of ${expectedPastes.length} pastes, ${lostReports} of ${commandIds.length} reports; ` +
      `duplicated ${duplicated}; replies to chatter ${unexpected} (target: no lost or duplicated reply: ${ok(lostPastes + lostReports + duplicated === 0)})`);
    console.log(`errors      HTTP ${httpErrors}; checks that could not run ${failedChecks}; app error log lines ${loggedErrors}` +
      `${Object.keys(logged).length ? ` (${Object.entries(logged).map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`);
    driverDelay.disable();
    console.log(`event-loop delay: app p99 ${loopDelay.p99.toFixed(1)} ms, max ${loopDelay.max.toFixed(1)} ms; ` +
      `this driver + fake Slack p99 ${(driverDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(driverDelay.max / 1e6).toFixed(1)} ms`);
    console.log(`peak RSS of the app process (VmHWM)     ${rss === undefined ? 'n/a' : `${rss.toFixed(1)} MB`}  ` +
      `(target ≤ ${TARGET.rssMb} MB: ${ok(rss !== undefined && rss <= TARGET.rssMb)}; node ${APP_NODE_FLAGS.join(' ')})`);
    const pass = lostPastes + lostReports + duplicated === 0 && pasteP99 <= TARGET.pasteP99Ms && rss !== undefined && rss <= TARGET.rssMb;
    return pass && httpErrors === 0 ? 0 : 1;
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    await fake.close();
    if (directory.startedDc && process.env.LM_SAMBA_KEEP !== '1') {
      execFileSync('bash', [join(ROOT, 'scripts', 'samba-ad-stop.sh')], {
        stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, env: { ...process.env, SAMBA_AD_DIR: directory.sambaDir },
      });
    }
  }
}
