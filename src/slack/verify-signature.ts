/**
 * Slack's request signature (v0), checked on the raw bytes of a request body: HMAC-SHA256 of `v0:{timestamp}:{body}`
 * with the signing secret, compared in constant time (crypto.timingSafeEqual), and a timestamp within five minutes
 * of now either way (Slack's replay window). Bolt's own check converts the body to a string and compares in
 * JavaScript; this one runs once per delivery on the thread that acknowledges, so it stays on bytes.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  rawBody: Buffer;
  /** The `x-slack-request-timestamp` header, as sent. */
  timestamp: string | undefined;
  /** The `x-slack-signature` header, as sent. */
  signature: string | undefined;
}

/** Why a request failed the check, for the log line (never the expected signature). */
export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

const HEX_SHA256 = /^v0=[0-9a-f]{64}$/;

export function verifySignature(request: SignedRequest, signingSecret: string, nowMs: number): SignatureVerdict {
  const { timestamp, signature } = request;
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'x-slack-request-timestamp is missing or not a number' };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'x-slack-request-timestamp is more than 5 minutes from now (stale or replayed)' };
  }
  if (signature === undefined || !HEX_SHA256.test(signature)) return { ok: false, reason: 'x-slack-signature is missing or not a v0 signature' };
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(request.rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
