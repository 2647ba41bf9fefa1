import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { type SambaEnv, benchHost, seedBenchHosts } from './seed-bench-hosts';

const SIZES = [2, 16, 64];
const RUNS = 15;

function readEnv(): SambaEnv {
  const dir = process.env.SAMBA_AD_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'lm-doctor-samba-ad');
  const file = join(dir, 'env');
  if (!existsSync(file)) {
    throw new Error(`${file} not found: start the test DC first with  bash scripts/samba-ad-start.sh  (same SAMBA_AD_DIR)`);
  }
  return Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `npm run bench:check`: time of a full check (connect, bind, searches, N×(N−1) pairs, fix script) for 2, 16 and
 * 64 hosts against the local Samba AD DC over LDAPS as the read-only account, and the LDAP searches each made.
 * Targets (issue 3): 64 hosts within 3× the time of 2 hosts, and under 1 s.
 */
async function main(): Promise<number> {
  const env = readEnv();
  const seeded = seedBenchHosts(env, Math.max(...SIZES));
  console.log(`bench hosts ${benchHost(1)}…${benchHost(Math.max(...SIZES))}: ${seeded}; ${RUNS} runs per size, median reported\n`);
  const config = { url: env.SAMBA_AD_LDAPS_URL, bindDn: env.SAMBA_AD_BIND_DN, bindPassword: env.SAMBA_AD_BIND_PASSWORD,
    caFile: env.SAMBA_AD_CA_FILE, startTls: false, allowPlain: false, timeoutMs: 5000 };
  const times = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  const searches = new Map<number, number>();
  // Rounds interleave the sizes, so a load spike on the machine hits every size alike; round 0 warms up.
  for (let round = 0; round <= RUNS; round++) {
    for (const n of SIZES) {
      const request = parseLmCheckArgs(Array.from({ length: n }, (_, i) => benchHost(i + 1)));
      const directory = new LdapDirectory(config);
      const started = process.hrtime.bigint();
      const report = await checkMigrationPairs(request, directory);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (report.pairs.length !== n * (n - 1) || report.hosts.some((h) => !h.found)) throw new Error(`bench hosts missing for n=${n}`);
      if (round > 0) times.get(n)?.push(ms);
      searches.set(n, directory.searchCount);
    }
  }
  console.log('hosts  pairs  median ms  min ms  LDAP searches');
  const results = new Map<number, number>();
  for (const n of SIZES) {
    const t = times.get(n) ?? [];
    results.set(n, median(t));
    console.log(`${String(n).padStart(5)}  ${String(n * (n - 1)).padStart(5)}  ${median(t).toFixed(1).padStart(9)}  ${Math.min(...t).toFixed(1).padStart(6)}  ${String(searches.get(n)).padStart(13)}`);
  }
  const small = results.get(2) ?? 0;
  const large = results.get(64) ?? 0;
  const ratio = large / small;
  const ok = ratio <= 3 && large < 1000;
  console.log(`\n64 hosts / 2 hosts = ${ratio.toFixed(2)}× (target ≤ 3×); 64 hosts = ${large.toFixed(1)} ms (target < 1000 ms): ${ok ? 'PASS' : 'FAIL'}`);
  return ok ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(`bench:check: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
