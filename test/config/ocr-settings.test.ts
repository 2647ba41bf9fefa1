import { loadOcrConfig } from '../../src/config/ocr-settings';
import { ConfigError } from '../../src/support/errors';

describe('loadOcrConfig', () => {
  it('defaults: on, 5 MiB, 4096×4096 pixels, 15 s, idle stop after 30 s', () => {
    expect(loadOcrConfig({})).toEqual({ enabled: true, maxBytes: 5 * 1024 * 1024, maxPixels: 4096 * 4096, timeoutMs: 15000, idleMs: 30_000 });
  });

  test.each([
    [{ LM_OCR: 'false' }, { enabled: false }],
    [{ LM_OCR: 'on' }, { enabled: true }],
    [{ LM_OCR_MAX_BYTES: '1048576' }, { maxBytes: 1048576 }],
    [{ LM_OCR_MAX_PIXELS: '2073600' }, { maxPixels: 2073600 }],
    [{ LM_OCR_TIMEOUT_MS: ' 3000 ' }, { timeoutMs: 3000 }],
    [{ LM_OCR_IDLE_MS: '0' }, { idleMs: 0 }],
    [{}, { idleMs: 30_000 }],
  ])('reads %p', (env, expected) => {
    expect(loadOcrConfig(env)).toMatchObject(expected);
  });

  it('reports every bad value at once', () => {
    const bad = { LM_OCR: 'maybe', LM_OCR_MAX_BYTES: '5MB', LM_OCR_TIMEOUT_MS: '10' };
    expect(() => loadOcrConfig(bad)).toThrow(ConfigError);
    expect(() => loadOcrConfig(bad)).toThrow(expect.objectContaining({
      problems: [expect.stringContaining('LM_OCR must be'), expect.stringContaining('LM_OCR_MAX_BYTES'), expect.stringContaining('LM_OCR_TIMEOUT_MS')],
    }));
  });
});
