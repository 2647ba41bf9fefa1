/**
 * The real Bolt app in HTTP mode against the loopback fake Slack: signed events in, threaded replies out.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { BOT_ID, BOT_TOKEN, BOT_USER_ID, CHANNEL, TEAM_ID } from '../support/slack-constants';
import { CHATTER, CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { MESSAGES } from '../../src/slack/messages';

let fake: SlackApiServer;
let app: TestApp;

beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startTestApp({ mode: 'http', fake, env: { LM_CHANNELS: `${CHANNEL},C0OTHER2` } });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const send = (event: Record<string, unknown>, eventId?: string, headers?: Record<string, string>) =>
  postSigned(app.eventsUrl, eventCallback(event, eventId), { headers });

/** Waits for the reply to the message with this ts (or thread). */
function replyTo(threadTs: string, timeoutMs = 3000): Promise<ApiCall> {
  return fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === threadTs), timeoutMs, `reply in thread ${threadTs}`);
}

/** Sends a paste that must be answered, so earlier events have certainly been processed (Bolt handles them in order). */
async function sentinel(): Promise<void> {
  const ts = nextTs();
  await send(messageEvent({ ts, text: MEMORY_PASTE }));
  await replyTo(ts);
}

const repliesIn = (threadTs: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === threadTs);

describe('pasted errors in HTTP mode', () => {
  it('answers a pasted error in a new thread under the paste, with the title, steps filled in and the bot token', async () => {
    const ts = nextTs();
    const res = await send(messageEvent({ ts, text: CREDSSP_PASTE }));
    expect(res.status).toBe(200);
    const call = await replyTo(ts);
    expect(call.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call.params).toMatchObject({ channel: CHANNEL, thread_ts: ts, team_id: TEAM_ID });
    const blocks = call.params.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'CredSSP cannot pass your credentials on to the destination host' } });
    const all = JSON.stringify(blocks);
    expect(all).toContain("Move-VM -Name 'WEB03' -DestinationHost 'HV12'");
    expect(all).toContain('/lm-check HV11 HV12'); // no directory configured: a pointer to the slash command
    expect(String(call.params.text)).toContain('CredSSP cannot pass your credentials');
    expect(blocks.some((b) => b.type === 'actions')).toBe(true);
  });

  it('replies in the existing thread when the paste is itself a thread reply', async () => {
    const parent = nextTs();
    const ts = nextTs();
    await send(messageEvent({ ts, thread_ts: parent, text: MEMORY_PASTE }));
    const call = await replyTo(parent);
    expect(call.params.thread_ts).toBe(parent);
    expect(repliesIn(ts)).toHaveLength(0);
  });

  it('reads rich-text blocks (code blocks included) instead of the mrkdwn text', async () => {
    const ts = nextTs();
    const blocks = [{
      type: 'rich_text', block_id: 'b1', elements: [
        { type: 'rich_text_section', elements: [{ type: 'text', text: 'live migration failed again:' }] },
        { type: 'rich_text_preformatted', elements: [{ type: 'text', text: CREDSSP_PASTE }] },
      ],
    }];
    await send(messageEvent({ ts, text: 'live migration failed again: (see code block)', blocks }));
    const call = await replyTo(ts);
    expect(JSON.stringify(call.params.blocks)).toContain('CredSSP');
  });

  it('stays silent on chatter, its own messages, other bots, edits and deletes', async () => {
    const quiet: string[] = [];
    const event = (fields: Record<string, unknown>) => {
      const ts = nextTs();
      quiet.push(ts);
      return messageEvent({ ts, ...fields });
    };
    for (const text of CHATTER) await send(event({ text }));
    await send(event({ user: BOT_USER_ID, text: CREDSSP_PASTE })); // our own reply echoing the error
    await send(event({ subtype: 'bot_message', bot_id: 'BOTHER', user: undefined, text: CREDSSP_PASTE }));
    await send(event({ bot_id: 'BOTHER', text: CREDSSP_PASTE })); // a bot posting as a user
    await send(event({ subtype: 'bot_message', bot_id: BOT_ID, text: CREDSSP_PASTE }));
    await send(event({ subtype: 'message_changed', user: undefined, message: { type: 'message', user: 'U1', text: CREDSSP_PASTE, ts: '1' }, text: undefined }));
    await send(event({ subtype: 'message_deleted', user: undefined, previous_message: { text: CREDSSP_PASTE } }));
    await send(event({ subtype: 'channel_join', text: `<@U0NEW> has joined the channel ${CREDSSP_PASTE}` }));
    await send(event({ channel: 'C0NOTLISTED', text: CREDSSP_PASTE })); // outside LM_CHANNELS
    await sentinel();
    for (const ts of quiet) expect(repliesIn(ts)).toHaveLength(0);
  });

  it('answers a Slack retry or a second delivery of the same message only once', async () => {
    const ts = nextTs();
    const event = messageEvent({ ts, text: CREDSSP_PASTE });
    await send(event, 'EvSAME1');
    await send(event, 'EvSAME1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await send(event, 'EvSAME1', { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    await send(event, 'EvOTHER2'); // redelivered under a new event id
    await replyTo(ts);
    await sentinel();
    expect(repliesIn(ts)).toHaveLength(1);
  });

  it('does not drop a first delivery that arrives with a retry header', async () => {
    const ts = nextTs();
    await send(messageEvent({ ts, text: MEMORY_PASTE }), 'EvLOST1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' });
    await replyTo(ts);
  });

  it('answers a mention without a match with a short "no known error" reply, and only once', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER_ID}> is anything wrong with the cluster today?`;
    await send(messageEvent({ ts, text })); // the plain message event: left to app_mention
    await send({ type: 'app_mention', channel: CHANNEL, user: 'U0BOB', text, ts, event_ts: ts });
    const call = await replyTo(ts);
    expect(call.params.text).toBe(MESSAGES.noMatchOnMention);
    await sentinel();
    expect(repliesIn(ts)).toHaveLength(1);
  });

  it('says what the text is instead when a mention holds another product\'s error, with a source link', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER_ID}> our reporting app logs this since this morning: Cannot generate SSPI context. (Microsoft SQL Server, Error: 0) when it connects to SQL-RPT01`;
    await send({ type: 'app_mention', channel: CHANNEL, user: 'U0BOB', text, ts, event_ts: ts });
    const reply = String((await replyTo(ts)).params.text);
    expect(reply).toMatch(/^Not a live-migration failure, as far as I can tell\. /);
    expect(reply).toMatch(/SQL Server/);
    expect(reply).toMatch(/<https:\/\/[^|>]+\|source>/);
  });

  it('stays silent on another product\'s error pasted in the channel', async () => {
    const ts = nextTs();
    await send(messageEvent({ ts, text: 'git clone over https from the build agent: schannel: AcquireCredentialsHandle failed: SEC_E_NO_CREDENTIALS (0x8009030E) - No credentials are available in the security package' }));
    await sentinel();
    expect(repliesIn(ts)).toHaveLength(0);
  });

  it('asks for the cause when a mention holds only Hyper-V\'s failure wrapper', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER_ID}> Failover Cluster Manager just says: Live migration of 'Virtual Machine FS01' failed.`;
    await send({ type: 'app_mention', channel: CHANNEL, user: 'U0BOB', text, ts, event_ts: ts });
    expect((await replyTo(ts)).params.text).toBe(MESSAGES.causeUnknownOnMention);
  });

  it('answers a mention with a match in any channel, and a direct message', async () => {
    const mentionTs = nextTs();
    await send({ type: 'app_mention', channel: 'C0NOTLISTED', user: 'U0BOB', text: `<@${BOT_USER_ID}> ${CREDSSP_PASTE}`, ts: mentionTs, event_ts: mentionTs });
    expect(JSON.stringify((await replyTo(mentionTs)).params.blocks)).toContain('CredSSP');
    const dmTs = nextTs();
    await send(messageEvent({ channel: 'D0DM', channel_type: 'im', ts: dmTs, text: MEMORY_PASTE }));
    expect((await replyTo(dmTs)).params.channel).toBe('D0DM');
  });

  it('escapes paste text so <!channel>, <!here>, user mentions and links can never ping or forge', async () => {
    const ts = nextTs();
    const hostile = `<!channel> <!here> <@U0BOSS> <https://evil.example/login|Slack SSO> &lt;!everyone&gt;\n${CREDSSP_PASTE.replace("'WEB03'", "'<!channel>'")}`;
    await send(messageEvent({ ts, text: hostile }));
    const call = await replyTo(ts);
    const payload = JSON.stringify(call.params);
    for (const bad of ['<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<https://evil.example']) expect(payload).not.toContain(bad);
  });

  it('says in the reply when a long snippet was cut to 64 KiB, and looks each file up once', async () => {
    const log = `${CREDSSP_PASTE}\n${'Get-VMHost output line that goes on and on\n'.repeat(3000)}`;
    fake.addFile({ id: 'F0LONG', name: 'vmms.log', mimetype: 'text/plain', filetype: 'text', mode: 'snippet', content: log });
    const before = fake.callsTo('files.info').filter((c) => c.params.file === 'F0LONG').length;
    const ts = nextTs();
    await send(messageEvent({ ts, subtype: 'file_share', text: 'full log attached', files: [{ id: 'F0LONG', file_access: 'check_file_info' }] }));
    const call = await replyTo(ts);
    expect(log.length).toBeGreaterThan(65_536);
    expect(JSON.stringify(call.params.blocks)).toMatch(/only its first 64 KiB were read/);
    expect(fake.callsTo('files.info').filter((c) => c.params.file === 'F0LONG').length - before).toBe(1);
  });

  it('reads at most 10 file references of one message', async () => {
    const refs = Array.from({ length: 40 }, (_, i) => ({ id: `F0MANY${i}`, file_access: 'check_file_info' }));
    const before = fake.callsTo('files.info').length;
    const ts = nextTs();
    await send(messageEvent({ ts, subtype: 'file_share', text: CREDSSP_PASTE, files: refs }));
    await replyTo(ts);
    expect(fake.callsTo('files.info').length - before).toBe(10);
  });

  it('reads a text snippet through files.info and url_private with the bot token', async () => {
    fake.addFile({ id: 'F0SNIP', name: 'move-vm.txt', mimetype: 'text/plain', filetype: 'text', mode: 'snippet', content: CREDSSP_PASTE });
    const ts = nextTs();
    await send(messageEvent({ ts, subtype: 'file_share', text: 'this is what we get', files: [{ id: 'F0SNIP', file_access: 'check_file_info' }] }));
    const call = await replyTo(ts);
    expect(JSON.stringify(call.params.blocks)).toContain('CredSSP');
    expect(fake.callsTo('files.info').map((c) => c.params.file)).toContain('F0SNIP');
    expect(fake.fileDownloads).toContainEqual({ id: 'F0SNIP', authorization: `Bearer ${BOT_TOKEN}` });
  });

  it('never sends the bot token to a file URL outside Slack and the configured API host', async () => {
    const ts = nextTs();
    const before = fake.fileDownloads.length;
    await send(messageEvent({
      ts, subtype: 'file_share', text: 'see file',
      files: [{ id: 'F0EVIL', mode: 'snippet', filetype: 'text', url_private: 'http://127.0.0.2:9/steal' }],
    }));
    await sentinel();
    expect(app.logger.events('lm_file_unreadable').some((e) => e.file === 'F0EVIL')).toBe(true);
    expect(fake.fileDownloads.length).toBe(before);
  });
});

describe('HTTP request verification', () => {
  it('rejects a bad signature with 401 and does nothing', async () => {
    const ts = nextTs();
    const res = await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })), { secret: 'wrong-secret' });
    expect(res.status).toBe(401);
    await sentinel();
    expect(repliesIn(ts)).toHaveLength(0);
  });

  it('rejects a timestamp older than five minutes with 401 (replay protection)', async () => {
    const ts = nextTs();
    const stale = Math.floor(Date.now() / 1000) - 301;
    const res = await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })), { timestampSec: stale });
    expect(res.status).toBe(401);
    await sentinel();
    expect(repliesIn(ts)).toHaveLength(0);
  });

  it('rejects a request without signature headers with 401', async () => {
    const res = await fetch(app.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(eventCallback(messageEvent({ text: 'x' }))) });
    expect(res.status).toBe(401);
  });

  it('answers url_verification with the challenge and serves /healthz', async () => {
    const res = await postSigned(app.eventsUrl, { type: 'url_verification', token: 'legacy', challenge: 'c-123' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
    const health = await fetch(app.eventsUrl.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
  });
});
