/** The small pure parts the listeners are built from: event filter, dedupe memory, rate limit, button values. */
import { toPaste, type RawMessageEvent } from '../../src/slack/to-paste';
import { createRecentKeys, DEDUPE_TTL_MS } from '../../src/support/recent-keys';
import { LoadShedError } from '../../src/support/errors';
import { createSemaphore } from '../../src/support/semaphore';
import { isAllowedResponseUrl } from '../../src/slack/response-url';
import { createRateLimiter } from '../../src/support/rate-limiter';
import { decodeFeedbackRef, encodeFeedbackRef } from '../../src/slack/feedback-ref';
import { planLmCheck } from '../../src/slack/on-lm-check';
import { BOT_USER_ID } from '../support/slack-constants';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { createRecordingLogger } from '../support/recording-logger';

const base: RawMessageEvent = { type: 'message', channel: 'C0OPS', user: 'U0ALICE', text: '0x8009030E', ts: '1.000001', channel_type: 'channel' };
const filter = { botUserId: BOT_USER_ID, channels: new Set(['C0OPS']) };

describe('toPaste', () => {
  it.each<[string, Partial<RawMessageEvent>, boolean]>([
    ['a plain message', {}, true],
    ['a file share', { subtype: 'file_share' }, true],
    ['a thread broadcast', { subtype: 'thread_broadcast', thread_ts: '0.5' }, true],
    ['an edit', { subtype: 'message_changed' }, false],
    ['a delete', { subtype: 'message_deleted' }, false],
    ['a join', { subtype: 'channel_join' }, false],
    ['a bot message', { subtype: 'bot_message', bot_id: 'B1' }, false],
    ['a bot posting as a user', { bot_id: 'B1' }, false],
    ['our own message', { user: BOT_USER_ID }, false],
    ['a message without user', { user: undefined }, false],
    ['a hidden message', { hidden: true }, false],
    ['a channel outside LM_CHANNELS', { channel: 'C0ELSE' }, false],
    ['a DM outside LM_CHANNELS', { channel: 'D0DM', channel_type: 'im' }, true],
    ['a channel message mentioning the bot (app_mention answers it)', { text: `<@${BOT_USER_ID}> 0x8009030E` }, false],
    ['an app_mention outside LM_CHANNELS', { type: 'app_mention', channel: 'C0ELSE', text: `<@${BOT_USER_ID}> hi` }, true],
    ['an edited app_mention', { type: 'app_mention', edited: { user: 'U0ALICE', ts: '2' } }, false],
  ])('%s → %s', (_what, fields, answered) => {
    expect(toPaste({ ...base, ...fields }, filter) !== undefined).toBe(answered);
  });

  it('threads under the paste, or in its thread, and strips the bot mention', () => {
    expect(toPaste(base, filter)).toMatchObject({ threadTs: '1.000001', mention: false });
    expect(toPaste({ ...base, thread_ts: '0.9' }, filter)?.threadTs).toBe('0.9');
    expect(toPaste({ ...base, type: 'app_mention', text: `<@${BOT_USER_ID}> 0x8009030E` }, filter)).toMatchObject({ mention: true, message: { text: '0x8009030E' } });
  });
});

describe('createRecentKeys', () => {
  it('claims a key once within the TTL and again after it', () => {
    let t = 0;
    const keys = createRecentKeys({ ttlMs: 1000, now: () => t });
    expect(keys.claim('C1:1')).toBe(true);
    expect(keys.claim('C1:1')).toBe(false);
    t = 999;
    expect(keys.claim('C1:1')).toBe(false);
    t = 1000;
    expect(keys.claim('C1:1')).toBe(true);
  });

  it('remembers a key for 1 hour by default, however many keys come after it', () => {
    let t = 0;
    const keys = createRecentKeys({ now: () => t });
    expect(keys.claim('C1:paste')).toBe(true);
    for (let i = 0; i < 10_001; i++) keys.claim(`C1:chatter-${i}`);
    t = DEDUPE_TTL_MS - 1;
    expect(keys.claim('C1:paste')).toBe(false);
    t = DEDUPE_TTL_MS;
    expect(keys.claim('C1:paste')).toBe(true);
    expect(keys.size).toBe(1); // everything older has expired
  });

  it('at its cap, refuses new keys with LoadShedError instead of forgetting live ones; room comes back as keys expire', () => {
    let t = 0;
    const keys = createRecentKeys({ maxKeys: 3, ttlMs: 1000, now: () => t });
    expect(['a', 'b', 'c'].map((k) => keys.claim(k))).toEqual([true, true, true]);
    t = 500;
    expect(() => keys.claim('d')).toThrow(LoadShedError);
    expect(() => keys.claim('d')).toThrow(expect.objectContaining({ kind: 'dedupe' }));
    expect(keys.claim('a')).toBe(false); // a retry of a live key is still recognised while full
    expect(keys.size).toBe(3);
    t = 1000;
    expect(keys.claim('d')).toBe(true);
    expect(keys.claim('a')).toBe(true);
  });
});

describe('createSemaphore', () => {
  /** Work that finishes when the test says so. */
  function gate() {
    let open = (): void => undefined;
    const done = new Promise<void>((r) => { open = r; });
    return { open, work: async () => { await done; return 'done'; } };
  }

  it('runs `limit` at once; the rest wait in order, each told how many are ahead of it', async () => {
    const slots = createSemaphore({ limit: 2 });
    const gates = [gate(), gate(), gate(), gate()];
    const ahead: number[] = [];
    const started: number[] = [];
    const runs = gates.map((g, i) => slots.run(async () => { started.push(i); return g.work(); }, (n) => ahead.push(n)));
    expect(started).toEqual([0, 1]);
    expect(ahead).toEqual([2, 3]);
    expect([slots.running, slots.waiting]).toEqual([2, 2]);
    gates[1].open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done', 'done']);
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
  });

  it('frees the slot when work fails', async () => {
    const slots = createSemaphore({ limit: 1 });
    await expect(slots.run(async () => { throw new Error('LDAP down'); })).rejects.toThrow('LDAP down');
    await expect(slots.run(() => { throw new Error('thrown before a promise'); })).rejects.toThrow('thrown before');
    expect(slots.running).toBe(0);
  });

  it('tryRun never waits; a full queue sheds with LoadShedError of its kind', async () => {
    const slots = createSemaphore({ limit: 1, maxWaiting: 1, kind: 'directory_check' });
    const g = gate();
    const first = slots.tryRun(g.work);
    expect(first).toBeDefined();
    expect(slots.tryRun(g.work)).toBeUndefined();
    const second = slots.run(g.work);
    expect(slots.full).toBe(true);
    await expect(slots.run(g.work)).rejects.toEqual(expect.objectContaining({ kind: 'directory_check' }));
    await expect(slots.run(g.work)).rejects.toBeInstanceOf(LoadShedError);
    g.open();
    expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    expect(slots.full).toBe(false);
  });
});

describe('isAllowedResponseUrl', () => {
  const slack = ['https://hooks.slack.com'];
  it.each<[string, unknown, readonly string[], boolean]>([
    ['Slack\'s command hook', 'https://hooks.slack.com/commands/T1/1/abc', slack, true],
    ['Slack\'s action hook', 'https://hooks.slack.com/actions/T1/2/def', slack, true],
    ['plain http to Slack', 'http://hooks.slack.com/commands/T1/1/abc', slack, false],
    ['another port', 'https://hooks.slack.com:8443/commands/T1/1/abc', slack, false],
    ['a look-alike host', 'https://hooks.slack.com.evil.example/commands', slack, false],
    ['a sub-domain', 'https://x.hooks.slack.com/commands', slack, false],
    ['user info in front of the host', 'https://hooks.slack.com@evil.example/commands', slack, false],
    ['credentials on the right host', 'https://u:p@hooks.slack.com/commands', slack, false],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', slack, false],
    ['not a URL', 'hooks.slack.com/commands', slack, false],
    ['missing', undefined, slack, false],
    ['GovSlack when configured', 'https://hooks.slack-gov.com/commands/T1/1/a', [...slack, 'https://hooks.slack-gov.com'], true],
    ['a configured loopback origin', 'http://127.0.0.1:4000/respond/T1/1', [...slack, 'http://127.0.0.1:4000'], true],
    ['the same loopback host, another port', 'http://127.0.0.1:4001/respond/T1/1', [...slack, 'http://127.0.0.1:4000'], false],
  ])('%s', (_what, url, origins, allowed) => {
    expect(isAllowedResponseUrl(url, origins)).toBe(allowed);
  });
});

describe('createRateLimiter', () => {
  it('allows one take per interval per key and says how long to wait', () => {
    let t = 0;
    const limiter = createRateLimiter({ windowMs: 5000, now: () => t });
    expect(limiter.take('U1')).toBe(0);
    t = 1200;
    expect(limiter.take('U1')).toBe(3800);
    expect(limiter.take('U2')).toBe(0);
    t = 5000;
    expect(limiter.take('U1')).toBe(0);
  });

  it('allows `limit` takes per window, the window starting with the first take', () => {
    let t = 1000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => t });
    expect([limiter.take('C1'), limiter.take('C1'), limiter.take('C1')]).toEqual([0, 0, 0]);
    t = 31_000;
    expect(limiter.take('C1')).toBe(30_000);
    expect(limiter.take('C2')).toBe(0);
    t = 61_000;
    expect([limiter.take('C1'), limiter.take('C1'), limiter.take('C1'), limiter.take('C1')]).toEqual([0, 0, 0, 60_000]);
  });
});

describe('feedback button values', () => {
  it('round-trip and drop anything unsafe', () => {
    const ref = { entry: 'credssp-double-hop', alternatives: ['kdc-unreachable'], names: { source: 'HV01', destination: 'hv02.contoso.local', vm: 'SQL 01' }, thread: '1700000000.000100' };
    expect(decodeFeedbackRef(encodeFeedbackRef(ref))).toEqual(ref);
    expect(decodeFeedbackRef(encodeFeedbackRef({ ...ref, names: { source: '<!channel>' } }))?.names).toEqual({});
    const privateAnswer = { ...ref, key: 'k0123456789abcdef' };
    expect(decodeFeedbackRef(encodeFeedbackRef(privateAnswer))).toEqual(privateAnswer);
    expect(decodeFeedbackRef(encodeFeedbackRef({ ...ref, key: 'k../../etc' }))).toEqual(ref);
    expect(decodeFeedbackRef('{"e":"../x"}')).toBeUndefined();
    expect(decodeFeedbackRef('not json')).toBeUndefined();
    expect(decodeFeedbackRef(undefined)).toBeUndefined();
  });
});

describe('planLmCheck', () => {
  const services = (over = {}) => ({ directory: new InMemoryDirectory([]), logger: createRecordingLogger(), limiter: createRateLimiter(), ...over });
  const cmd = (text: string) => ({ text, user_id: 'U1', channel_id: 'C1' });

  it('runs with the parsed hosts, in the channel only with "public" first', async () => {
    expect(await planLmCheck(cmd('hv01, HV02 hv01'), services())).toEqual({ kind: 'run', hosts: ['hv01', 'HV02'], inChannel: false });
    expect(await planLmCheck(cmd('PUBLIC HV01 HV02'), services())).toEqual({ kind: 'run', hosts: ['HV01', 'HV02'], inChannel: true });
    expect(await planLmCheck(cmd('HV01 public HV02'), services())).toMatchObject({ kind: 'run', hosts: ['HV01', 'public', 'HV02'] });
    expect(await planLmCheck(cmd('HV01 HV02 --storage --mode rbcd'), services())).toEqual({
      kind: 'run', hosts: ['HV01', 'HV02'], scope: { storage: true, fileServers: [], mode: 'rbcd' }, inChannel: false,
    });
  });

  it('checks access before usage, and usage before configuration and the rate limit', async () => {
    const limiter = createRateLimiter();
    expect(await planLmCheck(cmd('HV01'), services({ allowedUsers: new Set(['U9']) }))).toMatchObject({ reason: 'user' });
    expect(await planLmCheck(cmd('HV01'), services({ directory: undefined }))).toMatchObject({ reason: 'usage' });
    expect(await planLmCheck(cmd('HV01 HV02'), services({ directory: undefined }))).toMatchObject({ reason: 'not_configured' });
    expect(await planLmCheck(cmd('HV01'), services({ limiter }))).toMatchObject({ reason: 'usage' });
    expect(await planLmCheck(cmd('HV01 HV02'), services({ limiter }))).toMatchObject({ kind: 'run' }); // usage did not use the slot
    expect(await planLmCheck(cmd('HV01 HV02'), services({ limiter }))).toMatchObject({ reason: 'rate_limited', limit: 'lm_check_user' });
  });

  it('escapes the bad token it quotes', async () => {
    const plan = await planLmCheck(cmd('HV01 <!channel>'), services());
    expect(plan).toMatchObject({ kind: 'reply', reason: 'usage' });
    expect(JSON.stringify(plan)).not.toContain('<!channel>');
  });
});
