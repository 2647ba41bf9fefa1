/**
 * Block Kit renderers, pure: Slack's limits hold for every real knowledge entry, for an oversized synthetic entry and
 * for a 64-host report; text from a paste or the directory is escaped.
 */
import fc from 'fast-check';
import { renderAlternativesBlocks, renderDiagnosisBlocks } from '../../src/slack/render-diagnosis-blocks';
import { renderReportBlocks } from '../../src/slack/render-report-blocks';
import { escapeSlackText, truncateText } from '../../src/slack/escape-slack-text';
import { LIMITS, markdownToMrkdwn, splitMrkdwn, type SlackBlock, type SlackMessage } from '../../src/slack/block-kit';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import type { Diagnosis, KnowledgeEntry } from '../../src/core/types';
import type { Report } from '../../src/core/delegation/types';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { computer, mesh } from '../support/accounts';
import { checkPastePair, isStorageMove } from '../../src/slack/check-paste-pair';
import { renderAdOutcome } from '../../src/slack/render-ad-outcome';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { knowledgeIndex } from '../support/slack-test-app';

/** The fields the limit checks read, loosely typed. */
type LooseBlock = { type: string; text?: { text: string }; elements?: { text?: string; value?: string }[] };
const loose = (blocks: SlackBlock[]) => blocks as unknown as LooseBlock[];

const HOSTILE = ['<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<https://evil.example|bank>', '<#C0SECRET>'];

function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(message.text.length).toBeGreaterThan(0);
  for (const b of loose(message.blocks)) {
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'context') {
      expect(b.elements?.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of b.elements ?? []) expect(e.text?.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    if (b.type === 'actions') for (const e of b.elements ?? []) expect(e.value?.length).toBeLessThanOrEqual(LIMITS.buttonValue);
  }
}

function diagnosisOf(entry: KnowledgeEntry, names: Diagnosis['names'] = { hosts: [] }): Diagnosis & { entry: KnowledgeEntry } {
  const others = knowledgeIndex().entries.filter((e) => e.id !== entry.id).slice(0, 3);
  return {
    entry, confidence: 0.87, names, codes: [], eventIds: [], truncated: false,
    signals: [{ kind: 'code', value: '0x8009030E', weight: 3 }],
    alternatives: others.map((e) => ({ entry: e, score: 2, evidence: 2, learned: 0, signals: [] })),
  };
}

const size = (e: KnowledgeEntry) => e.cause.length + e.fix.join('').length + e.verify.length;

describe('renderDiagnosisBlocks', () => {
  it.each(knowledgeIndex().entries.map((e) => [e.id, e] as const))('keeps %s within Block Kit limits', (_id, entry) => {
    const message = renderDiagnosisBlocks(diagnosisOf(entry, { source: 'HV01', destination: 'hv02.contoso.local', vm: 'SQL01', hosts: [] }));
    expectWithinLimits(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('shows every step of the longest knowledge entry, numbered, with its PowerShell in code blocks', () => {
    const longest = [...knowledgeIndex().entries].sort((a, b) => size(b) - size(a))[0];
    const message = renderDiagnosisBlocks(diagnosisOf(longest));
    expectWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    for (let i = 1; i <= longest.fix.length; i++) expect(text).toContain(`*${i}.*`);
    expect(text).not.toContain('```powershell');
    expect(text).not.toContain('more step(s)');
  });

  it('splits and trims an oversized entry, and links the full entry', () => {
    const step = `Run this:\n\`\`\`powershell\n${'Get-VMHost | Format-List *  # a long line of output to read\n'.repeat(120)}\`\`\``;
    const huge: KnowledgeEntry = {
      ...knowledgeIndex().entries[0], id: 'huge-entry', title: 'T'.repeat(400),
      cause: 'C'.repeat(7000), fix: Array.from({ length: 60 }, () => step), verify: 'V'.repeat(5000),
    };
    const message = renderDiagnosisBlocks(diagnosisOf(huge), { knowledgeUrl: 'https://git.example/kb/' });
    expectWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('more step(s) did not fit');
    expect(text).toContain('<https://git.example/kb/huge-entry.md|Full entry: huge-entry>');
    // every code block that was split is closed again
    for (const b of loose(message.blocks)) {
      if (b.type === 'section') expect((b.text?.text.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it('escapes names from the paste and directory findings, so nothing can ping or forge a link', () => {
    const entry = knowledgeIndex().entries.find((e) => e.adCheck) as KnowledgeEntry;
    const message = renderDiagnosisBlocks(diagnosisOf(entry, { source: '<!channel>', destination: '<@U0BOSS>', vm: '<!here>', hosts: [] }), {
      adCheck: {
        kind: 'result', hosts: ['HV01', 'HV02'], args: ['<!channel>', '<@U0BOSS>'], notFound: [],
        pair: { source: 'HV01', destination: 'HV02', verdict: 'fail', findings: [{ code: 'host-not-found', severity: 'fail', message: 'x <!everyone> <https://evil.example|bank>' }] },
      },
    });
    const json = JSON.stringify(message);
    for (const bad of HOSTILE) expect(json).not.toContain(bad);
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('fills placeholders with the names and writes a fallback text for notifications', () => {
    const entry = knowledgeIndex().entries.find((e) => e.id === 'credssp-double-hop') as KnowledgeEntry;
    const message = renderDiagnosisBlocks(diagnosisOf(entry, { source: 'HV11', destination: 'HV12', vm: 'WEB03', hosts: [] }));
    expect(JSON.stringify(message.blocks)).toContain("Move-VM -Name 'WEB03' -DestinationHost 'HV12'");
    expect(message.text).toBe(`lm-doctor: ${entry.title} (confidence 87%)`);
  });

  it('renders alternatives within limits', () => {
    const entries = knowledgeIndex().entries.slice(0, 5);
    expectWithinLimits(renderAlternativesBlocks('Also:', entries, { entry: entries[0].id, alternatives: [], names: {} }));
  });
});

async function reportFor(hostCount: number, broken: number[]): Promise<Report> {
  const names = Array.from({ length: hostCount }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const accounts = mesh(names);
  for (const i of broken) accounts[i] = computer(names[i]);
  return checkMigrationPairs({ hosts: names }, new InMemoryDirectory(accounts));
}

describe('renderReportBlocks', () => {
  it('shows a monospace matrix for up to 8 hosts, findings, and the fix script in a code block', async () => {
    const message = renderReportBlocks(await reportFor(3, [2]));
    expectWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/```\\nfrom \\\\ to\s+HV01\s+HV02\s+HV03/);
    expect(text).toContain('HV03 → HV01');
    expect(text).toContain('Add-LmDelegation');
    expect(message.text).toBe('AD delegation check: 2 failing, 0 with warnings, of 6 pair(s)');
  });

  it('summarises a 64-host report with the failing pairs and stays within limits', async () => {
    const message = renderReportBlocks(await reportFor(64, [5, 40]));
    expectWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('from \\\\ to');
    expect(text).toContain('64 hosts, 4032 ordered pairs: 126 failing');
    expect(text).toContain('HV06 → HV01');
    expect(text).toMatch(/and \d+ more pair/);
  });

  it('says all pairs are ready when nothing fails', async () => {
    const message = renderReportBlocks(await reportFor(2, []));
    expect(JSON.stringify(message.blocks)).toContain('All 2 ordered pairs are ready');
    expect(JSON.stringify(message.blocks)).not.toContain('Add-LmDelegation');
  });
});

describe('mrkdwn helpers', () => {
  it('escapes &, < and > so that no control sequence survives', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const e = escapeSlackText(s);
      expect(e).not.toMatch(/[<>]/);
      expect(e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(s);
    }));
  });

  it('never cuts an entity in half', () => {
    expect(truncateText('abc &amp; def', 6)).toBe('abc …');
    expect(truncateText('short', 10)).toBe('short');
  });

  it('turns knowledge Markdown into mrkdwn: bare fences, escaped placeholders, links and bold', () => {
    expect(markdownToMrkdwn('Run:\n   ```powershell\n   Get-X <source-host>\n   ```\n**now** [docs](https://learn.example/a?b=1&c=2)'))
      .toBe('Run:\n```\n   Get-X &lt;source-host&gt;\n```\n*now* <https://learn.example/a?b=1&amp;c=2|docs>');
  });

  it('splits long mrkdwn into chunks within the limit with balanced code fences', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ maxLength: 900 }).map((s) => `\`\`\`\n${s.replace(/`/g, '')}\n\`\`\``)), { maxLength: 30 }), (parts) => {
      const chunks = splitMrkdwn(parts.join('\n'), 500);
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(500);
        expect((c.match(/```/g) ?? []).length % 2).toBe(0);
      }
    }), { numRuns: 200 });
  });
});

describe('destructive steps', () => {
  test('a step\'s warning is shown, marked, before its command', () => {
    const entry = knowledgeIndex().entries.find((e) => e.fix.some((step) => step.includes('**Warning:**') && step.includes('```')));
    expect(entry).toBeDefined();
    const text = JSON.stringify(renderDiagnosisBlocks(diagnosisOf(entry as KnowledgeEntry)).blocks);
    const warning = text.indexOf(':warning: *Warning:*');
    expect(warning).toBeGreaterThan(-1);
    expect(text.indexOf('```', warning)).toBeGreaterThan(warning);
  });
});

describe('the /lm-check suggestion', () => {
  test('names a missing host as a placeholder, never as prose, and keeps the known one', async () => {
    const outcome = await checkPastePair({ source: 'HV12', hosts: ['HV12'] }, undefined);
    const text = JSON.stringify(renderAdOutcome(outcome));
    expect(text).toContain('/lm-check HV12 &lt;destination-host&gt;');
    expect(text).not.toMatch(/the (?:source|destination) host/);
  });

  test('a storage move asks for cifs too', async () => {
    expect(isStorageMove("Move-VM -Name SQL01 -DestinationHost HV02 -IncludeStorage -DestinationStoragePath D:\\VMs")).toBe(true);
    expect(isStorageMove('live migration of SQL01 to HV02 failed')).toBe(false);
    const outcome = await checkPastePair({ source: 'HV01', destination: 'HV02', hosts: ['HV01', 'HV02'] }, undefined, 1000, true);
    expect(outcome.args).toEqual(['HV01', 'HV02', '--storage']);
  });
});


describe('Slack-native text', () => {
  /** A line break in rendered prose that is not a paragraph, list, heading, warning or code boundary. */
  function hardWraps(mrkdwn: string): string[] {
    const prose = mrkdwn.replace(/```[\s\S]*?```/g, '\n\n');
    const lines = prose.split('\n');
    const out: string[] = [];
    for (let i = 1; i < lines.length; i++) {
      const [prev, line] = [lines[i - 1].trim(), lines[i].trim()];
      if (prev === '' || line === '') continue;
      if (/^\*[^*]+\*$/.test(prev) || /^(?:[-•*]\s|\*\d+\.\*|\d+\.\s|:warning:|>|\|)/.test(line)) continue;
      out.push(`${prev.slice(-40)} ⏎ ${line.slice(0, 40)}`);
    }
    return out;
  }

  test.each(knowledgeIndex().entries.filter((e) => !e.outOfScope).map((e) => [e.id, e] as const))('%s: no sentence is hard-wrapped', (_id, entry) => {
    const message = renderDiagnosisBlocks(diagnosisOf(entry, { source: 'HV01', destination: 'HV02', vm: 'SQL01', hosts: ['HV01', 'HV02'] }));
    const texts = message.blocks.flatMap((b) => ('text' in b && b.text && typeof b.text === 'object' && 'text' in b.text ? [String(b.text.text)] : []));
    expect(texts.flatMap(hardWraps)).toEqual([]);
  });

  test('the check itself catches a wrapped sentence', () => {
    expect(hardWraps('The hosts authenticate live migration with CredSSP, and the move\nwas started elsewhere.')).toHaveLength(1);
  });
});

test('"Matched" shows what matched in people\'s words, never a pattern\'s source', () => {
  const index = knowledgeIndex();
  for (const entry of index.entries.filter((e) => !e.outOfScope)) {
    const d = diagnosePaste(entry.examples[1] ?? entry.examples[0], index);
    if (!d.entry) continue;
    const text = JSON.stringify(renderDiagnosisBlocks({ ...d, entry: d.entry }).blocks);
    const matched = /Matched[^"]*?:([^"]*)/.exec(text)?.[1] ?? '';
    expect({ entry: entry.id, matched: /(?:^|[;,]\s*)\/.+\/(?:$|[;,])|\(\?[:<!=]|\\b|\[\^/.test(matched) }).toEqual({ entry: entry.id, matched: false });
  }
});
