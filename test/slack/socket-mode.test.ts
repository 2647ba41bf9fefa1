/**
 * The real Bolt app in Socket Mode against a loopback ws:// endpoint: acks carry the envelope_id, replies go to the
 * thread, retries are not answered twice, and the client reconnects after Slack's `disconnect`.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, slashCommand } from '../support/slack-payloads';
import { APP_TOKEN, CHANNEL } from '../support/slack-constants';
import { CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';

function eventEnvelope(id: string, event: Record<string, unknown>, retry = 0, eventId = `Ev-${id}`) {
  return {
    envelope_id: id, type: 'events_api', accepts_response_payload: false, retry_attempt: retry,
    retry_reason: retry > 0 ? 'timeout' : '', payload: eventCallback(event, eventId),
  };
}

describe('Socket Mode', () => {
  let fake: SlackApiServer;
  let app: TestApp;

  beforeAll(async () => {
    fake = await startSlackApiServer();
    app = await startTestApp({ mode: 'socket', fake, directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])) });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('opens the connection with the app token through SLACK_API_URL', () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('acks an event envelope with its envelope_id and replies in the thread', async () => {
    const ts = nextTs();
    const ack = await fake.sendEnvelope(eventEnvelope('env-ev-1', messageEvent({ ts, text: CREDSSP_PASTE })));
    expect(ack.envelope_id).toBe('env-ev-1');
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 3000, 'reply');
    expect(reply.params.channel).toBe(CHANNEL);
    expect(JSON.stringify(reply.params.blocks)).toContain('CredSSP');
  });

  it('acks a retried envelope but answers the message once', async () => {
    const ts = nextTs();
    const event = messageEvent({ ts, text: MEMORY_PASTE });
    await fake.sendEnvelope(eventEnvelope('env-r-1', event, 0, 'EvR1'));
    const second = await fake.sendEnvelope(eventEnvelope('env-r-2', event, 1, 'EvR1'));
    expect(second.envelope_id).toBe('env-r-2');
    const sentinelTs = nextTs();
    await fake.sendEnvelope(eventEnvelope('env-r-3', messageEvent({ ts: sentinelTs, text: MEMORY_PASTE })));
    await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === sentinelTs), 3000, 'sentinel reply');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toHaveLength(1);
  });

  it('acks /lm-check at once with "checking…" in the ack payload, then posts the report to the response_url', async () => {
    const responseUrl = fake.responseUrl('sock-1');
    const ack = await fake.sendEnvelope({
      envelope_id: 'env-cmd-1', type: 'slash_commands', accepts_response_payload: true,
      payload: slashCommand('HV01 HV02', responseUrl),
    });
    expect(ack.envelope_id).toBe('env-cmd-1');
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toContain('Checking HV01, HV02');
    const posted = await fake.waitFor(() => fake.responds.find((r) => r.path.endsWith('/sock-1')), 3000, 'report');
    expect(posted.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(posted.body.blocks)).toContain('HV01');
  });
});

describe('Socket Mode reconnect', () => {
  it('reconnects after Slack sends disconnect and keeps answering', async () => {
    const fake = await startSlackApiServer();
    const app = await startTestApp({ mode: 'socket', fake, autoReconnect: true, clientPingTimeoutMs: 600 });
    try {
      fake.sendDisconnect('refresh_requested');
      await fake.waitForConnection(2, 8000);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
      const ts = nextTs();
      const ack = await fake.sendEnvelope(eventEnvelope('env-after-1', messageEvent({ ts, text: MEMORY_PASTE })));
      expect(ack.envelope_id).toBe('env-after-1');
      await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 3000, 'reply after reconnect');
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
