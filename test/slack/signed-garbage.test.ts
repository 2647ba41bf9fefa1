/**
 * Signed bodies Bolt would trip over, against the real process (bin/lm-doctor serve, HTTP mode): a JSON `null` and
 * a form `payload=null` used to throw inside Bolt's HTTPReceiver and kill the process with a raw stack on stderr.
 * Now each is answered 400 with one log line, and the process goes on answering (issue 14, item 5).
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { signSlackRequest } from '../support/sign-slack-request';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';

jest.setTimeout(30_000);

let fake: SlackApiServer;
let app: AppProcess;
beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startAppProcess(fake.apiUrl);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

async function postRaw(raw: string, contentType: string): Promise<number> {
  const res = await fetch(app.eventsUrl, { method: 'POST', headers: { 'content-type': contentType, ...signSlackRequest(raw) }, body: raw });
  await res.arrayBuffer();
  return res.status;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const event = eventCallback(messageEvent({ text: 'hello' }));

describe('signed bodies Bolt cannot take', () => {
  test.each([
    ['a JSON null', 'null', JSON_TYPE],
    ['a form payload=null', form({ payload: 'null' }), FORM_TYPE],
    ['a JSON array', '[]', JSON_TYPE],
    ['a JSON string', '"event_callback"', JSON_TYPE],
    ['a JSON number', '42', JSON_TYPE],
    ['a form payload that is an array', form({ payload: '[{"type":"block_actions"}]' }), FORM_TYPE],
    ['an event_callback whose event is null', JSON.stringify({ ...event, event: null }), JSON_TYPE],
    ['a message whose channel is null', JSON.stringify({ ...event, event: { ...(event.event as object), channel: null } }), JSON_TYPE],
    ['authorizations holding null', JSON.stringify({ ...event, authorizations: [null] }), JSON_TYPE],
    ['a command with a repeated field', `${form(slashCommand('HV01 HV02', 'https://hooks.slack.com/commands/T1/1/x'))}&text=again`, FORM_TYPE],
    ['a button click whose actions are [null]', form({ payload: JSON.stringify({ ...blockAction('lm_fixed', 'x', 'https://hooks.slack.com/a'), actions: [null] }) }), FORM_TYPE],
    ['a body that is not JSON', '{"type":', JSON_TYPE],
  ])('%s → 400, one log line, and the process keeps serving', async (_what, raw, type) => {
    const logsBefore = app.logs.length;
    expect(await postRaw(raw, type)).toBe(400);
    const refused = await app.waitForLog((r) => r.event === 'lm_request_refused' && app.logs.indexOf(r) >= logsBefore, 3000, 'lm_request_refused');
    expect(refused).toMatchObject({ level: 'warn', transport: 'http', action: 'refuse' });
    expect(app.logs.slice(logsBefore).filter((r) => r.level === 'warn' || r.level === 'error')).toHaveLength(1);
    const ts = nextTs();
    expect((await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })))).status).toBe(200);
    await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, 'reply');
    expect(app.child.exitCode).toBeNull();
  });

  it('a kind of request lm-doctor has no listener for is answered 200 and dropped', async () => {
    expect(await postRaw(JSON.stringify({ type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1700000000, api_app_id: 'A1' }), JSON_TYPE)).toBe(200);
  });

  it('an unsigned null is still 401 (the signature is checked before the body)', async () => {
    const res = await fetch(app.eventsUrl, { method: 'POST', headers: { 'content-type': JSON_TYPE }, body: 'null' });
    expect(res.status).toBe(401);
  });

  it('nothing reached standard error and no process fault was logged', () => {
    expect(app.stderr.join('')).toBe('');
    expect(app.logs.filter((r) => r.event === 'lm_process_error')).toEqual([]);
  });
});
