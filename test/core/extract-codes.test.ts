import fc from 'fast-check';
import { canonicalCode, extractCodes, extractEventIds, parseCode, win32Twin } from '../../src/core/extract-codes';
import { extractSignals } from '../../src/core/signals';

describe('extractCodes', () => {
  test.each([
    ['Failed ... security package (0x8009030E).', '0x8009030E'],
    ['lower case 0x8009030e works', '0x8009030E'],
    ['bare 8009030E pasted from err.exe', '0x8009030E'],
    ['hr=-2146893042 in the log', '0x8009030E'],
    ['NTSTATUS 0xC03A0014 from vhdmp', '0xC03A0014'],
    ['error 80070534 in Hyper-V-VMMS operational', '0x80070534'],
    ['short Win32 form (0x000013AB)', '0x000013AB'],
    ['short Win32 form 0x13AB', '0x000013AB'],
    ['Win32 decimal: error 10061', '0x0000274D'],
  ])('finds the code in %j', (text, code) => {
    expect(extractCodes(text).codes).toContain(code);
  });

  test('adds the HRESULT_FROM_WIN32 twin of a Win32 code and back', () => {
    expect(extractCodes('0x800713AB').codes).toEqual(expect.arrayContaining(['0x800713AB', '0x000013AB']));
    expect(win32Twin('0x0000274D')).toBe('0x8007274D');
    expect(win32Twin('0x8009030E')).toBeUndefined();
  });

  test.each([
    ['Virtual machine ID 8A2F9C1E-77B1-4C1D-9E2A-3D1F6C0B8A11'],
    ['port 6600 and 443, build 20348'],
    ['timestamp 1732550400 and -5 degrees'],
  ])('does not take GUID parts or plain numbers for codes: %j', (text) => {
    expect(extractCodes(text).codes).toEqual([]);
  });

  test('symbolic names are kept as written', () => {
    expect(extractCodes('SEC_E_NO_CREDENTIALS and WSAECONNREFUSED').symbols).toEqual(['SEC_E_NO_CREDENTIALS', 'WSAECONNREFUSED']);
  });

  test('parseCode round-trips every signed 32-bit failure value', () => {
    fc.assert(fc.property(fc.integer({ min: -2147483648, max: -268435456 }), (n) => {
      const hex = canonicalCode(n);
      expect(parseCode(String(n))).toBe(hex);
      expect(parseCode(hex.toLowerCase())).toBe(hex);
      expect(extractCodes(`failed with ${n}.`).codes).toContain(hex);
      expect(extractCodes(`failed (${hex}).`).codes).toContain(hex);
    }), { numRuns: 2000 });
  });
});

describe('extractEventIds', () => {
  const known = new Set([21502, 20417, 5120]);
  test.each([
    ['Event ID:      21502', 21502],
    ['EventID 21502', 21502],
    ['EventID=5120', 5120],
    ['Id          : 20417', 20417],
    ['Error\t11/27/2024 9:22:26 AM\tMicrosoft-Windows-Hyper-V-High-Availability\t21502\tNone', 21502],
    ['20417 warnings on every LM tonight', 20417],
  ])('finds the event in %j', (text, id) => {
    expect(extractEventIds(text, known)).toContain(id);
  });

  test('a bare number that is no known event is ignored', () => {
    expect(extractEventIds('moved 4096 MB in 1200 ms', known)).toEqual([]);
  });
});

describe('extractSignals on Slack formatting', () => {
  test('decodes entities, links and code fences', () => {
    const s = extractSignals('```Move-VM : failed &amp; &lt;0x8009030E&gt;```\n> see <https://learn.microsoft.com/x|the docs> or <mailto:ops@example.com|ops@example.com>');
    expect(s.codes).toContain('0x8009030E');
    expect(s.text).toContain('failed & <0x8009030e>');
    expect(s.text).toContain('see the docs or ops@example.com');
    expect(s.text).not.toContain('```');
  });

  test('folds smart quotes so phrases match', () => {
    expect(extractSignals('with host \u2018HV02\u2019').names.destination).toBe('HV02');
  });
});
