/** Slack's v0 request signature (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
import { createHmac } from 'node:crypto';
import { SIGNING_SECRET } from './slack-constants';

export function signSlackRequest(rawBody: string, timestampSec: number = Math.floor(Date.now() / 1000), secret: string = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': signature };
}
