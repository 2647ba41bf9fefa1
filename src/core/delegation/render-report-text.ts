import { buildFixScript } from './build-fix-script';
import { UAC, hasFlag } from './uac-flags';
import type { ComputerAccount, HostResult, Report, Verdict } from './types';

const LABEL: Record<Verdict, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL' };

function delegationKind(a: ComputerAccount): string {
  if (hasFlag(a.userAccountControl, UAC.TRUSTED_FOR_DELEGATION)) return 'unconstrained delegation';
  if (a.allowedToDelegateTo.length === 0) return a.rbcdAllowedSids.length > 0 ? 'no constrained delegation (RBCD target)' : 'no constrained delegation';
  return hasFlag(a.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? 'constrained, any protocol' : 'constrained, Kerberos only';
}

function hostLine(h: HostResult): string {
  if (!h.account) return `  ${h.name}  not found in AD`;
  const a = h.account;
  const os = [a.operatingSystem, a.operatingSystemVersion && `(${a.operatingSystemVersion})`].filter(Boolean).join(' ');
  return `  ${h.name}  ${a.dnsHostName ?? '(no dNSHostName)'}  ${h.enabled ? 'enabled' : 'DISABLED'}  ${delegationKind(a)}${os ? `  ${os}` : ''}`;
}

/** The N×N verdict matrix: rows are sources, columns destinations. */
export function renderMatrix(report: Report): string[] {
  const names = report.hosts.map((h) => h.name);
  const verdict = new Map(report.pairs.map((p) => [`${p.source}\u0000${p.destination}`, p.verdict]));
  const head = 'from \\ to';
  const first = Math.max(head.length, ...names.map((n) => n.length));
  const cell = (n: string) => Math.max(4, n.length);
  const rows = [`${head.padEnd(first)}  ${names.map((n) => n.padEnd(cell(n))).join('  ')}`.trimEnd()];
  for (const s of names) {
    const cells = names.map((d) => (s === d ? '-' : LABEL[verdict.get(`${s}\u0000${d}`) ?? 'ok']).padEnd(cell(d)));
    rows.push(`${s.padEnd(first)}  ${cells.join('  ')}`.trimEnd());
  }
  return rows;
}

/** Plain-text report: summary, matrix, hosts, findings per pair in plain words, then the fix script. */
export function renderReportText(report: Report, options: { fixScript?: boolean } = {}): string {
  const count = (v: Verdict) => report.pairs.filter((p) => p.verdict === v).length;
  const lines = [
    `Live migration delegation check: ${report.hosts.length} hosts, ${report.pairs.length} ordered pairs ` +
      `(${count('fail')} fail, ${count('warn')} warn, ${count('ok')} ok)`,
    '',
    ...renderMatrix(report),
    '',
    'Hosts:',
    ...report.hosts.map(hostLine),
  ];
  const withFindings = report.pairs.filter((p) => p.findings.length > 0);
  lines.push('', withFindings.length > 0 ? 'Findings:' : 'Findings: none, every pair is ready for Kerberos live migration.');
  for (const p of withFindings) {
    lines.push(`  ${p.source} -> ${p.destination}: ${LABEL[p.verdict]}`);
    for (const f of p.findings) lines.push(`    - ${f.severity} ${f.code}: ${f.message}`);
  }
  if (report.operator) {
    const o = report.operator;
    lines.push('', `Operator ${o.input}: ${o.findings.length === 0 ? 'can be delegated' : ''}`.trimEnd());
    for (const f of o.findings) lines.push(`    - ${f.severity} ${f.code}: ${f.message}`);
  }
  if (options.fixScript !== false) lines.push('', 'Fix script (PowerShell):', '', buildFixScript(report).trimEnd());
  return `${lines.join('\n')}\n`;
}
