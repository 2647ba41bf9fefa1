/**
 * Hostile messages through the real app in HTTP mode (signed events on loopback, the fake Slack records the Web API
 * calls). A mention is always answered (a diagnosis or the "no match" sentence), so every event must produce exactly
 * one reply in its thread, and no text from the message may turn into Slack markup in that reply. Covers the
 * message `text` and rich-text `blocks` (nested up to 12,000 levels deep), which the listener reads instead.
 */
import fc from 'fast-check';
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { knowledgeIndex, startTestApp, type TestApp } from '../support/slack-test-app';
import { signSlackRequest } from '../support/sign-slack-request';
import { eventCallback, nextTs } from '../support/slack-payloads';
import { BOT_USER_ID, CHANNEL, USER } from '../support/slack-constants';
import { HOSTILE_MARKUP, controlSequencesOf, markupProblems } from '../support/slack-output';
import { renderDiagnosisBlocks } from '../../src/slack/render-diagnosis-blocks';
import type { SlackMessage } from '../../src/slack/block-kit';

let fake: SlackApiServer;
let app: TestApp;

beforeAll(async () => {
  fake = await startSlackApiServer();
  // Hundreds of mentions in one channel: the per-channel reply limit (tested in test/slack/rate-limits.test.ts) is off.
  app = await startTestApp({ mode: 'http', fake, env: { LM_CHANNEL_REPLIES_PER_MINUTE: '0' } });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** Links lm-doctor itself writes: those of every entry rendered without names from a paste, and of its source links. */
const ALLOWED = new Set(knowledgeIndex().entries.flatMap((entry) => [...controlSequencesOf(renderDiagnosisBlocks({
  entry, confidence: 0.5, alternatives: [], signals: [], names: { hosts: [] }, codes: [], eventIds: [], truncated: false,
}))]).concat(knowledgeIndex().entries.filter((e) => e.outOfScope).map((e) => `<${e.sources[0]}|source>`)));

/** POSTs an app_mention whose `event` is given as raw JSON (so nesting deeper than JSON.stringify allows is possible). */
async function mention(ts: string, text: string, blocksJson?: string): Promise<number> {
  const event = { type: 'app_mention', channel: CHANNEL, user: USER, text: `<@${BOT_USER_ID}> ${text}`, ts, event_ts: ts };
  const envelope = JSON.stringify(eventCallback(event));
  const raw = blocksJson ? envelope.replace(/\}\}$/, `,"blocks":${blocksJson}}}`) : envelope;
  const res = await fetch(app.eventsUrl, {
    method: 'POST', headers: { 'content-type': 'application/json', ...signSlackRequest(raw) }, body: raw,
  });
  await res.arrayBuffer();
  return res.status;
}

async function replyTo(ts: string): Promise<ApiCall> {
  const call = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 5000, `reply to ${ts}`);
  // Give a duplicate a moment to show up before counting.
  await new Promise((r) => setTimeout(r, 5));
  expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toHaveLength(1);
  return call;
}

const asMessage = (call: ApiCall) => ({ text: String(call.params.text ?? ''), blocks: (call.params.blocks ?? []) as SlackMessage['blocks'] });

const examples = knowledgeIndex().entries.flatMap((e) => e.examples);
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.constantFrom(...examples), fc.constantFrom(...HOSTILE_MARKUP), fc.nat())
    .map(([text, hostile, at]) => text.replace(/'([^'\n]{1,64})'/g, `'${hostile}'`).slice(0, 200 + (at % 2000)) + hostile),
  fc.array(fc.constantFrom(...HOSTILE_MARKUP), { minLength: 1, maxLength: 30 }).map((a) => a.join(' ')),
);

/** Rich text as Slack sends it: sections, quotes, lists and preformatted blocks around text, links and mentions. */
function richText(depth: number, leaf: string): string {
  const text = JSON.stringify({ type: 'text', text: leaf });
  const link = JSON.stringify({ type: 'link', url: 'https://evil.example/', text: '<!channel>' });
  let node = `{"type":"rich_text_section","elements":[${text},${link},{"type":"user","user_id":"U0BOSS"},{"type":"broadcast","range":"channel"}]}`;
  const kinds = ['rich_text_quote', 'rich_text_list', 'rich_text_preformatted', 'rich_text_section'];
  for (let i = 0; i < depth; i++) node = `{"type":"${kinds[i % kinds.length]}","elements":[${node}]}`;
  return `[{"type":"rich_text","block_id":"b1","elements":[${node}]}]`;
}

describe('hostile messages through the real app (HTTP mode)', () => {
  it('answers every hostile mention exactly once, with no markup from the message', async () => {
    await fc.assert(fc.asyncProperty(hostileText, async (text) => {
      const ts = nextTs();
      expect(await mention(ts, text)).toBe(200);
      expect(markupProblems(asMessage(await replyTo(ts)), ALLOWED)).toEqual([]);
    }), { numRuns: 150 });
  });

  it('reads hostile rich-text blocks at any depth (up to 12,000 levels) and still answers once, safely', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 50, max: 12_000 })),
      fc.constantFrom(...examples, ...HOSTILE_MARKUP), async (depth, leaf) => {
        const ts = nextTs();
        expect(await mention(ts, 'see the code block', richText(depth, leaf))).toBe(200);
        expect(markupProblems(asMessage(await replyTo(ts)), ALLOWED)).toEqual([]);
      }), { numRuns: 60 });
  });
});
