/**
 * Request and envelope shapes that real Slack sends (reference/slack-platform.md §3.3, §4.2), and a signed POST.
 */
import { signSlackRequest } from './sign-slack-request';
import { BOT_USER_ID, CHANNEL, TEAM_ID, USER } from './slack-constants';

let seq = 0;
/** A fresh Slack-style ts: seconds.micros, unique per call. */
export function nextTs(): string {
  seq++;
  return `1700000${String(100 + seq).padStart(3, '0')}.${String(seq).padStart(6, '0')}`;
}

let interaction = 0;
/** A fresh trigger_id, as Slack gives every command and click its own (lm-doctor dedupes commands on it). */
export function nextTriggerId(): string {
  interaction++;
  return `${1700000000 + interaction}.${String(interaction).padStart(9, '0')}.${(interaction * 2654435761 >>> 0).toString(16)}`;
}

/** A fresh action_ts (lm-doctor dedupes button clicks on it and the user). */
export function nextActionTs(): string {
  interaction++;
  return `1800000001.${String(interaction).padStart(6, '0')}`;
}

export function messageEvent(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = (fields.ts as string | undefined) ?? nextTs();
  return { type: 'message', channel: CHANNEL, user: USER, text: '', ts, event_ts: ts, channel_type: 'channel', ...fields };
}

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`): Record<string, unknown> {
  return {
    token: 'legacy', team_id: TEAM_ID, api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    event,
  };
}

export function slashCommand(text: string, responseUrl: string, fields: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'legacy', team_id: TEAM_ID, team_domain: 'ops', channel_id: CHANNEL, channel_name: 'ops-hyperv', user_id: USER,
    user_name: 'alice', command: '/lm-check', text, api_app_id: 'A1', is_enterprise_install: 'false',
    response_url: responseUrl, trigger_id: nextTriggerId(), ...fields,
  };
}

/**
 * A button click (block_actions). On an ephemeral message (`ephemeral: true`) Slack sends the container only, with
 * no `message`, as for the shortcut's private answer.
 */
export function blockAction(actionId: string, value: string, responseUrl: string, fields: { messageTs?: string; user?: string; actionTs?: string; channel?: string; ephemeral?: boolean } = {}): Record<string, unknown> {
  const ts = fields.messageTs ?? '1800000000.000001';
  const channel = fields.channel ?? CHANNEL;
  return {
    type: 'block_actions', team: { id: TEAM_ID, domain: 'ops' }, user: { id: fields.user ?? USER, username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A1', token: 'legacy', trigger_id: nextTriggerId(),
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: fields.ephemeral === true },
    channel: { id: channel, name: 'ops-hyperv' },
    ...(fields.ephemeral ? {} : { message: { type: 'message', ts, text: 'lm-doctor reply' } }),
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'lm_feedback', value, action_ts: fields.actionTs ?? nextActionTs() }],
  };
}

/** A message shortcut (message_action) on `message`, as Slack sends it when someone picks it from a message's menu. */
export function messageShortcut(callbackId: string, message: Record<string, unknown>, responseUrl: string, fields: { channel?: string; user?: string; triggerId?: string } = {}): Record<string, unknown> {
  return {
    type: 'message_action', token: 'legacy', action_ts: nextActionTs(), team: { id: TEAM_ID, domain: 'ops' },
    user: { id: fields.user ?? USER, username: 'alice', team_id: TEAM_ID }, channel: { id: fields.channel ?? CHANNEL, name: 'ops-hyperv' },
    is_enterprise_install: false, enterprise: null, callback_id: callbackId, trigger_id: fields.triggerId ?? nextTriggerId(),
    response_url: responseUrl, message_ts: message.ts, message: { type: 'message', ...message },
  };
}

export interface PostResult {
  status: number;
  body: string;
  ms: number;
}

/** POSTs a signed request the way Slack does: JSON for events, form-urlencoded for commands and interactions. */
export async function postSigned(url: string, payload: Record<string, unknown>, options: {
  kind?: 'event' | 'command' | 'interaction'; timestampSec?: number; secret?: string; headers?: Record<string, string>;
} = {}): Promise<PostResult> {
  const kind = options.kind ?? 'event';
  const raw = kind === 'event' ? JSON.stringify(payload)
    : kind === 'command' ? new URLSearchParams(payload as Record<string, string>).toString()
      : new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded',
      ...signSlackRequest(raw, options.timestampSec, options.secret),
      ...options.headers,
    },
    body: raw,
  });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}
