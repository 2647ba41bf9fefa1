/**
 * response_url only to Slack's hosts, through the real Bolt app in HTTP mode: a signed command or button whose
 * response_url names another host gets nothing POSTed there (a second loopback server stands in for that host and
 * records every request), the refusal is logged and counted, and /lm-check does not run. The test app allows the
 * fake Slack's own origin through SLACK_RESPONSE_URL_HOSTS, as a GovSlack or proxy deployment would allow its host.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { blockAction, postSigned, slashCommand } from '../support/slack-payloads';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';
import { metricValue } from '../support/prometheus-text';
import { createMetrics } from '../../src/support/metrics';
import { MESSAGES } from '../../src/slack/messages';
import { ACTION_FIXED } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';

let fake: SlackApiServer;
let elsewhere: Server;
let elsewhereUrl: string;
const hits: string[] = [];
const metrics = createMetrics();
let app: TestApp;
let n = 0;

beforeAll(async () => {
  fake = await startSlackApiServer();
  elsewhere = createServer((req, res) => { hits.push(`${req.method} ${req.url}`); res.end('ok'); });
  await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  app = await startTestApp({ mode: 'http', fake, directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])), services: { metrics } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  elsewhere?.closeAllConnections();
  await new Promise((r) => elsewhere?.close(r));
});

const command = (responseUrl: string) => slashCommand('HV01 HV02', responseUrl, { user_id: `U0URL${++n}` });
const fixedClick = (responseUrl: string) => blockAction(ACTION_FIXED, encodeFeedbackRef({ entry: 'credssp-double-hop', alternatives: [], names: {} }), responseUrl);

describe('/lm-check whose response_url is not on a Slack host', () => {
  it.each([
    ['another loopback port', () => `${elsewhereUrl}/respond/T1/1/x`],
    ['the right host name over another scheme', () => `${fake.baseUrl.replace('http:', 'https:')}/respond/T1/1/x`],
    ['credentials in front of the allowed host', () => `http://user:pw@${new URL(fake.baseUrl).host}/respond/T1/1/x`],
  ])('%s: not run, nothing posted there, refusal logged and counted', async (_what, url) => {
    const before = metricValue(await metrics.registry.metrics(), 'lm_response_url_refused_total', { source: 'command' });
    const res = await postSigned(app.eventsUrl, command(url()), { kind: 'command' });
    expect(JSON.parse(res.body)).toEqual({ response_type: 'ephemeral', text: MESSAGES.responseUrlRefused });
    // Let a check that should not have started finish, then look: the allowed fake shows a normal one completes.
    const control = `control-${n}`;
    await postSigned(app.eventsUrl, command(fake.responseUrl(control)), { kind: 'command' });
    await fake.waitFor(() => fake.responds.some((r) => r.path.endsWith(`/${control}`)), 3000, 'the control report');
    expect(hits).toEqual([]);
    expect(fake.responds.filter((r) => r.path === '/respond/T1/1/x')).toHaveLength(0);
    expect(metricValue(await metrics.registry.metrics(), 'lm_response_url_refused_total', { source: 'command' })).toBe(before + 1);
    expect(app.logger.events('lm_response_url_refused').at(-1)).toMatchObject({ command: '/lm-check', host: new URL(url()).host });
  });

  it('refuses even the fake Slack when SLACK_RESPONSE_URL_HOSTS is unset: only https://hooks.slack.com is allowed', async () => {
    const strict = await startTestApp({ mode: 'http', fake, env: { SLACK_RESPONSE_URL_HOSTS: '' }, directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])) });
    try {
      expect(strict.config.responseUrlOrigins).toEqual(['https://hooks.slack.com']);
      const res = await postSigned(strict.eventsUrl, command(fake.responseUrl('strict-1')), { kind: 'command' });
      expect(JSON.parse(res.body).text).toBe(MESSAGES.responseUrlRefused);
      expect(strict.logger.events('lm_check')).toHaveLength(0);
    } finally {
      await strict.stop();
    }
  });
});

describe('a button whose response_url is not on a Slack host', () => {
  it('records the feedback but posts nothing there', async () => {
    const before = app.feedback.counts('credssp-double-hop').fixed;
    await postSigned(app.eventsUrl, fixedClick(`${elsewhereUrl}/actions/T1/2/y`), { kind: 'interaction' });
    await fake.waitFor(() => app.logger.events('lm_response_url_refused').some((e) => e.action === ACTION_FIXED), 3000, 'the refusal');
    await fake.waitFor(() => app.feedback.counts('credssp-double-hop').fixed === before + 1, 3000, 'the feedback');
    // A click with an allowed response_url is answered, so the refused one had its chance to post too.
    const control = `click-control-${++n}`;
    await postSigned(app.eventsUrl, fixedClick(fake.responseUrl(control)), { kind: 'interaction' });
    await fake.waitFor(() => fake.responds.some((r) => r.path.endsWith(`/${control}`)), 3000, 'the control answer');
    expect(hits).toEqual([]);
    expect(metricValue(await metrics.registry.metrics(), 'lm_response_url_refused_total', { source: 'action' })).toBe(1);
  });
});
