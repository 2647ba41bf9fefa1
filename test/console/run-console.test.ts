/**
 * The console reads pastes the way people copy them: an Event Viewer, Failover Cluster Manager or
 * `Get-WinEvent | Format-List` copy has single blank lines inside; two empty lines (or the end of input) end a paste.
 */
import { PassThrough } from 'node:stream';
import { runConsole } from '../../src/console/run-console';

async function pastesOf(input: string): Promise<string[]> {
  const stream = new PassThrough();
  stream.end(input);
  const pastes: string[] = [];
  await runConsole({ input: stream, write: () => undefined, onPaste: (p) => { pastes.push(p); return ''; } });
  return pastes;
}

const EVENT_VIEWER = [
  'Log Name:      Microsoft-Windows-Hyper-V-High-Availability-Admin',
  'Source:        Microsoft-Windows-Hyper-V-High-Availability',
  'Event ID:      21502',
  'Level:         Error',
  'Computer:      HV01.corp.contoso.com',
  'Description:',
  "Live migration of 'Virtual Machine APP07' failed.",
  '',
  "Virtual machine migration operation for 'APP07' failed at migration source 'HV01'.",
  '',
  "Failed to establish a connection with host 'HV02': No credentials are available in the security package (0x8009030E).",
].join('\n');

test('an Event Viewer copy with blank lines is one paste, names and all', async () => {
  const pastes = await pastesOf(`${EVENT_VIEWER}\n\n\n`);
  expect(pastes).toEqual([EVENT_VIEWER]);
});

test('two empty lines end a paste; the next one starts after them', async () => {
  const pastes = await pastesOf(`first paste\n\n\nsecond paste\nline two\n\n\nthird at end of input`);
  expect(pastes).toEqual(['first paste', 'second paste\nline two', 'third at end of input']);
});

test('/lm-check at the start of a paste is a command, inside a paste it is text', async () => {
  const stream = new PassThrough();
  stream.end('/lm-check HV01 HV02\nan error\n/lm-check inside\n\n\n');
  const checks: string[] = [];
  const pastes: string[] = [];
  await runConsole({
    input: stream, write: () => undefined, onPaste: (p) => { pastes.push(p); return ''; },
    onCheck: async (args) => { checks.push(args); return ''; },
  });
  expect(checks).toEqual(['HV01 HV02']);
  expect(pastes).toEqual(['an error\n/lm-check inside']);
});
