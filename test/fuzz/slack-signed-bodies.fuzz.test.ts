/**
 * Signed random bodies against the real process (bin/lm-doctor serve, HTTP mode): random JSON, random forms (with
 * and without a JSON `payload`), and real event, command and button payloads with fields replaced by random JSON
 * or removed. The signature is right every time, so everything reaches the body check. The process survives every
 * one: each gets a 200, a 400 or (a command or button Bolt has no listener for, after its 3 s) a 404, nothing reaches
 * standard error, no process fault is logged, and a real paste is still answered at the end (issue 14, item 5).
 */
import fc from 'fast-check';
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { signSlackRequest } from '../support/sign-slack-request';
import { blockAction, eventCallback, messageEvent, nextTs, postSigned, slashCommand } from '../support/slack-payloads';
import { BOT_USER_ID, CHANNEL, USER } from '../support/slack-constants';
import { CREDSSP_PASTE } from '../support/slack-pastes';
import { ACTION_FIXED } from '../../src/slack/render-diagnosis-blocks';
import { encodeFeedbackRef } from '../../src/slack/feedback-ref';

jest.setTimeout(120_000);

let fake: SlackApiServer;
let app: AppProcess;
beforeAll(async () => {
  fake = await startSlackApiServer();
  app = await startAppProcess(fake.apiUrl, {
    LOG_LEVEL: 'info', LM_CHANNEL_REPLIES_PER_MINUTE: '0', LM_CHECKS_PER_CHANNEL_PER_MINUTE: '0', LM_CHECK_USER_INTERVAL_SECONDS: '0',
  });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const ALLOWED = new Set([200, 400, 404]);

async function postRaw(raw: string, contentType: string): Promise<number> {
  const res = await fetch(app.eventsUrl, { method: 'POST', headers: { 'content-type': contentType, ...signSlackRequest(raw) }, body: raw });
  await res.arrayBuffer();
  return res.status;
}

async function survives(raw: string, contentType: string): Promise<void> {
  const status = await postRaw(raw, contentType);
  expect(ALLOWED.has(status)).toBe(true);
  expect(app.child.exitCode).toBeNull();
}

type Json = Record<string, unknown>;

/** Every path to a value in `o` (objects and arrays), e.g. ['event', 'channel'] or ['actions', '0', 'value']. */
function pathsOf(o: unknown, prefix: string[] = []): string[][] {
  if (typeof o !== 'object' || o === null) return [];
  return Object.entries(o).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

/** A deep copy of `o` with the value at `path` replaced (or removed when `value` is undefined). */
function mutate(o: Json, path: string[], value: unknown): Json {
  const copy = structuredClone(o);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

const mentionEvent = () => eventCallback({ type: 'app_mention', channel: CHANNEL, user: USER, text: `<@${BOT_USER_ID}> ${CREDSSP_PASTE}`, ts: nextTs(), event_ts: '1.1' });
const BASES: { name: string; payload: () => Json; kind: 'event' | 'command' | 'interaction'; keep: string[] }[] = [
  { name: 'message', payload: () => eventCallback(messageEvent({ text: CREDSSP_PASTE })), kind: 'event', keep: [] },
  { name: 'mention', payload: mentionEvent, kind: 'event', keep: [] },
  // Changing the command or the action id would only find no listener, which Bolt answers after 3 s: kept as is.
  { name: 'command', payload: () => slashCommand('HV01 HV02', fake.responseUrl(`fuzz-${nextTs()}`)), kind: 'command', keep: ['command'] },
  {
    name: 'button', kind: 'interaction', keep: ['actions.0.action_id'],
    payload: () => blockAction(ACTION_FIXED, encodeFeedbackRef({ entry: 'credssp-double-hop', alternatives: [], names: {}, thread: '1700000000.000100' }), fake.responseUrl(`fuzz-${nextTs()}`)),
  },
];

function encode(kind: 'event' | 'command' | 'interaction', payload: Json): { raw: string; type: string } {
  if (kind === 'event') return { raw: JSON.stringify(payload), type: 'application/json' };
  if (kind === 'interaction') return { raw: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), type: 'application/x-www-form-urlencoded' };
  // A command is a form: a non-string value becomes its JSON text, as a confused sender would send it.
  const fields = Object.entries(payload).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']);
  return { raw: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' };
}

const mutation = fc.constantFrom(...BASES).chain((base) => {
  const sample = base.payload();
  const paths = pathsOf(sample).filter((p) => !base.keep.includes(p.join('.')));
  return fc.tuple(fc.constant(base), fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined })), { minLength: 1, maxLength: 4 }));
});

describe('signed random bodies against the real process', () => {
  it('survives random JSON bodies', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
      await survives(JSON.stringify(value), 'application/json');
    }), { numRuns: 300 });
  });

  it('survives random forms, with and without a JSON payload field', async () => {
    const field = fc.string({ maxLength: 20 });
    await fc.assert(fc.asyncProperty(
      fc.dictionary(field, fc.string({ maxLength: 40 }), { maxKeys: 6 }),
      fc.option(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), { nil: undefined }),
      async (fields, payload) => {
        const form = new URLSearchParams(fields);
        if (payload !== undefined) form.set('payload', payload);
        await survives(form.toString(), 'application/x-www-form-urlencoded');
      },
    ), { numRuns: 300 });
  });

  it('survives real payloads with fields replaced by random JSON or removed', async () => {
    await fc.assert(fc.asyncProperty(mutation, async ([base, changes]) => {
      let payload = base.payload();
      for (const [path, value] of changes) {
        if (pathsOf(payload).some((p) => p.join('.') === path.join('.'))) payload = mutate(payload, path, value);
      }
      const { raw, type } = encode(base.kind, payload);
      await survives(raw, type);
    }), { numRuns: 600 });
  });

  it('still answers a real paste, with nothing on standard error and no fault or error logged', async () => {
    const ts = nextTs();
    expect((await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: CREDSSP_PASTE })))).status).toBe(200);
    await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === ts), 5000, 'reply');
    expect(app.stderr.join('')).toBe('');
    expect(app.logs.filter((r) => r.event === 'lm_process_error')).toEqual([]);
    // No listener tripped over a body that passed the check either (Bolt would log lm_bolt_error).
    expect(app.logs.filter((r) => r.level === 'error').map((r) => r.event)).toEqual([]);
    expect(app.logs.filter((r) => r.event === 'lm_request_refused').length).toBeGreaterThan(100);
  });
});
