/**
 * Pasted error → threaded reply. The Bolt listener translates the event into a Paste (to-paste.ts), claims it once
 * (retries and duplicate deliveries never answer twice), extracts the text, runs the core's diagnosePaste, checks the
 * pasted source → destination pair in AD when the entry asks for it (check-paste-pair.ts: one LDAP bind), and posts
 * the Block Kit reply in the thread; render-diagnosis-blocks.ts places every part of it, the AD check's outcome and a
 * screenshot's error line included. Chatter gets silence.
 */
import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { KnowledgeIndex } from '../core/knowledge-index';
import type { Directory } from '../core/delegation/directory';
import type { Diagnosis, KnowledgeEntry } from '../core/types';
import { diagnosePaste } from '../core/diagnose-paste';
import { extractMessageText } from './extract-message-text';
import { createSlackFileFetcher } from './slack-file-fetcher';
import { checkPastePair, isStorageMove } from './check-paste-pair';
import { renderDiagnosisBlocks } from './render-diagnosis-blocks';
import { toPaste, type Paste, type RawMessageEvent } from './to-paste';
import type { Dedupe } from '../support/recent-keys';
import { waitSeconds, type RateLimiter } from '../support/rate-limiter';
import { errorFields, type Logger } from '../support/logger';
import { slackErrorCode, type Metrics } from '../support/metrics';
import { textFields } from '../support/create-logger';
import { MESSAGES as M } from './messages';
import { readMessageImages, type ImageServices } from './read-message-images';
import { resolveFiles } from './resolve-files';
import { findErrorLine } from '../core/error-line';
import { escapeSlackText } from './escape-slack-text';
import { LoadShedError } from '../support/errors';
import { describeFailure } from '../support/describe-failure';
import type { ReplyContext, ReplyMemory } from './reply-memory';
import { renderChoiceBlocks } from './render-choice-blocks';

export interface PasteServices {
  index: KnowledgeIndex;
  /** Configured AD directory for the automatic check; undefined points people to /lm-check. */
  directory?: Directory;
  logger: Logger;
  dedupe: Dedupe;
  metrics?: Metrics;
  /** LOG_PASTES: put the pasted text in log lines (otherwise a short hash and the length). Default false. */
  logPastes?: boolean;
  botUserId: string;
  channels?: ReadonlySet<string>;
  knowledgeUrl?: string;
  /** Bot token and API URL for reading text snippets; files are ignored without it. */
  files?: { botToken: string; apiUrl?: string };
  /** Bound on the automatic AD check. Default 5000 ms. */
  autoCheckTimeoutMs?: number;
  /** OCR for PNG/JPEG screenshots (needs `files` too); images are ignored without it. */
  ocr?: ImageServices;
  /** Replies per channel per window (LM_CHANNEL_REPLIES_PER_MINUTE), and one "paused" notice per person per window. */
  channelLimit?: { replies: RateLimiter; notices: RateLimiter };
  /**
   * Diagnosis off the event loop (the composition root's worker pool); throws LoadShedError when its queue is full.
   * Default: diagnosePaste on this thread.
   */
  diagnose?: (text: string) => Promise<Diagnosis>;
  /**
   * Labelled feedback is on: each reply's paste, answer and signals are remembered for the buttons, and a mention
   * answered with "I found nothing" also gets the choice of causes (ephemeral). Off when undefined.
   */
  memory?: ReplyMemory;
  /** Counts every answer posted (day and entry, no text) for the App Home; off when undefined. */
  countAnswer?: (entry: string, at: string) => Promise<void>;
}

export interface EventArgs {
  event: unknown;
  client: webApi.WebClient;
  body: { event_id?: string };
  context: { retryNum?: number };
}

/** The Bolt listener for `message` and `app_mention` events. */
export function createPasteListener(services: PasteServices) {
  return async ({ event, client, body, context }: EventArgs): Promise<void> => {
    services.metrics?.messagesSeen.inc({ type: (event as RawMessageEvent).type === 'app_mention' ? 'app_mention' : 'message' });
    const paste = toPaste(event as RawMessageEvent, services);
    if (!paste) return;
    const where = { channel: paste.channel, ts: paste.ts, eventId: body.event_id, retryNum: context.retryNum ?? 0 };
    try {
      // Dedupe on (channel, ts): it covers Slack's retries (same event_id) and redeliveries under a new event_id.
      if (!(await services.dedupe.claim(`${paste.channel}:${paste.ts}`))) {
        services.metrics?.retriesDeduplicated.inc({ retry: where.retryNum > 0 ? 'true' : 'false' });
        services.logger.debug({ event: 'lm_duplicate', ...where }, 'duplicate delivery ignored');
        return;
      }
    } catch (error) {
      await answerFailure(error, paste, client, services, where);
      return;
    }
    await diagnoseAndAnswer(paste, client, services, where);
  };
}

/** Posts a reply for a paste and returns its ts (undefined when it could only be shown to one person). */
export type PostReply = (client: webApi.WebClient, paste: Paste, message: { text: string; blocks?: unknown[] }) => Promise<string | undefined>;

/**
 * The paste → reply path the listener and the message shortcut share: diagnosis (on the worker pool), the channel's
 * reply limit, the reply, logging and metrics. Load shedding and failed Slack calls are logged and metered here.
 */
export async function diagnoseAndAnswer(paste: Paste, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>, postReply: PostReply = post): Promise<void> {
  try {
    await answerPaste(paste, client, s, where, postReply);
  } catch (error) {
    await answerFailure(error, paste, client, s, where);
  }
}

async function answerFailure(error: unknown, paste: Paste, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>): Promise<void> {
  if (error instanceof LoadShedError) {
    await shedPaste(paste, client, s, where, error);
    return;
  }
  s.metrics?.slackApiErrors.inc({ method: 'chat.postMessage', error: slackErrorCode(error) });
  s.logger.error({ event: 'lm_reply_failed', ...where, ...errorFields(error) }, 'could not answer a paste');
}

async function answerPaste(paste: Paste, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>, post: PostReply): Promise<void> {
  const started = Date.now();
  const fetcher = s.files ? createSlackFileFetcher({ client, ...s.files }) : undefined;
  // Each file reference is looked up once, for text and images alike, and at most MAX_FILES_PER_MESSAGE of them.
  const resolved = await resolveFiles(paste.message, fetcher ? (id) => fetcher.fileInfo(id) : undefined);
  if (resolved.ignored > 0) s.logger.info({ event: 'lm_files_ignored', ...where, ignored: resolved.ignored }, 'files beyond the per-message cap not read');
  const extracted = await extractMessageText(resolved.message, fetcher);
  for (const f of [...resolved.failed, ...extracted.failedFiles]) s.logger.warn({ event: 'lm_file_unreadable', ...where, file: f.id, ...errorFields(f.error) }, 'file skipped');
  const typed = extracted.text;
  const images = s.ocr && s.files ? await readMessageImages(resolved.message, s.files, s.ocr) : undefined;
  for (const f of images?.skipped ?? []) s.logger.warn({ event: 'lm_image_unreadable', ...where, file: f.id, reason: f.reason, ...(f.error ? errorFields(f.error) : {}) }, 'image skipped');
  const text = images?.text ? `${typed}\n${images.text}` : typed;
  const diagnosis = s.diagnose ? await s.diagnose(text) : diagnosePaste(text, s.index);
  // The message was cut before diagnosis (64 KiB of text read): the reply says so, as the CLI does.
  if (extracted.truncated) diagnosis.truncated = true;
  where = { ...where, ...textFields(text, s.logPastes === true) };
  if (!diagnosis.entry) {
    s.metrics?.silences.inc({ reason: (diagnosis.silenceReason ?? 'no match').replace(/\s*\(.*$/, '').slice(0, 40) });
    s.logger.debug({ event: 'lm_silent', ...where, reason: diagnosis.silenceReason }, 'no match');
    if (!paste.mention || !(await withinChannelLimit(paste, client, s, where))) return;
    const replyTs = await post(client, paste, { text: silenceOnMention(diagnosis) });
    if (s.memory && replyTs) await offerChoice(paste, replyTs, { text, answered: null, signals: signalsOf(diagnosis), source: 'mention_unanswered' }, diagnosis, client, s, where);
    return;
  }
  if (!(await withinChannelLimit(paste, client, s, { ...where, entry: diagnosis.entry.id }))) return;
  const storage = diagnosis.entry.id === 'kcd-cifs-storage-access-denied' || isStorageMove(text);
  const imageLine = images?.text ? findErrorLine(images.text, diagnosis) : undefined;
  // An answer that gets no ts (the shortcut's private answer) is remembered under a key its buttons carry.
  const replyKey = s.memory ? `k${randomBytes(8).toString('hex')}` : undefined;
  const reply = await renderReply(diagnosis as Diagnosis & { entry: KnowledgeEntry }, { threadTs: paste.threadTs, imageLine, replyKey }, s, where, storage);
  const replyTs = await post(client, paste, reply);
  const remembered = replyTs ?? replyKey;
  if (remembered) await s.memory?.remember(paste.channel, remembered, { text, answered: diagnosis.entry.id, signals: signalsOf(diagnosis), source: 'answer' });
  if (s.countAnswer) {
    const entry = diagnosis.entry.id;
    s.countAnswer(entry, new Date().toISOString()).catch((error: unknown) => {
      s.logger.warn({ event: 'lm_feedback_unavailable', ...where, entry, ...errorFields(error) }, 'could not count the answer for the App Home');
    });
  }
  s.metrics?.diagnoses.inc({ entry: diagnosis.entry.id });
  s.logger.info({
    event: 'lm_reply', ...where, entry: diagnosis.entry.id, confidence: diagnosis.confidence, latencyMs: Date.now() - started,
    imagesRead: images?.read ?? 0,
  }, 'answered a paste');
}

/**
 * Work refused under load (a full diagnosis queue or dedupe store): no reply, a metric and a log line; a mention,
 * which someone is waiting for, gets a short ephemeral "busy" so the silence does not read as "no match".
 */
async function shedPaste(paste: Paste, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>, error: LoadShedError): Promise<void> {
  s.metrics?.shed.inc({ kind: error.kind });
  s.logger.warn({ event: 'lm_shed', ...where, kind: error.kind, mention: paste.mention }, 'too busy: paste not answered');
  if (!paste.mention) return;
  try {
    await client.chat.postEphemeral({
      channel: paste.channel, user: paste.user, text: describeFailure(error).sentence,
      ...(paste.threadTs !== paste.ts ? { thread_ts: paste.threadTs } : {}),
    });
  } catch (e) {
    s.metrics?.slackApiErrors.inc({ method: 'chat.postEphemeral', error: slackErrorCode(e) });
  }
}

/** What a mention that found no live-migration failure gets: what the text is instead, or what is missing. */
function silenceOnMention(d: Diagnosis): string {
  if (d.outOfScope) {
    const what = d.outOfScope.cause.replace(/\s+/g, ' ').split(/(?<=\.)\s/)[0];
    return M.outOfScopeOnMention(escapeSlackText(what), d.outOfScope.sources[0]);
  }
  return d.causeUnknown ? M.causeUnknownOnMention : M.noMatchOnMention;
}

/**
 * Takes one of the channel's reply slots. When none is left the paste goes unanswered (logged and metered), and its
 * author, once per window, gets an ephemeral note saying so: silence in an outage must not look like "no match".
 */
async function withinChannelLimit(paste: Paste, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>): Promise<boolean> {
  if (!s.channelLimit) return true;
  const waitMs = await s.channelLimit.replies.take(paste.channel);
  if (waitMs === 0) return true;
  s.metrics?.rateLimited.inc({ limit: 'paste_channel' });
  s.logger.info({ event: 'lm_reply_rate_limited', ...where, waitMs }, 'channel reply limit reached; paste not answered');
  if ((await s.channelLimit.notices.take(`${paste.channel}:${paste.user}`)) > 0) return false;
  try {
    await client.chat.postEphemeral({
      channel: paste.channel, user: paste.user, text: M.channelRateLimited(waitSeconds(waitMs)),
      ...(paste.threadTs !== paste.ts ? { thread_ts: paste.threadTs } : {}),
    });
  } catch (error) {
    s.metrics?.slackApiErrors.inc({ method: 'chat.postEphemeral', error: slackErrorCode(error) });
    s.logger.warn({ event: 'lm_notice_failed', ...where, ...errorFields(error) }, 'could not send the rate-limit notice');
  }
  return false;
}

/** The reply's blocks: the renderer places every part, the AD check's outcome and the screenshot's line included. */
async function renderReply(d: Diagnosis & { entry: KnowledgeEntry }, parts: { threadTs: string; imageLine?: string; replyKey?: string }, s: PasteServices, where: Record<string, unknown>, storage: boolean) {
  const options = {
    knowledgeUrl: s.knowledgeUrl, threadTs: parts.threadTs,
    ...(parts.imageLine ? { imageLine: parts.imageLine } : {}), ...(parts.replyKey ? { replyKey: parts.replyKey } : {}),
  };
  if (!d.entry.adCheck) return renderDiagnosisBlocks(d, options);
  const adCheck = await checkPastePair(d.names, s.directory, s.autoCheckTimeoutMs, storage);
  if (adCheck.kind === 'result') s.metrics?.checks.inc({ verdict: adCheck.pair.verdict, source: 'paste' });
  if (adCheck.kind === 'failed' || adCheck.kind === 'timeout') s.metrics?.checks.inc({ verdict: 'error', source: 'paste' });
  if (adCheck.kind === 'failed') s.logger.warn({ event: 'lm_ad_check_failed', ...where, ...errorFields(adCheck.error) }, 'automatic AD check failed');
  if (adCheck.kind === 'timeout') s.logger.warn({ event: 'lm_ad_check_timeout', ...where }, 'automatic AD check timed out');
  return renderDiagnosisBlocks(d, { ...options, adCheck });
}

function signalsOf(d: Diagnosis): ReplyContext['signals'] {
  return d.signals.map(({ kind, value }) => ({ kind, value }));
}

/** Under "I found nothing": the person who asked may say what it was (ephemeral); the reply is remembered for it. */
async function offerChoice(paste: Paste, replyTs: string, context: ReplyContext, d: Diagnosis, client: webApi.WebClient, s: PasteServices, where: Record<string, unknown>): Promise<void> {
  await s.memory?.remember(paste.channel, replyTs, context);
  const choice = renderChoiceBlocks({ intro: M.mentionChoose, replyTs, alternatives: d.alternatives.map((a) => a.entry), entries: s.index.entries });
  try {
    await client.chat.postEphemeral({ channel: paste.channel, user: paste.user, thread_ts: paste.threadTs, text: choice.text, blocks: choice.blocks });
  } catch (error) {
    s.metrics?.slackApiErrors.inc({ method: 'chat.postEphemeral', error: slackErrorCode(error) });
    s.logger.warn({ event: 'lm_notice_failed', ...where, ...errorFields(error) }, 'could not offer the choice of causes');
  }
}

/** Posts in the paste's thread; returns the reply's ts. */
async function post(client: webApi.WebClient, paste: Paste, message: { text: string; blocks?: unknown[] }): Promise<string | undefined> {
  const result = await client.chat.postMessage({
    channel: paste.channel,
    thread_ts: paste.threadTs,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as never } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return result.ts;
}
