/**
 * Slack's v0 request signature, checked on raw bytes: a body signed as Slack documents it passes, and every way a
 * request can be forged, stale or malformed fails with a reason that never contains the expected signature.
 */
import { createHmac } from 'node:crypto';
import { verifySignature, SIGNATURE_WINDOW_SECONDS } from '../../src/slack/verify-signature';

const SECRET = 'test-signing-secret';
const NOW_MS = 1_800_000_000_000;
const now = String(NOW_MS / 1000);

// Independent of the code under test: the recipe from Slack's documentation, on the body as text.
const sign = (timestamp: string, body: string, secret = SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

const request = (body: string, timestamp: string | undefined, signature: string | undefined) => ({ rawBody: Buffer.from(body, 'utf8'), timestamp, signature });

test('a body signed with the secret passes, multi-byte text included', () => {
  for (const body of ['{"type":"event_callback"}', 'payload=%7B%7D', '{"text":"Live-Migration fehlgeschlagen – ünïcödé ✓"}', '']) {
    expect(verifySignature(request(body, now, sign(now, body)), SECRET, NOW_MS)).toEqual({ ok: true });
  }
});

test.each([
  ['another secret', request('{}', now, sign(now, '{}', 'other-secret'))],
  ['a changed body', request('{"a":2}', now, sign(now, '{"a":1}'))],
  ['a changed timestamp', request('{}', String(NOW_MS / 1000 - 1), sign(now, '{}'))],
  ['no signature', request('{}', now, undefined)],
  ['no timestamp', request('{}', undefined, sign(now, '{}'))],
  ['a v1 signature', request('{}', now, sign(now, '{}').replace('v0=', 'v1='))],
  ['a short signature', request('{}', now, sign(now, '{}').slice(0, 20))],
  ['a timestamp that is not a number', request('{}', 'abc', sign('abc', '{}'))],
])('%s fails', (_what, req) => {
  const verdict = verifySignature(req, SECRET, NOW_MS);
  expect(verdict.ok).toBe(false);
  if (!verdict.ok) expect(verdict.reason).not.toContain(sign(now, '{}').slice(3, 20));
});

test('the replay window is five minutes either way', () => {
  const at = (offsetSeconds: number) => String(NOW_MS / 1000 + offsetSeconds);
  for (const offset of [-SIGNATURE_WINDOW_SECONDS, SIGNATURE_WINDOW_SECONDS, 0]) {
    expect(verifySignature(request('{}', at(offset), sign(at(offset), '{}')), SECRET, NOW_MS).ok).toBe(true);
  }
  for (const offset of [-SIGNATURE_WINDOW_SECONDS - 1, SIGNATURE_WINDOW_SECONDS + 1]) {
    const verdict = verifySignature(request('{}', at(offset), sign(at(offset), '{}')), SECRET, NOW_MS);
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/5 minutes/) });
  }
});
