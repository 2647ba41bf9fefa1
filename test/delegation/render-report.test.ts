import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { renderReportJson } from '../../src/core/delegation/render-report-json';
import { renderMatrix, renderReportText } from '../../src/core/delegation/render-report-text';
import type { Report } from '../../src/core/delegation/types';
import { UAC_DISABLED, UAC_WORKSTATION, computer, delegationTo, mesh } from '../support/accounts';
import { InMemoryDirectory } from '../support/in-memory-directory';

async function sample(): Promise<Report> {
  const [a, b, c] = mesh(['HV01', 'HV02', 'HV03']);
  a.userAccountControl = UAC_WORKSTATION; // HV01 → * Kerberos only: warn
  c.userAccountControl = UAC_DISABLED; // HV03 disabled: every pair with it fails
  return checkMigrationPairs(parseLmCheckArgs('HV01 hv02 HV03 hv99'), new InMemoryDirectory([a, b, c, computer('HV07', { allowedToDelegateTo: delegationTo('HV01') })]));
}

describe('renderMatrix', () => {
  test('an N×N grid: a header, one row per source, "-" on the diagonal, each cell the pair verdict', async () => {
    const report = await sample();
    const rows = renderMatrix(report).map((r) => r.split(/\s{2,}/));
    const names = report.hosts.map((h) => h.name);
    expect(rows).toHaveLength(names.length + 1);
    expect(rows[0].slice(1)).toEqual(names);
    names.forEach((s, i) => {
      expect(rows[i + 1][0]).toBe(s);
      names.forEach((d, j) => {
        const pair = report.pairs.find((p) => p.source === s && p.destination === d);
        expect(rows[i + 1][j + 1].toLowerCase()).toBe(pair ? pair.verdict : '-');
      });
    });
  });
});

describe('renderReportText', () => {
  test('matrix, then every finding of every pair in plain words, then the fix script', async () => {
    const report = await sample();
    const text = renderReportText(report);
    const findingsAt = text.indexOf('Findings:');
    const scriptAt = text.indexOf('Fix script');
    expect(text.indexOf('from \\ to')).toBeLessThan(findingsAt);
    expect(findingsAt).toBeLessThan(scriptAt);
    for (const f of report.pairs.flatMap((p) => p.findings)) expect(text).toContain(f.message);
    expect(text).toContain('HV99  not found');
  });

  test('a clean mesh says so', async () => {
    const report = await checkMigrationPairs(parseLmCheckArgs('HV01 HV02'), new InMemoryDirectory(mesh(['HV01', 'HV02'])));
    expect(renderReportText(report)).toMatch(/Findings: none/);
  });
});

describe('renderReportJson', () => {
  test('the documented shape, names in upper case, the input kept as typed', async () => {
    const report = await sample();
    const json = JSON.parse(renderReportJson(report));
    expect(Object.keys(json).sort()).toEqual(['fixScript', 'hosts', 'pairs']);
    expect(json.hosts.map((h: { input: string }) => h.input)).toEqual(['HV01', 'hv02', 'HV03', 'hv99']);
    expect(json.hosts.map((h: { name: string }) => h.name)).toEqual(['HV01', 'HV02', 'HV03', 'HV99']);
    expect(json.hosts[3]).toEqual({ input: 'hv99', name: 'HV99', found: false, enabled: false });
    expect(json.hosts[2]).toMatchObject({ found: true, enabled: false, dnsHostName: 'hv03.contoso.local' });
    expect(json.pairs).toHaveLength(12);
    for (const p of json.pairs) {
      expect(Object.keys(p).sort()).toEqual(['destination', 'findings', 'source', 'verdict']);
      for (const f of p.findings) expect(Object.keys(f).sort()).toEqual(['code', 'message', 'severity']);
    }
    expect(json.fixScript).toMatch(/Add-LmDelegation|Enable-LmProtocolTransition/);
  });
});
