import { buildFixScript } from './build-fix-script';
import type { Report } from './types';
import { UAC, hasFlag } from './uac-flags';

/**
 * The `--json` shape: `{hosts: [{input, name, found, enabled, dnsHostName, …}], pairs: [{source, destination,
 * verdict, findings: [{code, severity, message}]}], operator?, fixScript}`. Plain data for scripts and dashboards.
 */
export function reportToJson(report: Report): Record<string, unknown> {
  const hosts = report.hosts.map((h) => {
    const a = h.account;
    if (!a) return { input: h.input, name: h.name, found: false, enabled: false };
    return {
      input: h.input, name: h.name, found: true, enabled: h.enabled,
      sAMAccountName: a.sAMAccountName, dnsHostName: a.dnsHostName ?? null, objectSid: a.objectSid ?? null,
      operatingSystem: a.operatingSystem ?? null, operatingSystemVersion: a.operatingSystemVersion ?? null,
      userAccountControl: a.userAccountControl,
      protocolTransition: hasFlag(a.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION),
      unconstrainedDelegation: hasFlag(a.userAccountControl, UAC.TRUSTED_FOR_DELEGATION),
      allowedToDelegateTo: a.allowedToDelegateTo, rbcdAllowedSids: a.rbcdAllowedSids, servicePrincipalNames: a.servicePrincipalNames,
    };
  });
  const pairs = report.pairs.map((p) => ({
    source: p.source, destination: p.destination, verdict: p.verdict,
    findings: p.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
  }));
  const out: Record<string, unknown> = { hosts, pairs };
  if (report.operator) {
    const o = report.operator;
    out.operator = { input: o.input, found: o.found, sAMAccountName: o.account?.sAMAccountName ?? null,
      sensitive: o.account ? hasFlag(o.account.userAccountControl, UAC.NOT_DELEGATED) : null,
      protectedUsers: o.account?.protectedUsers ?? null, findings: o.findings };
  }
  out.fixScript = buildFixScript(report);
  return out;
}

export function renderReportJson(report: Report): string {
  return `${JSON.stringify(reportToJson(report), null, 2)}\n`;
}
