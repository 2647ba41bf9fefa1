/**
 * Replies an admin can run as printed: every entry's Fix and Verify, rendered for a paste with FQDNs, one with short
 * names and one with no names, has code blocks that parse as PowerShell with zero errors, no unfilled placeholder,
 * no prose inside code, and no FQDN handed to an AD cmdlet as its identity. The /lm-check fix script too.
 */
import { fillPlaceholders } from '../../src/core/fill-placeholders';
import type { ExtractedNames } from '../../src/core/types';
import { buildFixScript } from '../../src/core/delegation/build-fix-script';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { knowledgeIndex } from '../support/knowledge-index';
import { powershellParser } from '../support/powershell-parser';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { DOMAIN, UAC_UNCONSTRAINED, computer, delegationTo } from '../support/accounts';

const PASTES: Record<string, ExtractedNames> = {
  fqdn: { source: 'hv09.corp.contoso.com', destination: 'hv10.corp.contoso.com', vm: 'SQL-PRD-07', hosts: ['hv09.corp.contoso.com', 'hv10.corp.contoso.com'] },
  short: { source: 'HV01', destination: 'HV02', vm: 'web01', hosts: ['HV01', 'HV02'] },
  none: { hosts: [] },
};
const PROSE = /\b(?:the (?:source|destination) host|the VM)\b/i;
/** A missing name left bare in code: PowerShell reads `<` as a reserved operator, so it must sit inside quotes. */
const BARE_PLACEHOLDER = /<(?:source-host|destination-host|vm-name)>/g;

/** The placeholders of a code block that are outside every quoted string (scanned line by line). */
function barePlaceholders(block: string): string[] {
  const out: string[] = [];
  for (const line of block.split('\n')) {
    const quotedAt = new Array<boolean>(line.length).fill(false);
    let quote = '';
    let comment = line.length;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        quotedAt[i] = true;
        if (c === quote) quote = '';
      } else if (c === "'" || c === '"') {
        quote = c;
        quotedAt[i] = true;
      } else if (c === '#') {
        comment = i;
        break;
      }
    }
    for (const m of line.matchAll(BARE_PLACEHOLDER)) if (m.index < comment && !quotedAt[m.index]) out.push(m[0]);
  }
  return out;
}

/** Code without its comments: a comment may speak of "the VM". */
const withoutComments = (block: string) => block.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '$1')).join('\n');
/** An AD cmdlet given a DNS name as its identity fails: identities are names, DNs, GUIDs or SIDs. */
const FQDN_IDENTITY = /\b(?:Get|Set)-AD(?:Computer|Object)\s+(?:-Identity\s+)?'[^'\s]*\.[^'\s]*'/i;

const entries = knowledgeIndex().entries.filter((e) => !e.outOfScope);
const codeBlocks = (markdown: string) => [...markdown.matchAll(/```(?:powershell|ps1)?\n([\s\S]*?)```/g)].map((m) => m[1]);
const inlineCode = (markdown: string) => [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

let parse: (source: string) => string[];
beforeAll(async () => {
  parse = await powershellParser();
});

describe.each(Object.entries(PASTES))('rendered for a paste with %s names', (_kind, names) => {
  test.each(entries.map((e) => [e.id, e] as const))('%s: every code block runs as printed', (_id, entry) => {
    const text = [...entry.fix, entry.verify].map((t) => fillPlaceholders(t, names)).join('\n\n');
    const problems: string[] = [];
    for (const block of codeBlocks(text)) {
      for (const error of parse(block)) problems.push(`parse ${error}`);
      if (/\{\{/.test(block)) problems.push(`unfilled placeholder in: ${block.slice(0, 80)}`);
      if (PROSE.test(withoutComments(block))) problems.push(`prose inside code: ${withoutComments(block).match(PROSE)![0]}`);
      for (const bare of barePlaceholders(block)) problems.push(`placeholder outside quotes: ${bare}`);
      if (FQDN_IDENTITY.test(block)) problems.push(`FQDN as an AD identity: ${block.match(FQDN_IDENTITY)![0]}`);
    }
    for (const code of inlineCode(text)) {
      if (/\{\{/.test(code) || PROSE.test(code)) problems.push(`placeholder or prose in inline code: ${code}`);
    }
    expect(problems).toEqual([]);
  });
});

test('the parser catches broken PowerShell (the check can fail)', () => {
  expect(parse("Set-VMHost -ComputerName 'a','b' -Foo (")).not.toEqual([]);
  expect(parse("Move-VM -Name 'x -DestinationHost 'HV02'")).not.toEqual([]);
  expect(parse('Invoke-Command -ComputerName HV01 -ScriptBlock { klist purge -li 0x3e7')).not.toEqual([]);
  expect(barePlaceholders("Move-VM -Name 'x' -DestinationHost <destination-host>")).toEqual(['<destination-host>']);
  expect(barePlaceholders("Test-VHD -Path 'D:\\VMs\\<vm-name>\\disk.vhdx'")).toEqual([]);
  expect(parse("Move-VM -Name 'x' -DestinationHost '<destination-host>'")).toEqual([]);
});

test('the /lm-check fix script parses as PowerShell, for short names and FQDNs', async () => {
  const accounts = [
    computer('HV01', { allowedToDelegateTo: delegationTo('HV02') }),
    computer('HV02'),
    computer('HV03', { userAccountControl: UAC_UNCONSTRAINED }),
    computer('HV05'),
  ];
  for (const hosts of [['HV01', 'HV02', 'HV03', 'HV05', 'HV99'], ['hv01.' + DOMAIN, 'hv02.' + DOMAIN, 'HV03']]) {
    const report = await checkMigrationPairs(parseLmCheckArgs(hosts), new InMemoryDirectory(accounts));
    const script = buildFixScript(report);
    expect(script).toMatch(/Set-ADComputer|Set-ADAccountControl/);
    expect(parse(script)).toEqual([]);
    expect(FQDN_IDENTITY.test(script)).toBe(false);
  }
});
