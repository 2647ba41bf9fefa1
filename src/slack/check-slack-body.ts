/**
 * checkSlackBody(body) → what to do with a signed request body before Bolt sees it: `handle` it, `ignore` it (a
 * well-formed kind lm-doctor has no listener for: 200 and nothing else), or `refuse` it (400) with a short reason.
 * Bolt dereferences the body without checking it (`body.ssl_check` on a JSON `null`, `'channel' in event` on a
 * string, `authorizations[0].team_id` on `[null]`), so anything it would trip over is refused here. Pure.
 *
 * Shapes: https://docs.slack.dev/apis/events-api/ (event_callback, url_verification),
 * https://docs.slack.dev/interactivity/implementing-slash-commands/ (command form fields),
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload/ (block_actions),
 * https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload (message_action).
 */
export type BodyVerdict = { action: 'handle' } | { action: 'ignore'; reason: string } | { action: 'refuse'; reason: string };

type Kind = 'string' | 'record' | 'array' | 'boolean' | 'null';
type Spec = Readonly<Record<string, readonly Kind[]>>;

const HANDLE: BodyVerdict = { action: 'handle' };

/** Top-level fields of an event_callback envelope that Bolt reads. */
const ENVELOPE: Spec = {
  team_id: ['string'], api_app_id: ['string'], event_id: ['string'], enterprise_id: ['string', 'null'], authorizations: ['array'],
  is_enterprise_install: ['boolean'],
};

/** Event fields Bolt reads for routing (channel, user, thread) on any event type. */
const ANY_EVENT: Spec = {
  type: ['string'], subtype: ['string'], channel: ['string', 'record'], channel_id: ['string'], user: ['string', 'record'],
  item: ['record'], subteam: ['record'], message: ['record'], previous_message: ['record'], assistant_thread: ['record'],
  ts: ['string'], thread_ts: ['string'], event_ts: ['string'],
};

/** What the paste listener reads of a message or mention: everything typed as Slack sends it. */
const PASTE_EVENT: Spec = {
  ...ANY_EVENT, channel: ['string'], user: ['string'], text: ['string'], bot_id: ['string'], client_msg_id: ['string'],
  channel_type: ['string'], blocks: ['array'], files: ['array'], hidden: ['boolean'],
};

/** block_actions (the reply's buttons): the parts Bolt and the feedback listener read. */
const BLOCK_ACTIONS: Spec = {
  type: ['string'], user: ['record'], team: ['record', 'null'], enterprise: ['record', 'null'], channel: ['record'], container: ['record'],
  message: ['record'], response_url: ['string'], trigger_id: ['string'], actions: ['array'], api_app_id: ['string'],
  is_enterprise_install: ['boolean'],
};

/** message_action (the "Diagnose with lm-doctor" shortcut): the parts Bolt and the shortcut listener read. */
const MESSAGE_ACTION: Spec = {
  type: ['string'], callback_id: ['string'], trigger_id: ['string'], response_url: ['string'], user: ['record'], team: ['record', 'null'],
  enterprise: ['record', 'null'], channel: ['record'], message: ['record'], message_ts: ['string'], api_app_id: ['string'],
  is_enterprise_install: ['boolean'],
};

/** The shortcut's message, typed as Slack sends it. */
const SHORTCUT_MESSAGE: Spec = { text: ['string'], ts: ['string'], thread_ts: ['string'], user: ['string'], blocks: ['array'], files: ['array'] };

/** Interaction types Slack may send that lm-doctor has no listener for: answered 200 and dropped. */
const UNHANDLED_TYPES = new Set([
  'app_rate_limited', 'shortcut', 'view_submission', 'view_closed', 'block_suggestion',
  'dialog_submission', 'dialog_cancellation', 'interactive_message',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): Kind | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  return isRecord(v) ? 'record' : undefined;
}

/** The first field of `spec` that is present with a kind it may not have (null only where Slack sends null). */
function badField(o: Record<string, unknown>, spec: Spec, where: string): string | undefined {
  for (const [name, kinds] of Object.entries(spec)) {
    const v = o[name];
    if (v === undefined) continue;
    const kind = kindOf(v);
    if (!kind || !kinds.includes(kind)) return `${where}${name} is ${kind ?? typeof v}, not ${kinds.join(' or ')}`;
  }
  return undefined;
}

function missingField(o: Record<string, unknown>, names: readonly string[], where: string): string | undefined {
  const missing = names.find((name) => o[name] === undefined);
  return missing ? `${where}${missing} is missing` : undefined;
}

const refuse = (reason: string): BodyVerdict => ({ action: 'refuse', reason });

function checkEventCallback(body: Record<string, unknown>): BodyVerdict {
  const { event } = body;
  if (!isRecord(event)) return refuse('event_callback without an event object');
  if (typeof event.type !== 'string') return refuse('event without a type');
  const isPaste = event.type === 'message' || event.type === 'app_mention';
  const problem = badField(body, ENVELOPE, '')
    ?? (Array.isArray(body.authorizations) && !body.authorizations.every(isRecord) ? 'authorizations holds a non-object' : undefined)
    ?? (isRecord(event.channel) && typeof event.channel.id !== 'string' ? 'event.channel has no id' : undefined)
    ?? (isPaste ? badField(event, PASTE_EVENT, 'event.') ?? missingField(event, PASTE_REQUIRED, 'event.') : badField(event, ANY_EVENT, 'event.'));
  return problem ? refuse(problem) : HANDLE;
}

/** Fields Slack always sends with a slash command (text may be empty) and the /lm-check listener reads. */
const COMMAND_REQUIRED = ['command', 'text', 'user_id', 'channel_id'];

/** Fields Slack always sends with a message or mention and the paste listener needs to reply in the thread. */
const PASTE_REQUIRED = ['channel', 'ts'];

function checkCommand(body: Record<string, unknown>): BodyVerdict {
  // A slash command is a form: every field is one string (a repeated field would parse as an array).
  const bad = Object.entries(body).find(([, v]) => v !== undefined && typeof v !== 'string');
  if (bad) return refuse(`command field ${bad[0]} is not a single string`);
  const missing = missingField(body, COMMAND_REQUIRED, 'command field ');
  return missing ? refuse(missing) : HANDLE;
}

function checkBlockActions(body: Record<string, unknown>): BodyVerdict {
  const problem = badField(body, BLOCK_ACTIONS, '');
  if (problem) return refuse(problem);
  const { actions, user } = body;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every(isRecord)) return refuse('actions is not a list of action objects');
  if (!actions.every((a) => typeof a.action_id === 'string' && (a.value === undefined || typeof a.value === 'string'))) {
    return refuse('an action has no action_id string');
  }
  if (!isRecord(user) || typeof user.id !== 'string') return refuse('block_actions without a user id');
  return HANDLE;
}

function checkMessageAction(body: Record<string, unknown>): BodyVerdict {
  const { user, message } = body;
  const problem = badField(body, MESSAGE_ACTION, '') ?? missingField(body, ['callback_id'], '')
    ?? (isRecord(message) ? badField(message, SHORTCUT_MESSAGE, 'message.') : undefined);
  if (problem) return refuse(problem);
  if (!isRecord(user) || typeof user.id !== 'string') return refuse('message_action without a user id');
  return HANDLE;
}

export function checkSlackBody(body: unknown): BodyVerdict {
  if (!isRecord(body)) return refuse(`the body is ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}, not an object`);
  if (body.ssl_check !== undefined) return body.ssl_check === '1' ? HANDLE : refuse('ssl_check is not "1"');
  const { type } = body;
  if (type !== undefined && typeof type !== 'string') return refuse('type is not a string');
  if (type === 'url_verification') return typeof body.challenge === 'string' ? HANDLE : refuse('url_verification without a challenge string');
  if (type === 'event_callback' || body.event !== undefined) {
    return type === 'event_callback' ? checkEventCallback(body) : refuse('an event outside an event_callback');
  }
  if (body.command !== undefined) return checkCommand(body);
  if (type === 'block_actions') return checkBlockActions(body);
  if (type === 'message_action') return checkMessageAction(body);
  if (typeof type === 'string' && UNHANDLED_TYPES.has(type)) return { action: 'ignore', reason: `no listener for ${type}` };
  return refuse('not a Slack event, command or interaction');
}
