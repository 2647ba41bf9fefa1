/**
 * lm-doctor's own rate limits through the real Bolt app in HTTP mode: paste replies per channel (with one ephemeral
 * "paused" notice per person), /lm-check runs per channel and per user, each configurable and off at 0.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { CHATTER, CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';
import { metricValue } from '../support/prometheus-text';
import { MESSAGES } from '../../src/slack/messages';
import { createMetrics } from '../../src/support/metrics';

const WINDOW_MS = 1500;
let fake: SlackApiServer;
const apps: TestApp[] = [];

beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  for (const a of apps) await a.stop();
  await fake?.close();
});

async function app(env: Record<string, string>, metrics = createMetrics()): Promise<TestApp> {
  const a = await startTestApp({
    mode: 'http', fake, env, tuning: { channelWindowMs: WINDOW_MS }, services: { metrics },
    directory: new InMemoryDirectory(mesh(['HV01', 'HV02'])),
  });
  apps.push(a);
  return a;
}

let channelSeq = 0;
const freshChannel = () => `C0LIM${String(++channelSeq).padStart(4, '0')}`;
const repliesIn = (ts: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts);
const noticesIn = (channel: string) => fake.callsTo('chat.postEphemeral').filter((c) => c.params.channel === channel);

/** Posts a message and waits until the app has handled it: a reply, a notice, or (for silence) a later sentinel. */
async function say(a: TestApp, fields: Record<string, unknown>): Promise<string> {
  const ts = (fields.ts as string | undefined) ?? nextTs();
  await postSigned(a.eventsUrl, eventCallback(messageEvent({ ...fields, ts })));
  await fake.waitFor(() => a.logger.records.some((r) => r.fields.ts === ts && /^lm_(reply|silent|reply_rate_limited)$/.test(String(r.fields.event))), 3000, `handling of ${ts}`);
  return ts;
}

describe('paste replies per channel (LM_CHANNEL_REPLIES_PER_MINUTE)', () => {
  it('answers up to the limit, then tells each person once, in their thread, and leaves other channels alone', async () => {
    const metrics = createMetrics();
    const a = await app({ LM_CHANNEL_REPLIES_PER_MINUTE: '2' }, metrics);
    const channel = freshChannel();
    for (let i = 0; i < 4; i++) await say(a, { channel, text: CHATTER[i % CHATTER.length] }); // chatter costs nothing
    const first = await say(a, { channel, text: CREDSSP_PASTE });
    const second = await say(a, { channel, text: MEMORY_PASTE });
    const parent = nextTs();
    const third = await say(a, { channel, text: CREDSSP_PASTE, thread_ts: parent, user: 'U0ALICE' });
    const fourth = await say(a, { channel, text: MEMORY_PASTE, user: 'U0ALICE' });
    const fifth = await say(a, { channel, text: MEMORY_PASTE, user: 'U0BOB' });
    const elsewhere = await say(a, { channel: freshChannel(), text: MEMORY_PASTE });

    expect([first, second, third, fourth, fifth, elsewhere].map((ts) => repliesIn(ts).length)).toEqual([1, 1, 0, 0, 0, 1]);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === parent)).toHaveLength(0);
    const notices = noticesIn(channel);
    expect(notices.map((c) => c.params.user)).toEqual(['U0ALICE', 'U0BOB']);
    expect(notices[0].params.thread_ts).toBe(parent); // where Alice pasted
    expect(notices[1].params.thread_ts).toBeUndefined(); // Bob pasted in the channel itself
    const wait = Number(/in (\d+) s/.exec(String(notices[0].params.text))?.[1]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    expect(String(notices[0].params.text)).toBe(MESSAGES.channelRateLimited(wait));

    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'lm_rate_limited_total', { limit: 'paste_channel' })).toBe(3);
    const logged = a.logger.events('lm_reply_rate_limited');
    expect(logged.map((r) => r.ts)).toEqual([third, fourth, fifth]);
    expect(logged[0]).toMatchObject({ channel, entry: 'credssp-double-hop' });
    expect(JSON.stringify(logged)).not.toContain('CredSSP'); // no paste text in the log by default
  });

  it('answers again once the window has passed', async () => {
    const a = await app({ LM_CHANNEL_REPLIES_PER_MINUTE: '1' });
    const channel = freshChannel();
    const answered = await say(a, { channel, text: MEMORY_PASTE });
    const refused = await say(a, { channel, text: MEMORY_PASTE });
    await new Promise((r) => setTimeout(r, WINDOW_MS + 100));
    const later = await say(a, { channel, text: MEMORY_PASTE });
    expect([answered, refused, later].map((ts) => repliesIn(ts).length)).toEqual([1, 0, 1]);
  });

  it('counts the "no match" answer to a mention as a reply, and stays silent when the budget is spent', async () => {
    const a = await app({ LM_CHANNEL_REPLIES_PER_MINUTE: '1' });
    const channel = freshChannel();
    await say(a, { channel, text: MEMORY_PASTE });
    const mention = nextTs();
    await postSigned(a.eventsUrl, eventCallback({ type: 'app_mention', channel, user: 'U0CAROL', text: '<@UBOT> what about this?', ts: mention, event_ts: mention }));
    await fake.waitFor(() => noticesIn(channel).length > 0, 3000, 'notice for the mention');
    expect(repliesIn(mention)).toHaveLength(0);
    expect(noticesIn(channel)[0].params.user).toBe('U0CAROL');
  });

  it('has no limit at 0', async () => {
    const a = await app({ LM_CHANNEL_REPLIES_PER_MINUTE: '0' });
    const channel = freshChannel();
    const stamps: string[] = [];
    for (let i = 0; i < 25; i++) stamps.push(await say(a, { channel, text: i % 2 ? MEMORY_PASTE : CREDSSP_PASTE }));
    expect(stamps.filter((ts) => repliesIn(ts).length === 1)).toHaveLength(25);
    expect(noticesIn(channel)).toHaveLength(0);
  });
});

describe('/lm-check per channel and per user', () => {
  let n = 0;
  async function check(a: TestApp, fields: Record<string, string>): Promise<string> {
    const res = await postSigned(a.eventsUrl, slashCommand('HV01 HV02', fake.responseUrl(`rl-${++n}`), fields), { kind: 'command' });
    return (JSON.parse(res.body) as { text: string }).text;
  }

  it('refuses the checks over LM_CHECKS_PER_CHANNEL_PER_MINUTE in one channel, saying how long to wait', async () => {
    const metrics = createMetrics();
    const a = await app({ LM_CHECKS_PER_CHANNEL_PER_MINUTE: '2' }, metrics);
    const channel = freshChannel();
    const acks = [];
    for (const user of ['U0A', 'U0B', 'U0C']) acks.push(await check(a, { channel_id: channel, user_id: user }));
    const other = await check(a, { channel_id: freshChannel(), user_id: 'U0D' });
    expect(acks.slice(0, 2)).toEqual([MESSAGES.checkAck(['HV01', 'HV02']), MESSAGES.checkAck(['HV01', 'HV02'])]);
    const wait = Number(/in (\d+) s/.exec(acks[2])?.[1]);
    expect(acks[2]).toBe(MESSAGES.checkChannelRateLimited(wait));
    expect(wait).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    expect(other).toBe(MESSAGES.checkAck(['HV01', 'HV02']));
    expect(metricValue(await metrics.registry.metrics(), 'lm_rate_limited_total', { limit: 'lm_check_channel' })).toBe(1);
    expect(a.logger.events('lm_check_refused')).toEqual([expect.objectContaining({ reason: 'rate_limited', limit: 'lm_check_channel', channel })]);
  });

  it('limits one person to one check per LM_CHECK_USER_INTERVAL_SECONDS, and not at all at 0', async () => {
    const limited = await app({});
    const channel = freshChannel();
    expect(await check(limited, { channel_id: channel, user_id: 'U0SAME' })).toBe(MESSAGES.checkAck(['HV01', 'HV02']));
    expect(await check(limited, { channel_id: channel, user_id: 'U0SAME' })).toMatch(/^One check at a time, please: try again in [1-5] s\.$/);
    const free = await app({ LM_CHECK_USER_INTERVAL_SECONDS: '0' });
    for (let i = 0; i < 3; i++) expect(await check(free, { channel_id: channel, user_id: 'U0SAME' })).toBe(MESSAGES.checkAck(['HV01', 'HV02']));
  });
});
