/** The small pure parts the listeners are built from: event filter, dedupe memory, rate limit, button values. */
import { toPaste, type RawMessageEvent } from '../../src/slack/to-paste';
import { createRecentKeys } from '../../src/support/recent-keys';
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

  it('stays bounded', () => {
    const keys = createRecentKeys({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) keys.claim(`k${i}`);
    expect(keys.size).toBeLessThanOrEqual(100);
    expect(keys.claim('k999')).toBe(false);
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
