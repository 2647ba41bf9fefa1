import { isSourceCode, stripSourceCode } from '../../src/core/strip-source-code';

describe('isSourceCode', () => {
  test.each([
    ['a PowerShell function', 'function Test-Lm {\n  param($Dest)\n  if (-not (Test-NetConnection $Dest -Port 6600)) {\n    Write-Host "ERROR: 6600 closed"\n  }\n}'],
    ['a lookup table', "$known = @{\n  '0x8009030E' = 'CredSSP'\n  '0x80090322' = 'SPN'\n}"],
    ['an alert rule', '- alert: LiveMigrationFailed\n  expr: increase(events{id="21502"}[5m]) > 0\n  labels: {severity: page}'],
    ['a markdown table', '| symptom | check |\n|---|---|\n| target principal name is incorrect | setspn -X |'],
  ])('%s is code', (_name, text) => {
    expect(isSourceCode(text)).toBe(true);
  });

  test.each([
    ['Move-VM error output', "PS C:\\> Move-VM SQL01 HV02\nMove-VM : Virtual machine migration operation for 'SQL01' failed at migration source 'HV01'.\n    + CategoryInfo          : NotSpecified"],
    ['Format-List output', 'PS> Get-ADComputer HV02 | fl\nName                       : HV02\nTrustedToAuthForDelegation : False'],
    ['an event', 'Log Name:      System\nEvent ID:      5120\nDescription:\nCluster Shared Volume ... is no longer available'],
    ['one line', '$x = 1'],
  ])('%s is not code', (_name, text) => {
    expect(isSourceCode(text)).toBe(false);
  });
});

describe('stripSourceCode', () => {
  test('drops a fenced script but keeps the chat around it and fenced error output', () => {
    const text = "look:\n```powershell\n$dest = 'HV02'\nif ($x) {\n  Write-Host 'No credentials are available'\n}\n```\nand the real error:\n```\nMove-VM : failed at migration source 'HV01'\n```";
    const out = stripSourceCode(text);
    expect(out).not.toContain('No credentials are available');
    expect(out).toContain('look:');
    expect(out).toContain("failed at migration source 'HV01'");
  });

  test('an unfenced paste that is all code becomes empty', () => {
    expect(stripSourceCode("$known = @{\n  '0x8009030E' = 'CredSSP'\n}").trim()).toBe('');
  });
});
