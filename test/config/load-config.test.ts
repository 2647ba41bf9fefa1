/** loadConfig(env): one parse of every setting, one parser per kind of value, every problem at once. */
import { loadConfig } from '../../src/config/load-config';
import { createEnvReader } from '../../src/config/read-env';
import { ConfigError } from '../../src/support/errors';

const ROOT = '/opt/lm-doctor';
const BOT = 'xoxb-1-2-abcdefabcdef';
const PASSWORD = 'Pa55-w0rd-never-shown';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, ROOT);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  test('with nothing set: the console, the demo directory, defaults inside the package', () => {
    const c = loadConfig({}, ROOT);
    expect(c.slack).toBeUndefined();
    expect(c.ldap).toBeUndefined();
    expect(c.knowledge).toEqual({ dir: `${ROOT}/knowledge`, trainingDir: `${ROOT}/test/fixtures/eval`, modelFile: `${ROOT}/dist/knowledge.compiled` });
    expect(c.ops).toMatchObject({ logLevel: 'info', logPastes: false, metricsPort: 9100, shutdownTimeoutMs: 10_000 });
    expect(c.ocr).toMatchObject({ enabled: true, timeoutMs: 15_000 });
  });

  test('reports the problems of every slice together, and no secret', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 'shh-secret-value',
      LDAP_URL: 'ldaps://dc01.example.test', LDAP_BIND_DN: 'svc@example.test', LDAP_BIND_PASSWORD: PASSWORD, LDAP_TIMEOUT_MS: 'soon',
      LOG_PASTES: 'perhaps', LM_OCR: 'sometimes', METRICS_PORT: '99999', REDIS_URL: `http://:${PASSWORD}@r`,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN must be the bot token/),
      expect.stringMatching(/^LDAP_TIMEOUT_MS must be a number of milliseconds 1–120000/),
      expect.stringMatching(/^LOG_PASTES must be true or false/),
      expect.stringMatching(/^METRICS_PORT must be a TCP port number 0–65535/),
      expect.stringMatching(/^REDIS_URL must look like redis:\/\//),
      expect.stringMatching(/^LM_OCR must be true or false/),
    ]);
    expect(problems.join('\n')).not.toContain(PASSWORD);
    expect(problems.join('\n')).not.toContain('shh-secret-value');
  });

  test('every boolean setting takes the same spellings', () => {
    for (const [yes, no] of [['true', 'false'], ['1', '0'], ['YES', 'No'], ['on', 'OFF']]) {
      const base = { LDAP_URL: 'ldap://dc01', LDAP_BIND_DN: 'svc', LDAP_BIND_PASSWORD: PASSWORD };
      const on = loadConfig({ ...base, LDAP_STARTTLS: yes, LOG_PASTES: yes, LM_OCR: yes }, ROOT);
      expect([on.ldap?.startTls, on.ops.logPastes, on.ocr.enabled]).toEqual([true, true, true]);
      const off = loadConfig({ ...base, LDAP_STARTTLS: no, LDAP_ALLOW_PLAIN: yes, LOG_PASTES: no, LM_OCR: no }, ROOT);
      expect([off.ldap?.startTls, off.ldap?.allowPlain, off.ops.logPastes, off.ocr.enabled]).toEqual([false, true, false, false]);
    }
  });

  test('a Slack configuration in each mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1-A-2-b' }, ROOT).slack?.mode).toBe('socket');
    const http = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's', PORT: '8080', LM_CHANNELS: 'C1AAA, C2BBB' }, ROOT).slack;
    expect(http).toMatchObject({ mode: 'http', port: 8080 });
    expect([...(http?.channels ?? [])]).toEqual(['C1AAA', 'C2BBB']);
  });
});

describe('the parsers', () => {
  test('blank means unset; bad values give the fallback and one problem each', () => {
    const r = createEnvReader({ A: '  ', N: '12', BAD: '1.5', L: 'x, y  z', U: 'ftp://host', E: 'LOUD' });
    expect(r.text('A')).toBeUndefined();
    expect(r.integer('N', { fallback: 1, min: 0, max: 20, unit: 'a count' })).toBe(12);
    expect(r.integer('BAD', { fallback: 7, min: 0, max: 20, unit: 'a count' })).toBe(7);
    expect(r.list('L')).toEqual(['x', 'y', 'z']);
    expect(r.url('U', { schemes: ['https:'], example: 'https://example.test/' })).toBeUndefined();
    expect(r.oneOf('E', ['quiet', 'normal'] as const, 'normal')).toBe('normal');
    expect(r.problems).toEqual([
      'BAD must be a count 0–20 (got "1.5")',
      'U must look like https://example.test/',
      'E must be one of quiet, normal (got "loud")',
    ]);
  });

  test('a long bad value is cut in the problem', () => {
    const r = createEnvReader({ X: 'y'.repeat(200) });
    r.boolean('X', false);
    expect(r.problems[0].length).toBeLessThan(80);
  });
});
