import { extractNames } from '../../src/core/extract-names';

describe('extractNames', () => {
  test.each([
    [
      "Virtual machine migration operation for 'SQL01' failed at migration source 'HV01'.\nFailed to establish a connection with host 'HV02': No credentials",
      { vm: 'SQL01', source: 'HV01', destination: 'HV02' },
    ],
    ["Live migration of 'Virtual Machine ca01' failed.", { vm: 'ca01' }],
    ["failed at migration destination 'hv-prod-12'", { destination: 'hv-prod-12' }],
    ['The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host "NODE11": The target principal', { destination: 'NODE11' }],
    ['PS C:\\> Move-VM -Name web-fe-03 -DestinationHost HV04 -ComputerName HV03', { vm: 'web-fe-03', destination: 'HV04', source: 'HV03' }],
    ['PS C:\\> Move-VM sql02 HVN-08', { vm: 'sql02', destination: 'HVN-08' }],
    ["Move-ClusterVirtualMachineRole -Name 'SQL01' -Node NODE3", { vm: 'SQL01', destination: 'NODE3' }],
    ['cross-cluster live migration CLU8N1 -> NODE11 fails', { source: 'CLU8N1', destination: 'NODE11' }],
    ['moved APP01 from HV01 to HV02 fine', { source: 'HV01', destination: 'HV02' }],
    ["processor-specific features not supported on host 'S2D-N2'", { destination: 'S2D-N2' }],
  ])('%j', (text, expected) => {
    expect(extractNames(text)).toMatchObject(expected);
  });

  test('chat arrows between ordinary words are not hosts', () => {
    const names = extractNames('Settings -> Live Migrations -> Advanced');
    expect(names.source).toBeUndefined();
    expect(names.hosts).toEqual([]);
  });

  test('hosts lists source and destination once each', () => {
    expect(extractNames("failed at migration source 'HV01' ... with host 'hv01'").hosts).toEqual(['HV01']);
  });
});

describe('classes of text that are not names', () => {
  test.each([
    // Event Viewer's "Source:" field is the event's provider; "Computer:" says where it was logged, not the role.
    ['Log Name:      Microsoft-Windows-Hyper-V-VMMS-Admin\nSource:        Microsoft-Windows-Hyper-V-VMMS\nEvent ID:      21502\nComputer:      HV02.contoso.local\nDescription:\nLive migration of \'SQL01\' failed.', { vm: 'SQL01' }, ['source', 'destination']],
    ['Log Name: System\nSource: NETLOGON\nEvent ID: 5719\nLM from HV-PROD-03 failed right after', { source: 'HV-PROD-03' }, ['destination']],
    ['Source: Hyper-V-VMMS, event 20413', {}, ['source']],
    // A status code after an arrow is the outcome, not a host; a sentence's full stop is not part of a name.
    ['Move-VM from the mgmt server -> 0x8009030E. On the console it works', {}, ['source', 'destination']],
    ['Migration of VM \'APP7\' from HV01 to HV03.. fails with 0x8009030E', { vm: 'APP7', source: 'HV01', destination: 'HV03' }, []],
    ['live migration to hv02.contoso.local. failed', { destination: 'hv02.contoso.local' }, []],
    // A quoted "name" with no letter or digit is punctuation.
    ["Live migration of '..' failed.", {}, ['vm']],
  ] as const)('%j', (text, expected, absent) => {
    const names = extractNames(text);
    expect(names).toMatchObject(expected);
    for (const role of absent) expect(names[role]).toBeUndefined();
  });
});

describe('names from the issue reports', () => {
  test.each([
    ['Move-VM from HV01 to HV02 fails with 0x8009030E', { source: 'HV01', destination: 'HV02' }, ['vm']],
    ['Move-VM : Fehler beim Vorgang zur Migration des virtuellen Computers für "APP07" am Migrationsquellort "HV21".', { vm: 'APP07', source: 'HV21' }, ['destination']],
    ['Get-VMHost -ComputerName HV01, HV02 | Select-Object Name, VirtualMachineMigrationAuthenticationType', {}, ['source', 'destination', 'vm']],
    ['post-mortem: the move did fail with the usual error', {}, ['source', 'destination', 'vm']],
    ['The Virtual machine migration failed: Virtual machine could not be moved to the destination machine', {}, ['source', 'destination', 'vm']],
  ] as const)('%s', (text, expected, absent) => {
    const names = extractNames(text);
    expect(names).toMatchObject(expected);
    for (const role of absent) expect(names[role]).toBeUndefined();
  });

  test('a host is not its own destination', () => {
    const names = extractNames('LM from HV01 to hv01 fails');
    expect(names.source && names.destination).toBeUndefined();
  });
});
