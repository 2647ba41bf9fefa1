/**
 * /lm-check through the real Bolt app in HTTP mode: fast ack, report at the response_url, usage, configuration,
 * access control, rate limit and directory failures that never leak a DN, password or stack.
 */
import { startSlackApiServer, type RespondCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { postSigned, slashCommand } from '../support/slack-payloads';
import { CHANNEL } from '../support/slack-constants';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { powershellParser } from '../support/powershell-parser';
import { buildFixScript } from '../../src/core/delegation/build-fix-script';
import { checkMigrationPairs } from '../../src/core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../../src/core/delegation/parse-lm-check-args';
import { computer, mesh } from '../support/accounts';
import { MESSAGES } from '../../src/slack/messages';
import { DirectoryAuthError, DirectoryUnavailableError } from '../../src/support/errors';
import { directoryOver, type Directory } from '../../src/core/delegation/directory';

let fake: SlackApiServer;
const apps: TestApp[] = [];
let n = 0;

beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  for (const a of apps) await a.stop();
  await fake?.close();
});

async function app(options: { directory?: Directory; env?: Record<string, string> } = {}): Promise<TestApp> {
  const a = await startTestApp({ mode: 'http', fake, ...options });
  apps.push(a);
  return a;
}

/** Runs the command as a fresh user (so the per-user rate limit does not interfere) and returns the ack. */
async function run(a: TestApp, text: string, fields: Record<string, string> = {}) {
  const id = `cmd-${++n}`;
  const res = await postSigned(a.eventsUrl, slashCommand(text, fake.responseUrl(id), { user_id: `U0USER${n}`, ...fields }), { kind: 'command' });
  return { ...res, id, ack: res.body ? JSON.parse(res.body) as { response_type?: string; text?: string } : {} };
}

const responseFor = (id: string): Promise<RespondCall> =>
  fake.waitFor(() => fake.responds.find((r) => r.path.endsWith(`/${id}`)), 3000, `response ${id}`);

/** A directory that answers after `ms` milliseconds, like a distant DC. */
function slowDirectory(inner: Directory, ms: number): Directory {
  const wait = () => new Promise((r) => setTimeout(r, ms));
  return {
    session: (work) => inner.session((reader) => work({
      findComputers: async (names) => { await wait(); return reader.findComputers(names); },
      findSpnHolders: (spns) => reader.findSpnHolders(spns),
      findOperator: (name) => reader.findOperator(name),
    })),
  };
}

function failingDirectory(error: Error): Directory {
  return directoryOver({ findComputers: async () => { throw error; }, findSpnHolders: async () => [], findOperator: async () => undefined });
}

describe('/lm-check', () => {
  it('acks before AD answers, then posts an ephemeral report to the response_url', async () => {
    const healthy = new InMemoryDirectory([...mesh(['HV01', 'HV02']), computer('HV03')]);
    const a = await app({ directory: slowDirectory(healthy, 1500) });
    const res = await run(a, 'HV01 HV02 HV03');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000); // the directory alone takes 1.5 s: the ack cannot have waited for it
    expect(res.ack).toEqual({ response_type: 'ephemeral', text: MESSAGES.checkAck(['HV01', 'HV02', 'HV03']) });
    expect(fake.responds.find((r) => r.path.endsWith(`/${res.id}`))).toBeUndefined(); // the report comes later
    const report = await responseFor(res.id);
    expect(report.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const blocks = JSON.stringify(report.body.blocks);
    expect(blocks).toContain('FAIL'); // HV03 cannot delegate to anyone
    expect(blocks).toContain('Add-LmDelegation');
  });

  it('posts in the channel when the first word is "public"', async () => {
    const a = await app({ directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])) });
    const res = await run(a, 'public HV01 HV02');
    const report = await responseFor(res.id);
    expect(report.body.response_type).toBe('in_channel');
    expect(JSON.stringify(report.body.blocks)).toContain(MESSAGES.reportAllPairsOk(2));
  });

  it.each([
    ['', 'Check Kerberos delegation'],
    ['help', 'Check Kerberos delegation'],
    ['HV01', 'at least 2 different hosts'],
    ['public', 'Check Kerberos delegation'],
    ['HV01 *)(cn=*', 'is not a host name'],
  ])('answers %j with ephemeral usage help in the ack and runs nothing', async (text, expected) => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02']));
    const a = await app({ directory });
    const res = await run(a, text);
    expect(res.ack.response_type).toBe('ephemeral');
    expect(res.ack.text).toContain(expected);
    expect(res.ack.text).toContain('Usage: `/lm-check [public] HOST HOST');
    expect(directory.calls.session).toBe(0);
  });

  it('says how to configure a directory when none is configured', async () => {
    const a = await app();
    const res = await run(a, 'HV01 HV02');
    expect(res.ack).toEqual({ response_type: 'ephemeral', text: MESSAGES.checkNotConfigured });
  });

  it('refuses politely outside LM_CHECK_ALLOWED_CHANNELS and to people not in LM_CHECK_ALLOWED_USERS', async () => {
    const directory = new InMemoryDirectory(mesh(['HV01', 'HV02']));
    const a = await app({ directory, env: { LM_CHECK_ALLOWED_CHANNELS: 'C0ADMINS', LM_CHECK_ALLOWED_USERS: 'U0ADMIN' } });
    expect((await run(a, 'HV01 HV02', { channel_id: CHANNEL, user_id: 'U0ADMIN' })).ack.text).toBe(MESSAGES.checkRefusedChannel);
    expect((await run(a, 'HV01 HV02', { channel_id: 'C0ADMINS', user_id: 'U0MALLORY' })).ack.text).toBe(MESSAGES.checkRefusedUser);
    const ok = await run(a, 'HV01 HV02', { channel_id: 'C0ADMINS', user_id: 'U0ADMIN' });
    expect(ok.ack.text).toContain('Checking');
    await responseFor(ok.id);
    expect(directory.calls).toMatchObject({ session: 1, findComputers: 1 }); // one check, one session
  });

  it('limits each person to one check per 5 s', async () => {
    const a = await app({ directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])) });
    const first = await run(a, 'HV01 HV02', { user_id: 'U0FAST' });
    const second = await run(a, 'HV01 HV02', { user_id: 'U0FAST' });
    const other = await run(a, 'HV01 HV02', { user_id: 'U0SLOW' });
    expect(first.ack.text).toContain('Checking');
    expect(second.ack.text).toMatch(/^One check at a time, please: try again in [1-5] s\.$/);
    expect(other.ack.text).toContain('Checking');
  });

  it.each([
    ['an unreachable DC', new DirectoryUnavailableError('connect ETIMEDOUT 10.0.0.5:636 while binding CN=svc-lmcheck,OU=Svc,DC=contoso,DC=local'), /^Active Directory did not answer in time, so the check could not run\..*try again/],
    ['a refused bind', new DirectoryAuthError('80090308: LdapErr: DSID-0C09044E, data 52e; bind as CN=svc-lmcheck,DC=contoso,DC=local password Hunter2!'), /^Active Directory refused lm-doctor's read-only account .*admins/],
    ['an unexpected error', new TypeError("Cannot read properties of undefined (reading 'dn') CN=svc-lmcheck"), /^That failed unexpectedly\. Tell the lm-doctor admins/],
  ])('turns %s into a clear sentence without DN, password or stack', async (_what, error, expected) => {
    const a = await app({ directory: failingDirectory(error) });
    const res = await run(a, 'HV01 HV02');
    const report = await responseFor(res.id);
    expect(report.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(expected) });
    expect(JSON.stringify(report.body)).not.toMatch(/CN=|DC=|Hunter2|at .*\.ts:\d+/);
    expect(a.logger.events('lm_check_failed')[0]).toMatchObject({ error: error.message });
  });

  it('sends a 7-host fix script whole, split only between statements', async () => {
    const names = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06', 'HV07'];
    const accounts = names.map((n) => computer(n)); // nobody may delegate to anybody: the longest script
    const a = await app({ directory: new InMemoryDirectory(accounts) });
    const res = await run(a, `${names.join(' ')} --storage`);
    const report = await responseFor(res.id);
    const texts = (report.body.blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    expect(texts.some((t) => t.includes(MESSAGES.reportFixTrimmed))).toBe(false);
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const scriptStart = texts.findIndex((t) => t.includes(MESSAGES.reportFixScript));
    expect(scriptStart).toBeGreaterThan(-1);
    const chunks = texts.slice(scriptStart + 1).flatMap((t) => [...t.matchAll(/```\n([\s\S]*?)\n```/g)].map((m) => unescape(m[1])));
    expect(chunks.length).toBeGreaterThan(1);
    const expected = buildFixScript(await checkMigrationPairs(parseLmCheckArgs([...names, '--storage']), new InMemoryDirectory(names.map((n) => computer(n)))));
    expect(chunks.join('\n')).toBe(expected.trimEnd());
    const parse = await powershellParser();
    for (const chunk of chunks) expect(parse(chunk)).toEqual([]);
  });

  it('keeps a 64-host report within Block Kit limits', async () => {
    const names = Array.from({ length: 64 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const accounts = mesh(names);
    accounts[5] = computer('HV06'); // one host that may delegate to nobody: 63 failing pairs
    const a = await app({ directory: new InMemoryDirectory(accounts) });
    const res = await run(a, names.join(' '));
    const report = await responseFor(res.id);
    const blocks = report.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks)).toContain('HV06 → HV01');
  });
});
