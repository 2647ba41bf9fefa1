import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { checkExamples } from '../../src/knowledge/check-examples';
import { FIXTURES } from '../support/paths';
import { knowledgeIndex } from '../support/knowledge-index';

const index = knowledgeIndex();
const entries = index.entries;

describe('golden: every knowledge entry picks its own examples', () => {
  test.each(entries.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const report = checkExamples([entry], index);
    expect(report.total).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });
});

describe('silence', () => {
  const lines = readFileSync(join(FIXTURES, 'negatives', 'chatter.txt'), 'utf8')
    .split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  test.each(lines)('%s', (line) => {
    const d = diagnosePaste(line, index);
    expect({ entry: d.entry?.id ?? null, line }).toEqual({ entry: null, line });
  });
});

describe('the diagnosis', () => {
  const paste = [
    "Move-VM : Virtual machine migration operation for 'SQL07' failed at migration source 'HV21'.",
    "Failed to establish a connection with host 'HV22': No credentials are available in the security package (0x8009030E).",
  ].join('\n');

  test('names the entry, the evidence and the hosts', () => {
    const d = diagnosePaste(paste, index);
    expect(d.entry?.id).toBeDefined();
    expect(d.codes).toContain('0x8009030E');
    expect(d.signals.map((s) => s.kind)).toContain('code');
    expect(d.names).toMatchObject({ source: 'HV21', destination: 'HV22', vm: 'SQL07' });
    expect(d.confidence).toBeGreaterThan(0.5);
    expect(d.confidence).toBeLessThanOrEqual(1);
    expect(d.alternatives.length).toBeLessThanOrEqual(3);
    expect(d.alternatives.map((a) => a.entry.id)).not.toContain(d.entry?.id);
  });

  test('the wording around a shared code decides between the entries that share it', () => {
    const plain = diagnosePaste(paste, index);
    expect(plain.entry?.id).toBe('credssp-double-hop');
    const kerberos = diagnosePaste(`${paste}\nwe switched to Kerberos with constrained delegation last year; the delegation tab says Use Kerberos only`, index);
    expect(kerberos.entry?.id).not.toBe('credssp-double-hop');
    expect([kerberos.entry?.id, ...kerberos.alternatives.map((a) => a.entry.id)].slice(0, 2)).toContain('kcd-kerberos-only-no-protocol-transition');
  });

  test('a message cut off by the paste still counts, a stub of it does not', () => {
    const head = "Live migration of 'Virtual Machine app07' failed.\nVirtual machine migration operation for 'app07' failed at migration source 'HV31'.\nFailed to establish a connection with host 'HV32': ";
    const cut = diagnosePaste(`${head}No credentials are available in the secu…`, index);
    // Both CredSSP entries fit this paste; the one that owns the cut-off message carries it as evidence.
    const owner = [cut.entry?.id === 'credssp-double-hop' ? cut : undefined, ...cut.alternatives].find((c) => c?.signals.some((s) => s.kind === 'phrase'));
    expect(['credssp-double-hop', 'credssp-credentials-not-recognized']).toContain(cut.entry?.id);
    expect(owner?.signals.find((s) => s.kind === 'phrase')?.value).toMatch(/^No credentials are available/);
    const stub = diagnosePaste(`${head}No credentials`, index);
    expect(stub.signals.some((s) => s.value.startsWith('No credentials are available'))).toBe(false);
  });

  test('the cluster resource failure yields to the root cause found in the same paste', () => {
    const resource = [
      'Event ID: 1069  Source: Microsoft-Windows-FailoverClustering',
      "Cluster resource 'Virtual Machine PRINT02' of type 'Virtual Machine' in clustered role 'PRINT02' failed.",
    ].join('\n');
    const alone = diagnosePaste(resource, index);
    expect(alone.entry?.id).toBe('cluster-vm-resource-failed');
    const withSwitch = diagnosePaste(`${resource}\nEvent ID: 21502\n'PRINT02' live migration did not succeed at the destination: Could not find Ethernet switch 'vSwitch-Prod'.`, index);
    expect(withSwitch.entry?.id).toBe('vswitch-missing-on-destination');
    expect(withSwitch.alternatives.map((a) => a.entry.id)).toContain('cluster-vm-resource-failed');
    const withKeywordOnly = diagnosePaste(`${resource}\nmaybe the switch names differ?`, index);
    expect(withKeywordOnly.entry?.id).toBe('cluster-vm-resource-failed'); // a chat guess is not a root cause
  });

  test('stays silent on a closed incident, an expected event or a shared article, but not on the same error live', () => {
    const live = "Move-VM : Virtual machine migration operation for 'FS02' failed at migration source 'HV07'.\n" +
      "Failed to establish a connection with host 'HV08': No credentials are available in the security package (0x8009030E).";
    expect(diagnosePaste(live, index).entry?.id).toBe('credssp-double-hop');
    const quiet = [
      `Post-incident review, INC-4411\n${live}\nRoot cause: CredSSP from the jump host. Status: closed.`,
      `${live}\n^ expected, that was the test move from the jump host before we switched to Kerberos`,
      `good explanation of why this happens, pinning it: https://learn.microsoft.com/x/y\n${live}`,
    ];
    for (const text of quiet) expect({ text, entry: diagnosePaste(text, index).entry?.id ?? null }).toEqual({ text, entry: null });
  });

  test('marks a paste longer than the limit as truncated and still answers', () => {
    const d = diagnosePaste(paste + '\nx'.repeat(100_000), index);
    expect(d.truncated).toBe(true);
    expect(d.entry).toBeDefined();
  });
});

describe('bounded work on hostile input', () => {
  const budgetMs = 250; // generous for a loaded CI machine; `npm run bench` measures the real figures

  test('arbitrary strings never throw and finish quickly', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (s) => {
      const t = process.hrtime.bigint();
      const d = diagnosePaste(s, index);
      expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(budgetMs);
      expect(d.confidence).toBeGreaterThanOrEqual(0);
    }), { numRuns: 300 });
  });

  test.each([
    ['1 MB of random bytes', () => Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
    ['invalid UTF-8 decoded', () => Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => 0x80 + (i % 64))).toString('utf8')],
    ['10,000 code fences', () => '```\n'.repeat(10_000)],
    ['deeply nested Slack formatting', () => '<'.repeat(50_000) + '@U123|'.repeat(1000) + '>'.repeat(50_000)],
    ['one repeated phrase', () => 'No credentials are available in the security package '.repeat(20_000)],
  ])('%s', (_name, make) => {
    const input = make();
    const t = process.hrtime.bigint();
    diagnosePaste(input, index);
    expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(1000);
  });
});
