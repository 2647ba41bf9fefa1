/**
 * The production logger (pino JSON at LOG_LEVEL, secrets never written, whatever field or message carries them) and
 * the operations configuration (LOG_LEVEL, LOG_PASTES, METRICS_PORT, REDIS_URL, SHUTDOWN_TIMEOUT_MS).
 */
import { Writable } from 'node:stream';
import { createLogger, textFields, REDACTED } from '../../src/support/create-logger';
import { loadOpsConfig } from '../../src/config/ops-settings';
import { secretsOf } from '../../src/app/start-service';
import { loadSlackConfig, type SlackConfig } from '../../src/config/slack-settings';
import { ConfigError } from '../../src/support/errors';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';

const BIND_PASSWORD = 'Bind-Pa55.word!';
const REDIS_PASSWORD = 's3cr3t/redis';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { lines, destination, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  const slack = loadSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }) as SlackConfig;
  const ops = loadOpsConfig({ REDIS_URL: `redis://:${encodeURIComponent(REDIS_PASSWORD)}@127.0.0.1:6379/0` });
  const ldap = { url: 'ldaps://dc01', bindDn: 'svc@contoso', bindPassword: BIND_PASSWORD, startTls: false, allowPlain: false, timeoutMs: 5000 };
  const secrets = secretsOf({ slack, ops, ldap });

  it('writes one JSON object per line with level, time, app and the fields', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.destination }).info({ event: 'lm_reply', channel: 'C1' }, 'answered');
    expect(out.records()[0]).toMatchObject({ level: 'info', app: 'lm-doctor', event: 'lm_reply', channel: 'C1', msg: 'answered', time: expect.any(String) });
  });

  it('drops lines below LOG_LEVEL', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', destination: out.destination });
    logger.info({ event: 'a' }, 'quiet');
    logger.debug({ event: 'b' }, 'quieter');
    logger.warn({ event: 'c' }, 'loud');
    expect(out.records().map((r) => r.event)).toEqual(['c']);
  });

  it('never writes a token, the signing secret, the bind password or the Redis password', () => {
    const out = capture();
    const logger = createLogger({ level: 'debug', secrets, destination: out.destination });
    logger.info({ event: 'x', botToken: BOT_TOKEN, config: { signingSecret: SIGNING_SECRET, bindPassword: BIND_PASSWORD } }, 'config');
    logger.warn({ event: 'y', headers: { authorization: `Bearer ${BOT_TOKEN}` } }, 'headers');
    logger.error({ event: 'z', error: `bind failed for svc with ${BIND_PASSWORD}`, nested: [{ deep: { value: `token=${BOT_TOKEN}` } }] }, `echo ${SIGNING_SECRET}`);
    logger.error({ event: 'e', err: new Error(`redis auth ${REDIS_PASSWORD} rejected`) }, 'error object');
    logger.info({ event: 'u', redisUrl: ops.redisUrl }, 'url');
    const all = out.lines.join('\n');
    expect(out.lines).toHaveLength(5);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, BIND_PASSWORD, REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD)]) expect(all).not.toContain(secret);
    expect(all).toContain(REDACTED);
    expect(out.records()[2]).toMatchObject({ error: `bind failed for svc with ${REDACTED}`, msg: `echo ${REDACTED}` });
  });

  it('a message hash identifies repeats without the text; LOG_PASTES adds the text', () => {
    const a = textFields('Move-VM failed 0x8009030E', false);
    expect(a).toEqual({ textHash: expect.stringMatching(/^[0-9a-f]{12}$/), textChars: 25 });
    expect(textFields('Move-VM failed 0x8009030E', false).textHash).toBe(a.textHash);
    expect(textFields('something else', false).textHash).not.toBe(a.textHash);
    expect(textFields('Move-VM failed', true)).toMatchObject({ text: 'Move-VM failed' });
  });
});

describe('loadOpsConfig', () => {
  it('has defaults: info, no pastes, port 9100 on 127.0.0.1 only, no Redis, 10 s shutdown bound', () => {
    expect(loadOpsConfig({})).toEqual({ logLevel: 'info', logPastes: false, metricsPort: 9100, opsHost: '127.0.0.1', shutdownTimeoutMs: 10_000 });
  });

  it('takes METRICS_HOST as a deprecated name of OPS_HOST; OPS_HOST wins when both are set', () => {
    expect(loadOpsConfig({ METRICS_HOST: '0.0.0.0' }).opsHost).toBe('0.0.0.0');
    expect(loadOpsConfig({ METRICS_HOST: '0.0.0.0', OPS_HOST: '10.0.0.5' }).opsHost).toBe('10.0.0.5');
  });

  it('reads every variable', () => {
    expect(loadOpsConfig({ LOG_LEVEL: 'DEBUG', LOG_PASTES: 'true', METRICS_PORT: '0', OPS_HOST: '0.0.0.0', REDIS_URL: 'redis://r:6379', SHUTDOWN_TIMEOUT_MS: '2500' }))
      .toEqual({ logLevel: 'debug', logPastes: true, metricsPort: 0, opsHost: '0.0.0.0', redisUrl: 'redis://r:6379', shutdownTimeoutMs: 2500 });
  });

  it('reports every problem at once, without the Redis password', () => {
    const error = (() => { try { loadOpsConfig({ LOG_LEVEL: 'loud', LOG_PASTES: 'maybe', METRICS_PORT: '70000', REDIS_URL: 'http://:hunter22@r', SHUTDOWN_TIMEOUT_MS: '-1' }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/REDIS_URL must look like redis:\/\//);
    expect(problems.join('\n')).not.toContain('hunter22');
  });
});
