import { loadSlackConfig, selectMode } from '../../src/config/slack-settings';
import { ConfigError } from '../../src/support/errors';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/slack-constants';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSlackConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('selectMode', () => {
  it.each([
    [{}, 'console'],
    [{ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN }, 'socket'],
    [{ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }, 'socket'],
    [{ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }, 'http'],
    [{ SLACK_BOT_TOKEN: BOT_TOKEN }, 'http'],
    [{ SLACK_BOT_TOKEN: '  ' }, 'console'],
  ])('%j → %s', (env, mode) => {
    expect(selectMode(env)).toBe(mode);
  });
});

describe('loadSlackConfig', () => {
  it('returns undefined without Slack settings (console mode)', () => {
    expect(loadSlackConfig({ LDAP_URL: 'ldaps://dc01' })).toBeUndefined();
  });

  it('reads Socket Mode settings with defaults', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN })).toEqual({
      mode: 'socket', botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 3000, logLevel: 'warn',
      limits: { channelRepliesPerMinute: 20, checksPerChannelPerMinute: 20, checkUserIntervalSeconds: 5, maxConcurrentChecks: 4, dedupeMaxKeys: 50_000, intakeBacklog: 5000 },
      responseUrlOrigins: ['https://hooks.slack.com'],
    });
  });

  it('reads HTTP mode settings, ID lists and URLs', () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9999/api',
      LM_CHANNELS: 'C0AAA, C0BBB', LM_CHECK_ALLOWED_USERS: 'U0ADMIN W0ADMIN', LM_KNOWLEDGE_URL: 'https://git.example/kb',
    });
    expect(config).toMatchObject({ mode: 'http', signingSecret: SIGNING_SECRET, port: 8080, apiUrl: 'http://127.0.0.1:9999/api/', knowledgeUrl: 'https://git.example/kb/' });
    expect([...config?.channels ?? []]).toEqual(['C0AAA', 'C0BBB']);
    expect([...config?.checkAllowedUsers ?? []]).toEqual(['U0ADMIN', 'W0ADMIN']);
    expect(config?.checkAllowedChannels).toBeUndefined();
  });

  it('lists every problem at once, each saying what to set, and never echoes a secret', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_APP_TOKEN: 'not-an-app-token-secret', PORT: '99999',
      SLACK_API_URL: 'slack.com/api', LM_CHANNELS: '#ops-hyperv', SLACK_LOG_LEVEL: 'chatty',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN must be the bot token starting with xoxb-/);
    expect(problems.join('\n')).toMatch(/SLACK_APP_TOKEN must be an app-level token starting with xapp-/);
    expect(problems.join('\n')).toMatch(/PORT must be a TCP port/);
    expect(problems.join('\n')).toMatch(/LM_CHANNELS must be a comma-separated list of Slack IDs/);
    expect(problems.join('\n')).not.toMatch(/secret/);
  });

  it('reads the rate limits, 0 meaning no limit, and refuses anything but a whole number in range', () => {
    const base = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN };
    expect(loadSlackConfig({ ...base, LM_CHANNEL_REPLIES_PER_MINUTE: '0', LM_CHECKS_PER_CHANNEL_PER_MINUTE: ' 7 ', LM_CHECK_USER_INTERVAL_SECONDS: '30' })?.limits)
      .toMatchObject({ channelRepliesPerMinute: 0, checksPerChannelPerMinute: 7, checkUserIntervalSeconds: 30 });
    const problems = problemsOf({ ...base, LM_CHANNEL_REPLIES_PER_MINUTE: '-1', LM_CHECKS_PER_CHANNEL_PER_MINUTE: '2.5', LM_CHECK_USER_INTERVAL_SECONDS: '3601' });
    expect(problems).toEqual([
      'LM_CHANNEL_REPLIES_PER_MINUTE must be a count (0 = no limit) 0–10000 (got "-1")',
      'LM_CHECKS_PER_CHANNEL_PER_MINUTE must be a count (0 = no limit) 0–10000 (got "2.5")',
      'LM_CHECK_USER_INTERVAL_SECONDS must be a number of seconds (0 = no limit) 0–3600 (got "3601")',
    ]);
  });

  it('reads the cap on simultaneous AD checks, the dedupe cap and the intake backlog, none of which can be turned off', () => {
    const base = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN };
    expect(loadSlackConfig({ ...base, LM_MAX_CONCURRENT_CHECKS: '2', LM_DEDUPE_MAX_KEYS: '200000', LM_INTAKE_BACKLOG: '20000' })?.limits)
      .toMatchObject({ maxConcurrentChecks: 2, dedupeMaxKeys: 200_000, intakeBacklog: 20_000 });
    expect(problemsOf({ ...base, LM_MAX_CONCURRENT_CHECKS: '0', LM_DEDUPE_MAX_KEYS: '10', LM_INTAKE_BACKLOG: '0' })).toEqual([
      'LM_MAX_CONCURRENT_CHECKS must be a count 1–100 (got "0")',
      'LM_DEDUPE_MAX_KEYS must be a number of keys 100–10000000 (got "10")',
      'LM_INTAKE_BACKLOG must be a number of events 10–1000000 (got "0")',
    ]);
  });

  it('allows response_urls on hooks.slack.com, plus the hosts and origins in SLACK_RESPONSE_URL_HOSTS', () => {
    const base = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN };
    expect(loadSlackConfig({ ...base, SLACK_RESPONSE_URL_HOSTS: 'hooks.slack-gov.com, slack-proxy.corp.example:8443 http://127.0.0.1:4000/ HOOKS.SLACK.COM' })?.responseUrlOrigins)
      .toEqual(['https://hooks.slack.com', 'https://hooks.slack-gov.com', 'https://slack-proxy.corp.example:8443', 'http://127.0.0.1:4000']);
    expect(problemsOf({ ...base, SLACK_RESPONSE_URL_HOSTS: 'hooks.slack-gov.com, https://proxy.example/path, *.slack.com' })).toEqual([
      'SLACK_RESPONSE_URL_HOSTS must be a comma-separated list of host names (hooks.slack-gov.com), host:port or origins ' +
        '(https://proxy.corp.example:8443); these are not: "https://proxy.exampl…", "*.slack.com"',
    ]);
  });

  it('asks for the signing secret in HTTP mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: BOT_TOKEN })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is not set/)]);
  });

  it('asks for the bot token when only an app token is set', () => {
    expect(problemsOf({ SLACK_APP_TOKEN: APP_TOKEN })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is not set/)]);
  });
});
