/**
 * checkSlackBody: the shapes lm-doctor handles pass, kinds it has no listener for are ignored, and everything Bolt
 * would dereference blindly is refused with a reason.
 */
import { checkSlackBody } from '../../src/slack/check-slack-body';
import { blockAction, eventCallback, messageEvent, messageShortcut, slashCommand } from '../support/slack-payloads';

const event = eventCallback(messageEvent({ text: 'hello' }));
const mention = eventCallback({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '1.2', event_ts: '1.2' });
const command = slashCommand('HV01 HV02', 'https://hooks.slack.com/commands/T1/1/x');
const action = blockAction('lm_fixed', 'ref', 'https://hooks.slack.com/actions/T1/1/x');
const shortcut = messageShortcut('lm_diagnose_message', { ts: '1.2', text: '0x8009030E', user: 'U1' }, 'https://hooks.slack.com/app/T1/1/x');
const withEvent = (fields: Record<string, unknown>) => ({ ...event, event: { ...(event.event as object), ...fields } });

describe('checkSlackBody', () => {
  test.each([
    ['a message event', event],
    ['a mention', mention],
    ['another event type with an object channel', eventCallback({ type: 'channel_created', channel: { id: 'C2', creator: 'U1' } })],
    ['a slash command', command],
    ['a button click', action],
    ['an org-wide button click (team null)', { ...action, team: null, enterprise: null }],
    ['url_verification', { type: 'url_verification', challenge: 'abc', token: 't' }],
    ['a message shortcut', shortcut],
    ['ssl_check', { ssl_check: '1', token: 't' }],
  ])('handles %s', (_what, body) => {
    expect(checkSlackBody(body)).toEqual({ action: 'handle' });
  });

  test.each([
    ['app_rate_limited', { type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1 }],
    ['a shortcut', { type: 'shortcut', callback_id: 'x', user: { id: 'U1' } }],
    ['a view submission', { type: 'view_submission', view: { id: 'V1' } }],
  ])('ignores %s', (_what, body) => {
    expect(checkSlackBody(body)).toMatchObject({ action: 'ignore' });
  });

  test.each([
    ['null', null, /null/],
    ['an array', [event], /array/],
    ['a string', 'event_callback', /string/],
    ['a number', 5, /number/],
    ['true', true, /boolean/],
    ['an empty object', {}, /not a Slack/],
    ['a numeric type', { type: 7 }, /type/],
    ['ssl_check other than "1"', { ssl_check: ['1', '1'] }, /ssl_check/],
    ['url_verification without a challenge', { type: 'url_verification' }, /challenge/],
    ['a message shortcut whose text is an object', { ...shortcut, message: { ts: '1.2', text: { a: 1 } } }, /message\.text/],
    ['a message shortcut without a user id', { ...shortcut, user: { name: 'x' } }, /user id/],
    ['event null', { ...event, event: null }, /event object/],
    ['event an array', { ...event, event: [] }, /event object/],
    ['event without a type', { ...event, event: { channel: 'C1' } }, /type/],
    ['an event outside event_callback', { type: 'block_actions', event: {} }, /outside/],
    ['channel null', withEvent({ channel: null }), /channel/],
    ['channel a number', withEvent({ channel: 5 }), /channel/],
    ['a message with an object channel', withEvent({ channel: { id: 'C1' } }), /channel/],
    ['an object channel without an id', eventCallback({ type: 'channel_created', channel: { name: 'x' } }), /channel has no id/],
    ['user null', withEvent({ user: null }), /user/],
    ['text an object', withEvent({ text: { a: 1 } }), /text/],
    ['ts a number', withEvent({ ts: 1700000000.1 }), /ts/],
    ['files an object', withEvent({ files: { id: 'F1' } }), /files/],
    ['blocks a string', withEvent({ blocks: '[]' }), /blocks/],
    ['item a string', eventCallback({ type: 'reaction_added', item: 'x' }), /item/],
    ['authorizations [null]', { ...event, authorizations: [null] }, /authorizations/],
    ['authorizations an object', { ...event, authorizations: {} }, /authorizations/],
    ['a repeated command field', { ...command, text: ['HV01', 'HV02'] }, /text/],
    ['a command with a JSON value', { ...command, command: { x: 1 } }, /command/],
    ['a command without text', { ...command, text: undefined }, /text is missing/],
    ['a command without user_id', { ...command, user_id: undefined }, /user_id is missing/],
    ['a message without ts', withEvent({ ts: undefined }), /ts is missing/],
    ['a mention without channel', { ...mention, event: { ...(mention.event as object), channel: undefined } }, /channel is missing/],
    ['actions null', { ...action, actions: null }, /actions/],
    ['actions empty', { ...action, actions: [] }, /actions/],
    ['actions [null]', { ...action, actions: [null] }, /actions/],
    ['an action without action_id', { ...action, actions: [{ type: 'button' }] }, /action_id/],
    ['an action with a numeric value', { ...action, actions: [{ action_id: 'lm_fixed', value: 3 }] }, /action_id/],
    ['block_actions without a user', { ...action, user: undefined }, /user/],
    ['block_actions with channel null', { ...action, channel: null }, /channel/],
    ['block_actions with a numeric response_url', { ...action, response_url: 1 }, /response_url/],
  ])('refuses %s', (_what, body, reason) => {
    const verdict = checkSlackBody(body);
    expect(verdict.action).toBe('refuse');
    expect(verdict).toMatchObject({ reason: expect.stringMatching(reason) });
  });
});
