import { cleanOcrText } from '../../src/ocr/clean-ocr-text';
import { findErrorLine } from '../../src/core/error-line';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { knowledgeIndex } from '../support/slack-test-app';

describe('cleanOcrText', () => {
  test.each([
    ['O read for 0 in a code', 'security package (0x80O9030E).', 'security package (0x8009030E).'],
    ['the 0x prefix read as Ox', 'failed (Ox8009030E)', 'failed (0x8009030E)'],
    ['l and I read for 1', 'Error Code: 0x80O7l398 and 0x8007I38D', 'Error Code: 0x80071398 and 0x8007138D'],
    ['lower-case hex upper-cased', '(0x8007274c)', '(0x8007274C)'],
    ['a leading 8 read as B', '(0xB009030E).', '(0x8009030E).'],
    ['0x read as 01 before an HRESULT', 'are skewed. (0180090324).', 'are skewed. (0x80090324).'],
    ['host names with O for 0', "host 'HVO1' and 'SQLO1'", "host 'HV01' and 'SQL01'"],
    ['text-box borders', '| Live migration failed. |', 'Live migration failed.'],
  ])('repairs %s', (_name, raw, clean) => {
    expect(cleanOcrText(raw)).toBe(clean);
  });

  test.each([
    ['words that look like codes', 'the oxalis and Oxford are fine', 'the oxalis and Oxford are fine'],
    ['a code with a real D', '(0x8007138D)', '(0x8007138D)'],
    ['decimal codes', 'error -2146893042', 'error -2146893042'],
    ['names that end in O', 'HELLO world, VM PORTO2X', 'HELLO world, VM PORTO2X'],
  ])('leaves %s alone', (_name, raw, clean) => {
    expect(cleanOcrText(raw)).toBe(clean);
  });

  it('joins lines a dialog wrapped mid-sentence and keeps paragraphs apart', () => {
    const raw = [
      "Virtual machine migration operation for 'WEB03' failed at migration source",
      "'HV11'. (Virtual machine ID 0B7A4E21)",
      '',
      "Failed to establish a connection with host 'HV12': No credentials are",
      'available in the security package (0x8009030E).',
      'Close',
    ].join('\n');
    expect(cleanOcrText(raw).split('\n')).toEqual([
      "Virtual machine migration operation for 'WEB03' failed at migration source 'HV11'. (Virtual machine ID 0B7A4E21)",
      '',
      "Failed to establish a connection with host 'HV12': No credentials are available in the security package (0x8009030E).",
      'Close',
    ]);
  });

  it('drops lines of frame debris and collapses blank runs', () => {
    expect(cleanOcrText('Event Viewer\n—\n|\n\n\n\nGeneral  Details\r\n')).toBe('Event Viewer\n\nGeneral Details');
  });
});

describe('findErrorLine', () => {
  const text = [
    'Hyper-V Manager',
    'An error occurred while attempting to move the virtual machine.',
    "Virtual machine migration operation for 'WEB03' failed at migration source 'HV11'.",
    "Failed to establish a connection with host 'HV12': No credentials are available in the security package (0x8009030E).",
    'Close',
  ].join('\n');

  it('picks the line with the code and the phrase', () => {
    const d = diagnosePaste(text, knowledgeIndex());
    expect(d.entry?.id).toBe('credssp-double-hop');
    expect(findErrorLine(text, d)).toBe(text.split('\n')[3]);
  });

  it('returns nothing without a diagnosis', () => {
    const d = diagnosePaste('Recycle Bin\nThis PC', knowledgeIndex());
    expect(findErrorLine('Recycle Bin\nThis PC', d)).toBeUndefined();
  });

  it('cuts very long lines', () => {
    const long = `Move-VM live migration to HV02 failed: ${'x'.repeat(400)} No credentials are available in the security package (0x8009030E)`;
    const d = diagnosePaste(long, knowledgeIndex());
    expect(findErrorLine(long, d)).toHaveLength(300);
  });
});
