/**
 * `npm run bench`: throughput and latency of diagnosePaste for chatter and 1 KB / 4 KB / 64 KB pastes, next to a
 * naive baseline measured in the same run (fuse.js defaults, the paste as the pattern over every entry's text),
 * plus one 1 MB input. Prints a table; targets: p99 ≤ 2 ms at 4 KB, ≥ 20× the baseline, 1 MB ≤ 50 ms.
 */
import Fuse from 'fuse.js';
import { loadKnowledgeIndex } from '../../src/knowledge/load-index';
import { loadConfig } from '../../src/config/load-config';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { normalizePaste } from '../../src/core/normalize-paste';
import { featureTokens } from '../../src/core/learned/text-features';
import type { KnowledgeEntry } from '../../src/core/types';
import { repoRoot } from '../repo-root';

const CHATTER = [
  'morning all, anyone up for coffee?', 'draining NODE2 for patching, VMs moving to NODE3', 'migration done',
  'can someone review my runbook PR?', 'CPU 95% on sql02 again', 'backup job finished with 2 warnings',
];
const NOISE_LINE = 'Log Name: Microsoft-Windows-Hyper-V-VMMS-Admin Source: Microsoft-Windows-Hyper-V-VMMS Level: Information Task Category: None Keywords: User: SYSTEM Computer: HV01.contoso.local\n';

function pasteOfSize(entries: KnowledgeEntry[], i: number, bytes: number): string {
  const core = entries[i % entries.length].examples[0];
  let out = core + '\n';
  while (out.length < bytes) out += NOISE_LINE;
  return out.slice(0, bytes);
}

interface Stats { perSecond: number; p50: number; p99: number; n: number }

function measure(inputs: string[], fn: (s: string) => unknown, budgetMs: number, maxRuns = 20000): Stats {
  const times: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < maxRuns; i++) {
    const t0 = process.hrtime.bigint();
    fn(inputs[i % inputs.length]);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (Number(process.hrtime.bigint() - start) / 1e6 > budgetMs) break;
  }
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { perSecond: (times.length / total) * 1000, p50: q(0.5), p99: q(0.99), n: times.length };
}

function main(): void {
  const index = loadKnowledgeIndex(loadConfig(process.env, repoRoot()).knowledge);
  const entries = index.entries.filter((e) => !e.outOfScope);
  const docs = entries.map((e) => ({ id: e.id, text: [e.title, ...e.signals.phrases, e.cause].join('\n') }));
  const naive = new Fuse(docs, { keys: ['text'] });
  const ours = (s: string) => diagnosePaste(s, index);
  const baseline = (s: string) => naive.search(s);
  const sets: Array<[string, string[]]> = [
    ['chatter', CHATTER],
    ['1 KB paste', entries.map((_, i) => pasteOfSize(entries, i, 1024))],
    ['4 KB paste', entries.map((_, i) => pasteOfSize(entries, i, 4096))],
    ['64 KB paste', entries.slice(0, 8).map((_, i) => pasteOfSize(entries, i, 65536))],
  ];
  for (const [, inputs] of sets) inputs.slice(0, 5).forEach(ours); // warm up
  const f = (x: number) => x.toFixed(3).padStart(9);
  const lines = ['input         | lm-doctor msg/s   p50 ms    p99 ms | baseline msg/s   p50 ms    p99 ms | speed-up'];
  for (const [name, inputs] of sets) {
    const a = measure(inputs, ours, 3000);
    const b = measure(inputs, baseline, 3000, name.startsWith('64') ? 3 : 2000);
    lines.push(`${name.padEnd(13)} | ${a.perSecond.toFixed(0).padStart(14)} ${f(a.p50)} ${f(a.p99)} | ${b.perSecond.toFixed(1).padStart(14)} ${f(b.p50)} ${f(b.p99)} | ${(a.perSecond / b.perSecond).toFixed(0)}x`);
  }
  // The learned part alone on the 4 KB pastes: masking, the entry model, the relevance model, explaining the answer.
  const folded = entries.map((_, i) => normalizePaste(pasteOfSize(entries, i, 4096)).folded);
  const learned = measure(folded, (t) => {
    const tokens = featureTokens(t);
    const v = index.model.vectorizeTokens(index.maskTokens(tokens));
    index.model.explain(v, index.model.classes[0], 4);
    return [index.model.predict(v), index.relevance.predict(index.relevance.vectorizeTokens(tokens))];
  }, 3000);
  lines.push(`learned part, 4 KB paste: p50 ${learned.p50.toFixed(3)} ms, p99 ${learned.p99.toFixed(3)} ms`);
  const mb = pasteOfSize(entries, 0, 1 << 20);
  const big = measure([mb], ours, 2000, 20);
  lines.push(`1 MB input: p50 ${big.p50.toFixed(2)} ms, max of ${big.n} runs p99 ${big.p99.toFixed(2)} ms (target <= 50 ms)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
