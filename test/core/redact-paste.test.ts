import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactPaste } from '../../src/core/redact-paste';
import { extractNames } from '../../src/core/extract-names';
import { normalizePaste } from '../../src/core/normalize-paste';
import { extractSignals } from '../../src/core/signals';
import { MAX_PASTE_CHARS } from '../../src/core/normalize-paste';

const FIXTURES = join(__dirname, '..', 'fixtures');

function pastes(): Array<{ id: string; text: string }> {
  const evalDir = join(FIXTURES, 'eval');
  const files = [
    ...readdirSync(evalDir).filter((n) => n.endsWith('.jsonl')).map((n) => join(evalDir, n)),
    join(FIXTURES, 'names', 'names.jsonl'),
  ];
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string }));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const survives = (name: string, text: string) =>
  new RegExp(String.raw`(?<![A-Za-z0-9_-])${escape(name)}(?![A-Za-z0-9_])`, 'i').test(text);
/** 0x codes and 4–5 digit numbers standing alone (event IDs, decimal Win32 codes), outside GUIDs and IPs. */
function codes(text: string): string[] {
  const bare = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
  return [...bare.matchAll(/0x[0-9a-f]{4,8}\b|(?<![\w.:\\/-])\d{4,5}(?![\w.:\\/-])/gi)].map((m) => m[0].toLowerCase());
}

/**
 * What extractNames returns that is not a name: an event's "Source:" provider (Microsoft-Windows-Hyper-V-VMMS), text
 * without a letter (a date, ".."), an error code taken after "->" ("-> 0x8009030E.") and a name already spelt like its
 * placeholder ("VM1").
 */
const isName = (n: string | undefined): n is string =>
  !!n && /[A-Za-z]/.test(n) && !/^Microsoft-Windows-/i.test(n) && !/^0x[0-9a-f]+$/i.test(n) && !/^(?:HOST|VM|USER|DOMAIN|IP|GUID|EMAIL)\d+$/i.test(n);

describe('redactPaste on every eval and names paste', () => {
  const all = pastes();

  test('no host or VM name that extractNames finds survives; codes and event IDs all stay', () => {
    let checked = 0;
    const leaks: string[] = [];
    const lost: string[] = [];
    for (const { id, text } of all) {
      const found = extractNames(normalizePaste(text).plain);
      const { text: redacted } = redactPaste(text);
      for (const name of new Set([found.source, found.destination, found.vm, ...found.hosts].filter(isName))) {
        checked++;
        for (const part of new Set([name, name.split('.')[0]])) if (survives(part, redacted)) leaks.push(`${id}: ${part}`);
      }
      const after = new Set(codes(redacted));
      // Digits inside a name ('SQL 2019 Test') go with the name.
      const unnamed = [found.vm, ...found.hosts].filter(isName).reduce((t, n) => t.split(n).join(' '), text);
      for (const c of codes(unnamed)) if (!after.has(c)) lost.push(`${id}: ${c}`);
    }
    console.info(`redaction: ${checked} names checked in ${all.length} pastes`);
    expect(checked).toBeGreaterThan(300);
    expect(leaks).toEqual([]);
    expect(lost).toEqual([]);
  });
});

describe('redactPaste', () => {
  test.each([
    ["Virtual machine migration operation for 'SQL07' failed at migration source 'HV21'. Failed to establish a connection with host 'HV22': No credentials are available in the security package (0x8009030E).",
      "Virtual machine migration operation for 'VM1' failed at migration source 'HOST1'. Failed to establish a connection with host 'HOST2': No credentials are available in the security package (0x8009030E)."],
    ['Move-VM -Name app14 -DestinationHost HV-N4.contoso.local -ComputerName HV-N3', 'Move-VM -Name VM1 -DestinationHost HOST1.DOMAIN1 -ComputerName HOST2'],
    ['ping 10.0.0.17 and 10.0.0.17 again, then fe80::1c2d:3e4f:5a6b:7c8d%12', 'ping IP1 and IP1 again, then IP2IP3'],
    ['VM ID {3F2A8C1D-5B6E-4F70-9A21-7C3D4E5F6A7B} event 21502', 'VM ID GUID1 event 21502'],
    ['logged on as CONTOSO\\svc-lm, mail jane.doe@contoso.com', 'logged on as DOMAIN1\\USER1, mail EMAIL1'],
    ['kinit svc-lm@CORP', 'kinit USER1@DOMAIN1'],
    ['path \\\\fs01\\vmstore$\\SQL07\\disk.vhdx and \\\\fs01\\C$', 'path \\\\HOST1\\share1\\SQL07\\disk.vhdx and \\\\HOST1\\C$'],
    ["the computer 'HV-A' and the VM \"Web Front 2\" rebooted", "the computer 'HOST1' and the VM \"VM1\" rebooted"],
    ['Get-ClusterNode -Name node3 | Suspend-ClusterNode -Drain', 'Get-ClusterNode -Name HOST1 | Suspend-ClusterNode -Drain'],
    ['SPN Microsoft Virtual System Migration Service/HV02 is missing', 'SPN Microsoft Virtual System Migration Service/HOST1 is missing'],
    ['Computer: HV07.lab.example.com\nUser: jdoe', 'Computer: HOST1.DOMAIN1\nUser: USER1'],
    ['NT VIRTUAL MACHINE\\Virtual Machines lacks rights on C:\\ClusterStorage\\Volume1', 'NT VIRTUAL MACHINE\\Virtual Machines lacks rights on C:\\ClusterStorage\\Volume1'],
    ['at 10:39:21 the HRESULT -2147024891 and [Math]::Abs(3) in System.IO.IOException', 'at 10:39:21 the HRESULT -2147024891 and [Math]::Abs(3) in System.IO.IOException'],
    ['thanks <@U04ABC123|alice>', 'thanks <@USER1>'],
    ['User:          NT VIRTUAL MACHINE\\3F2A8C1D-5B6E-4F70-9A21-7C3D4E5F6A7B', 'User:          NT VIRTUAL MACHINE\\GUID1'],
    ['see https://learn.microsoft.com/en-us/x and git clone https://git.corp.example.com/infra/lm.git', 'see https://learn.microsoft.com/en-us/x and git clone https://HOST1.DOMAIN1/infra/lm.git'],
  ])('%s', (input, expected) => {
    expect(redactPaste(input).text).toBe(expected);
  });

  test('a paste at the size limit is redacted quickly, and a longer one is cut to the limit', () => {
    const longest = pastes().map((x) => x.text).sort((a, b) => b.length - a.length)[0];
    const big = `${longest}\n`.repeat(Math.ceil((MAX_PASTE_CHARS + 1000) / (longest.length + 1)));
    const started = performance.now();
    const r = redactPaste(big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.text.length).toBeLessThan(MAX_PASTE_CHARS + 1000);
  });

  test('control characters used as markers inside the redaction cannot be smuggled in', () => {
    expect(redactPaste('a \u00010\u0001 b HV01 -> HV02').text).toBe('a  0  b HOST1 -> HOST2');
  });

  test('the same name gets the same placeholder, and counts say how many of each kind', () => {
    const r = redactPaste("LM from HV01 to HV02 fails; HV01 logs 'HV02' refused (0x80090322)");
    expect(r.text).toBe("LM from HOST1 to HOST2 fails; HOST1 logs 'HOST2' refused (0x80090322)");
    expect(r.counts).toEqual({ HOST: 2 });
  });

  test('a redacted paste gives the matcher the same codes and wording', () => {
    const paste = "Event 20306: Failed to establish a connection with host 'HV22.contoso.local': No credentials are available in the security package (0x8009030E).";
    const before = extractSignals(paste, new Set([20306]));
    const after = extractSignals(redactPaste(paste).text, new Set([20306]));
    expect([after.codes, after.eventIds]).toEqual([before.codes, before.eventIds]);
    expect(after.text).toContain('no credentials are available in the security package (0x8009030e)');
  });
});
