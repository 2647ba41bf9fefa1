import { type FixPlan, planFixes } from './plan-fixes';
import type { Report } from './types';

/** A PowerShell single-quoted literal (PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as quotes). */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Keeps directory-supplied text inside a comment line. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u2028\u2029]/g, ' ');

/** Guarded helpers: each re-reads the account and changes only what is still missing. */
const HELPERS = [
  'function Add-LmDelegation([string]$Identity, [string[]]$Services) {',
  "  $have = @((Get-ADComputer -Identity $Identity -Properties 'msDS-AllowedToDelegateTo').'msDS-AllowedToDelegateTo')",
  '  $missing = @($Services | Where-Object { $have -notcontains $_ })  # -notcontains compares case-insensitively',
  '  if ($missing.Count -eq 0) { Write-Host "${Identity}: delegation list already complete"; return }',
  "  Set-ADComputer -Identity $Identity -Add @{ 'msDS-AllowedToDelegateTo' = [string[]]$missing }",
  '  Write-Host "${Identity}: added $($missing -join \', \')"',
  '}',
  'function Add-LmRbcdPrincipal([string]$Identity, [string[]]$Principals) {',
  "  $computer = Get-ADComputer -Identity $Identity -Properties 'PrincipalsAllowedToDelegateToAccount'",
  '  $current = @($computer.PrincipalsAllowedToDelegateToAccount | Where-Object { $_ } | ForEach-Object { Get-ADComputer -Identity $_ })',
  '  $missing = @($Principals | Where-Object { ($current.SamAccountName) -notcontains $_ })',
  '  if ($missing.Count -eq 0) { Write-Host "${Identity}: already allows $($Principals -join \', \')"; return }',
  '  Set-ADComputer -Identity $Identity -PrincipalsAllowedToDelegateToAccount (@($current) + @($missing | ForEach-Object { Get-ADComputer -Identity $_ }))',
  '  Write-Host "${Identity}: now allows $($missing -join \', \')"',
  '}',
  'function Enable-LmProtocolTransition([string]$Identity) {',
  '  $computer = Get-ADComputer -Identity $Identity -Properties TrustedToAuthForDelegation',
  '  if ($computer.TrustedToAuthForDelegation) { Write-Host "${Identity}: already uses any authentication protocol"; return }',
  '  Set-ADAccountControl -Identity $computer -TrustedToAuthForDelegation $true',
  '  Write-Host "${Identity}: set \'Use any authentication protocol\' (protocol transition)"',
  '}',
];

/** What one msDS-AllowedToDelegateTo value lets the source do, for the comment above it. */
function grantMeaning(value: string, source: string): string {
  const [service, host] = value.split('/');
  if (service.toLowerCase() === 'cifs') return `${source} may open files on ${host}'s SMB shares as the user who starts the move (storage moves, SMB-stored VMs)`;
  return `${source} may authenticate live migrations to ${host} as the user who starts the move`;
}

/** The script's header lines that say what it grants and what it leaves out. */
function scopeLines(plan: FixPlan): string[] {
  const s = plan.scope;
  const out = [
    `# Scope: ${s.mode === 'rbcd' ? 'resource-based constrained delegation, set on each destination' : 'constrained delegation, set on each source'}; ` +
      `migration service${s.storage ? ' and cifs (storage moves)' : ' only (add --storage for storage moves)'}` +
      `${s.fileServers.length ? `; cifs to the file servers ${s.fileServers.map(oneLine).join(', ')}` : ''}.`,
    '',
  ];
  return out;
}

/** Renders a plan as a PowerShell script for the ActiveDirectory module. Idempotent when run twice. */
export function renderFixScript(plan: FixPlan): string {
  const lines = [
    '# lm-doctor fix script: Kerberos constrained delegation for Hyper-V live migration',
    `# Hosts: ${plan.hosts.join(', ')}`,
    '# Run as a Domain Admin on a machine with the ActiveDirectory PowerShell module (RSAT).',
    '# Safe to run twice: it adds only values that are still missing.',
    '#Requires -Modules ActiveDirectory',
    "$ErrorActionPreference = 'Stop'",
    '',
    ...HELPERS,
    '',
  ];
  lines.push(...scopeLines(plan));
  if (plan.sources.length === 0 && plan.rbcd.length === 0) lines.push('# Nothing to change in the delegation settings.');
  for (const s of plan.sources) {
    lines.push(`# ${s.name}`);
    if (s.add.length > 0) {
      // One comment per service and host, whatever the name forms.
      const grants = [...new Set(s.add.map((v) => { const [service, host] = v.split('/'); return `${service}/${host.split('.')[0].toUpperCase()}`; }))];
      lines.push(...grants.map((v) => `#   ${oneLine(v)}: ${grantMeaning(v, s.name)}`));
      lines.push(`Add-LmDelegation ${psQuote(s.identity)} @(`, ...s.add.map((v) => `  ${psQuote(v)}`), ')');
    }
    if (s.protocolTransition) {
      lines.push(`#   "Use any authentication protocol": SYSTEM on ${s.name} may get tickets to the services above for any user not marked sensitive (needed when moves are started remotely)`);
      lines.push(`Enable-LmProtocolTransition ${psQuote(s.identity)}`);
    }
  }
  for (const r of plan.rbcd) {
    lines.push(`# ${oneLine(r.name)}: resource-based delegation; ${r.principals.map(oneLine).join(', ')} may then act for users on every service of ${oneLine(r.name)}`);
    lines.push(`Add-LmRbcdPrincipal ${psQuote(r.identity)} @(${r.principals.map(psQuote).join(', ')})`);
  }
  if (plan.manual.length > 0) {
    lines.push('', '# Review before running (not applied by this script):');
    for (const m of plan.manual) lines.push(`# ${oneLine(m.command)}    # ${oneLine(m.reason)}`);
  }
  const hosts = plan.foundHosts.map(psQuote).join(', ');
  lines.push(
    '',
    '# On every host, after AD replication: purge the SYSTEM ticket cache (or wait up to 15 minutes) and use Kerberos:',
    `#   Invoke-Command -ComputerName ${hosts} -ScriptBlock {`,
    '#     klist purge -li 0x3e7',
    '#     Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos',
    '#   }',
  );
  return `${lines.join('\n')}\n`;
}

/** The PowerShell that fixes what the report found (see planFixes for what it includes). */
export function buildFixScript(report: Report): string {
  return renderFixScript(planFixes(report));
}
