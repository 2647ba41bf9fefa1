/**
 * LM_MAX_CONCURRENT_CHECKS against the real Samba DC, through the real Bolt app: a counting proxy in front of the
 * DC's plain LDAP port records the most LDAP connections open at once (one check is one connection) and holds the
 * traffic while the commands pile up, so the queue forms without relying on timing. With a cap of 2 and 6
 * simultaneous /lm-check commands, at most 2 sessions are open at once, the 4 that wait each get "Queued behind N
 * other AD checks…" before their report, and all 6 get reports. The automatic pair check of a paste shares the cap
 * and never waits: with every slot taken its reply points to /lm-check.
 */
import { startLdapCountingProxy, type LdapCountingProxy } from '../support/ldap-counting-proxy';
import { readSambaEnv, sambaLdapConfig, type SambaEnv } from '../support/samba-env';
import { startSlackApiServer, type RespondCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { MESSAGES } from '../../src/slack/messages';

jest.setTimeout(30_000);

let env: SambaEnv;
let proxy: LdapCountingProxy;
let fake: SlackApiServer;
let app: TestApp;

beforeAll(async () => {
  env = readSambaEnv();
  const target = new URL(env.SAMBA_AD_LDAP_URL);
  proxy = await startLdapCountingProxy({ host: target.hostname, port: Number(target.port || 389) });
  fake = await startSlackApiServer();
  // Plain LDAP through the proxy, so every connection is seen; the base DN is given, so a session is bind + searches.
  const directory = new LdapDirectory(sambaLdapConfig(env, { url: `ldap://127.0.0.1:${proxy.port}`, allowPlain: true, caFile: undefined, baseDn: env.SAMBA_AD_BASE_DN }));
  app = await startTestApp({ mode: 'http', fake, directory, env: { LM_MAX_CONCURRENT_CHECKS: '2' } });
});
afterAll(async () => {
  proxy?.release();
  await app?.stop();
  await proxy?.idle();
  await proxy?.close();
  await fake?.close();
});

const QUEUED = /^Queued behind (\d+) other AD checks?…/;
const answersTo = (id: string): RespondCall[] => fake.responds.filter((r) => r.path.endsWith(`/${id}`));
const isReport = (r: RespondCall) => Array.isArray(r.body.blocks) && JSON.stringify(r.body.blocks).includes(MESSAGES.reportHeader);

describe('LM_MAX_CONCURRENT_CHECKS=2 with 6 simultaneous /lm-check commands', () => {
  it('opens at most 2 LDAP sessions at once, tells the 4 that wait their position first, and reports to all 6', async () => {
    proxy.reset();
    proxy.hold();
    const ids = Array.from({ length: 6 }, (_, i) => `cap-${i}`);
    const acks = await Promise.all(ids.map((id, i) =>
      postSigned(app.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl(id), { user_id: `U0CAP${i}`, channel_id: `C0CAP${i}` }), { kind: 'command' })));
    for (const ack of acks) expect(JSON.parse(ack.body)).toEqual({ response_type: 'ephemeral', text: MESSAGES.checkAck(['HV01', 'HV02']) });
    const positions = await fake.waitFor(() => {
      const queued = ids.filter((id) => answersTo(id).some((r) => QUEUED.test(String(r.body.text))));
      return queued.length === 4 ? queued : undefined;
    }, 5000, 'four position messages');
    await fake.waitFor(() => proxy.open() === 2, 5000, 'the two running checks connected');

    // Every slot is taken: the automatic pair check of a paste does not wait for one.
    const pasteTs = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE })));
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs), 5000, 'the paste reply');
    expect(JSON.stringify(reply.params.blocks)).toContain(MESSAGES.adCheckPointer('HV11 HV12'));
    expect(JSON.stringify(reply.params.blocks)).not.toContain(MESSAGES.adCheckHeading);

    proxy.release();
    await fake.waitFor(() => ids.every((id) => answersTo(id).some(isReport)), 15_000, 'six reports');
    await proxy.idle();
    expect(proxy.counts().connections).toBe(6);
    expect(proxy.maxOpen()).toBe(2);
    const ahead = positions.map((id) => Number(QUEUED.exec(String(answersTo(id)[0].body.text))?.[1])).sort();
    expect(ahead).toEqual([2, 3, 4, 5]);
    for (const id of positions) {
      expect(answersTo(id).map((r) => (isReport(r) ? 'report' : 'position'))).toEqual(['position', 'report']);
      expect(answersTo(id)[0].body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    }
    for (const id of ids.filter((x) => !positions.includes(x))) expect(answersTo(id).map(isReport)).toEqual([true]);
    expect(app.logger.events('lm_check')).toHaveLength(6);
    expect(app.logger.events('lm_check_failed')).toHaveLength(0);
  });

  it('runs the automatic pair check again once a slot is free', async () => {
    const pasteTs = nextTs();
    await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts: pasteTs, text: CREDSSP_PASTE, channel: 'C0CAPFREE' })));
    const reply = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === pasteTs), 10_000, 'the paste reply');
    expect(JSON.stringify(reply.params.blocks)).toContain(MESSAGES.adCheckHeading);
  });
});
