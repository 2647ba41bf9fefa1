import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/support/errors';

describe('feedback settings', () => {
  test('defaults: lm-data in the working directory, 90 days, records, 100,000 in the stream', () => {
    expect(loadConfig({}, '/opt/lm-doctor').feedback).toEqual({ dataDir: 'lm-data', retentionDays: 90, mode: 'records', maxRecords: 100_000 });
  });

  test('all set', () => {
    expect(loadConfig({ LM_DATA_DIR: '/var/lib/lm-doctor', LM_FEEDBACK_RETENTION_DAYS: '30', LM_FEEDBACK_STORE: 'Counts', LM_FEEDBACK_MAX_RECORDS: '5000' }, '/opt').feedback)
      .toEqual({ dataDir: '/var/lib/lm-doctor', retentionDays: 30, mode: 'counts', maxRecords: 5000 });
  });

  test.each([
    [{ LM_FEEDBACK_RETENTION_DAYS: '0' }, /LM_FEEDBACK_RETENTION_DAYS/],
    [{ LM_FEEDBACK_RETENTION_DAYS: '90d' }, /LM_FEEDBACK_RETENTION_DAYS/],
    [{ LM_FEEDBACK_STORE: 'sqlite' }, /LM_FEEDBACK_STORE must be one of records, counts/],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env, '/opt')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/opt')).toThrow(message);
  });
});
