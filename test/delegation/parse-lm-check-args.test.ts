import fc from 'fast-check';
import { parseLmCheckArgs, parseOperator } from '../../src/core/delegation/parse-lm-check-args';
import { UsageError } from '../../src/support/errors';

describe('parseLmCheckArgs: accepted', () => {
  test.each([
    ['HV01 HV02', ['HV01', 'HV02']],
    ['HV01,HV02', ['HV01', 'HV02']],
    ['  HV01 ,  HV02 ,HV03  ', ['HV01', 'HV02', 'HV03']],
    ['hv01.contoso.local HV02', ['hv01.contoso.local', 'HV02']],
    ['HV01$ HV02$', ['HV01$', 'HV02$']],
    ['HV01 hv01 HV01$ hv01. HV02', ['HV01', 'HV02']],
    ['hv-01.contoso.local. HV_02', ['hv-01.contoso.local.', 'HV_02']],
    ['HV01\tHV02\nHV03', ['HV01', 'HV02', 'HV03']],
  ])('%j → %j', (text, hosts) => {
    expect(parseLmCheckArgs(text).hosts).toEqual(hosts);
  });

  test('argv form splits on commas inside arguments too', () => {
    expect(parseLmCheckArgs(['HV01,HV02', 'HV03']).hosts).toEqual(['HV01', 'HV02', 'HV03']);
  });

  test('100 hosts are fine', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `HV${i}`);
    expect(parseLmCheckArgs(hosts).hosts).toHaveLength(100);
  });
});

describe('parseLmCheckArgs: refused with a one-line message naming the bad token', () => {
  test.each([
    ['', /at least 2/],
    ['HV01', /at least 2.*"HV01"/],
    ['HV01 hv01', /at least 2/],
    ['HV01 *', /"\*"/],
    ['HV01 *)(sAMAccountName=*', /"\*\)\(sAMAccountName=\*"/],
    ['HV01 HV(02)', /"HV\(02\)"/],
    ['HV01 HV\\02', /"HV\\\\02"/],
    ['HV01 HV\u000002', /"HV\\u000002"/],
    ['HV01 -HV02', /"-HV02"/],
    ['HV01 HV02-', /"HV02-"/],
    ['HV01 hv02..contoso.local', /"hv02\.\.contoso\.local"/],
    ['HV01 hv02.contoso.local$', /"hv02\.contoso\.local\$"/],
    [`HV01 ${'a'.repeat(64)}.contoso.local`, /label longer than 63/],
    [`HV01 ${Array.from({ length: 60 }, () => 'abcd').join('.')}`, /longer than 253/],
    ['HV01 HV02/cifs', /"HV02\/cifs"/],
    ['HV01 ünïcode', /"ünïcode"/],
  ])('%j', (text, message) => {
    expect(() => parseLmCheckArgs(text)).toThrow(UsageError);
    expect(() => parseLmCheckArgs(text)).toThrow(message);
    try {
      parseLmCheckArgs(text);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });

  test('over 100 hosts names the first one over', () => {
    const hosts = Array.from({ length: 101 }, (_, i) => `HV${i}`);
    expect(() => parseLmCheckArgs(hosts)).toThrow(/at most 100.*"HV100"/);
  });

  test('property: anything accepted contains only name characters; anything else is a UsageError', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 6 }), (tokens) => {
      try {
        for (const h of parseLmCheckArgs(tokens).hosts) expect(h).toMatch(/^[A-Za-z0-9_.$-]+$/);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
      }
    }), { numRuns: 200 });
  });
});

describe('parseOperator', () => {
  test.each(['admin', 'jane.doe@contoso.local', 'LAB-admin_2'])('accepts %j', (name) => {
    expect(parseOperator(name)).toBe(name);
  });
  test.each(['*', 'admin)(cn=*', 'a\\b', 'CONTOSO\\admin', ''])('refuses %j', (name) => {
    expect(() => parseOperator(name)).toThrow(UsageError);
  });
});

describe('scope options', () => {
  test('default: no scope given (the check uses least privilege)', () => {
    expect(parseLmCheckArgs('HV01 HV02').scope).toBeUndefined();
  });

  test('--storage, --file-server (repeatable, = form) and --mode', () => {
    expect(parseLmCheckArgs('HV01 HV02 --storage --file-server fs01.lab.example --file-server=FS02 --mode rbcd')).toEqual({
      hosts: ['HV01', 'HV02'], scope: { storage: true, fileServers: ['fs01.lab.example', 'FS02'], mode: 'rbcd' },
    });
  });

  test.each([
    ['HV01 HV02 --mode magic', /--mode is kcd .* or rbcd/],
    ['HV01 HV02 --file-server', /--file-server needs a value/],
    ['HV01 HV02 --file-server fs*01', /file server "fs\*01" is not a host name/],
    ['HV01 HV02 --everything', /unknown option "--everything"/],
  ])('%s is refused with a clear message', (input, message) => {
    expect(() => parseLmCheckArgs(input)).toThrow(message);
  });
});
