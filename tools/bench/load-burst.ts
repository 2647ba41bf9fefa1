/**
 * The input side of `npm run bench:load` (bench-load.ts): the deterministic burst (chatter, knowledge-example pastes
 * with Slack's retries and redeliveries, /lm-check commands), signed requests, the loopback fake Slack that records
 * when each reply arrives, and the choice of directory (the local Samba DC, started if needed, or the demo snapshot).
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LdapConfig } from '../../src/config/ldap-settings';
import { repoRoot } from '../repo-root';
import { seededRandom } from '../../src/core/seeded-random';

/** Message events in the burst, the share that are pastes, and the /lm-check commands mixed in. */
export const EVENTS = 2000;
const PASTE_SHARE = 0.1;
export const COMMANDS = 100;
/** Share of pastes Slack delivers again: as a retry (same event_id, X-Slack-Retry-Num) and as a redelivery. */
const RETRY_SHARE = 0.2;
const REDELIVERY_SHARE = 0.05;
export const SECRET = 'bench-load-signing-secret';
export const ROOT = repoRoot();
/** Hosts of the Samba test DC (and of the demo snapshot exported from it). */
const LAB_HOSTS = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06', 'HV07'];
const CHATTER_FALLBACK = ['morning all', 'lunch at 12?', 'patching NODE2 tonight', 'thanks, that worked', 'who owns the backup job?'];

// ---- deterministic input ---------------------------------------------------------------------------------------

export type Job =
  | { kind: 'chatter' | 'paste'; i: number; ts: string; eventId: string; text: string; again?: 'retry' | 'redelivery' }
  | { kind: 'command'; i: number; id: string; hosts: string[] };

export function chatterLines(): string[] {
  const file = join(ROOT, 'test', 'fixtures', 'negatives', 'chatter.txt');
  if (!existsSync(file)) return CHATTER_FALLBACK;
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

export function buildJobs(pastes: string[], chatter: string[]): Job[] {
  const rnd = seededRandom(20261125);
  const jobs: Job[] = [];
  const every = Math.floor(EVENTS / COMMANDS);
  for (let i = 0; i < EVENTS; i++) {
    const ts = `1700000000.${String(i).padStart(6, '0')}`;
    const paste = rnd() < PASTE_SHARE;
    const text = paste ? pastes[Math.floor(rnd() * pastes.length)] : chatter[Math.floor(rnd() * chatter.length)];
    jobs.push({ kind: paste ? 'paste' : 'chatter', i, ts, eventId: `EvLOAD${i}`, text });
    if (paste && rnd() < RETRY_SHARE) jobs.push({ kind: 'paste', i, ts, eventId: `EvLOAD${i}`, text, again: 'retry' });
    if (paste && rnd() < REDELIVERY_SHARE) jobs.push({ kind: 'paste', i, ts, eventId: `EvLOAD${i}b`, text, again: 'redelivery' });
    if (i % every === every - 1 && jobs.filter((j) => j.kind === 'command').length < COMMANDS) {
      const n = 2 + Math.floor(rnd() * 3);
      const hosts = [...LAB_HOSTS].sort(() => rnd() - 0.5).slice(0, n);
      jobs.push({ kind: 'command', i, id: `cmd${i}`, hosts });
    }
  }
  return jobs;
}

// ---- the fake Slack (Web API + response_url) -------------------------------------------------------------------

export interface Arrival { at: number; body: Record<string, unknown> }

export async function startFakeSlack() {
  const posts = new Map<string, Arrival[]>();
  const responds = new Map<string, Arrival[]>();
  let seq = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/api/chat.postMessage') {
        const params = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
        const thread = String(params.thread_ts ?? '');
        posts.set(thread, [...(posts.get(thread) ?? []), { at, body: params }]);
      } else if (req.url?.startsWith('/respond/')) {
        const id = req.url.slice('/respond/'.length);
        responds.set(id, [...(responds.get(id) ?? []), { at, body: JSON.parse(raw || '{}') as Record<string, unknown> }]);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ts: `1800000000.${String(++seq).padStart(6, '0')}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base, posts, responds,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

// ---- the Samba DC ------------------------------------------------------------------------------------------------

export interface DirectoryChoice { ldap?: LdapConfig; note: string; startedDc: boolean; sambaDir: string }

function readSambaEnv(dir: string): Record<string, string> | undefined {
  const file = join(dir, 'env');
  if (!existsSync(file)) return undefined;
  const env = Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return env.SAMBA_AD_PID && existsSync(`/proc/${env.SAMBA_AD_PID}`) ? env : undefined;
}

/** The local Samba DC (started if needed), or the demo snapshot with the reason. */
export function chooseDirectory(): DirectoryChoice {
  const sambaDir = process.env.SAMBA_AD_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'lm-doctor-samba-ad');
  let env = readSambaEnv(sambaDir);
  let startedDc = false;
  if (!env && process.env.LM_BENCH_NO_DC !== '1') {
    try {
      process.stderr.write('bench:load: starting the Samba AD DC (scripts/samba-ad-start.sh)…\n');
      execFileSync('bash', [join(ROOT, 'scripts', 'samba-ad-start.sh')], {
        stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000, env: { ...process.env, SAMBA_AD_DIR: sambaDir },
      });
      env = readSambaEnv(sambaDir);
      startedDc = env !== undefined;
    } catch (error) {
      const why = String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim().split('\n').slice(-1)[0];
      return { note: `demo snapshot (${join('data', 'demo-directory.ldif')}): the Samba DC could not start: ${why}`, startedDc, sambaDir };
    }
  }
  if (!env) return { note: 'demo snapshot: the Samba DC is not running (LM_BENCH_NO_DC=1 or no env file)', startedDc, sambaDir };
  return {
    ldap: {
      url: env.SAMBA_AD_LDAPS_URL, bindDn: env.SAMBA_AD_BIND_DN, bindPassword: env.SAMBA_AD_BIND_PASSWORD,
      caFile: env.SAMBA_AD_CA_FILE, startTls: false, allowPlain: false, timeoutMs: 5000,
    },
    note: `Samba AD DC at ${env.SAMBA_AD_LDAPS_URL} as the read-only ${env.SAMBA_AD_BIND_DN}${startedDc ? ' (started for this run)' : ''}`,
    startedDc, sambaDir,
  };
}

// ---- the burst ---------------------------------------------------------------------------------------------------

export function signed(body: string): Record<string, string> {
  const t = Math.floor(Date.now() / 1000);
  return { 'x-slack-request-timestamp': String(t), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${t}:${body}`).digest('hex')}` };
}

export function requestOf(job: Job, fakeBase: string): { body: string; type: string; headers: Record<string, string> } {
  if (job.kind === 'command') {
    return {
      type: 'application/x-www-form-urlencoded', headers: {},
      body: new URLSearchParams({
        token: 'legacy', team_id: 'T1', team_domain: 'ops', channel_id: 'C1', channel_name: 'ops', user_id: `UCHK${job.i}`, user_name: 'u',
        command: '/lm-check', text: job.hosts.join(' '), api_app_id: 'A1', is_enterprise_install: 'false',
        response_url: `${fakeBase}/respond/${job.id}`, trigger_id: `${job.i}.bench.${job.id}`,
      }).toString(),
    };
  }
  const body = JSON.stringify({
    token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: job.eventId, event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'message', channel: 'C1', user: `U${job.i % 50}`, text: job.text, ts: job.ts, event_ts: job.ts, channel_type: 'channel' },
  });
  const headers: Record<string, string> = job.again === 'retry' ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {};
  return { body, type: 'application/json', headers };
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
