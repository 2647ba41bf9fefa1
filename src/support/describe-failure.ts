/**
 * describeFailure(err): the one mapping from an error to what people are told and how a command ends. Every shell
 * uses it: the CLI (stderr and exit code), the console, `/lm-check` and the automatic pair check in Slack. Two
 * audiences: `detail` is for the operator who ran the command (the error's own message, which may name a server or
 * a file); `sentence` is for a chat channel, and names nothing internal.
 */
import {
  ConfigError, DirectoryAuthError, DirectoryUnavailableError, FeedbackUnavailableError, ImageRejectedError, KnowledgeFileError, LoadShedError, OcrBusyError, OcrTimeoutError,
  UsageError,
} from './errors';

/** Exit codes of every command: 0 success, 1 findings or a failed run, 2 usage, 3 directory, 4 configuration. */
export const EXIT = Object.freeze({ ok: 0, findings: 1, usage: 2, directory: 3, config: 4 });

export type FailureKind =
  | 'usage' | 'config' | 'knowledge' | 'directory-unavailable' | 'directory-auth' | 'image-rejected' | 'ocr-timeout' | 'ocr-busy' | 'busy'
  | 'feedback-unavailable' | 'unexpected';

export interface FailureDescription {
  kind: FailureKind;
  exitCode: number;
  /** For the person who ran the command: the error's own message. */
  detail: string;
  /** For a channel: what happened and what to do, nothing internal. */
  sentence: string;
}

const ADMINS = 'Tell the lm-doctor admins; their log has the details.';

export function describeFailure(err: unknown): FailureDescription {
  const detail = err instanceof Error ? err.message : String(err);
  const d = (kind: FailureKind, exitCode: number, sentence: string): FailureDescription => ({ kind, exitCode, detail, sentence });
  if (err instanceof UsageError) return d('usage', EXIT.usage, `${capitalise(detail)}.`);
  if (err instanceof ConfigError) return d('config', EXIT.config, `lm-doctor is not configured correctly, so this could not run. ${ADMINS}`);
  if (err instanceof KnowledgeFileError) return d('knowledge', EXIT.config, `lm-doctor's knowledge base has a broken file, so this could not run. ${ADMINS}`);
  if (err instanceof DirectoryUnavailableError) {
    return d('directory-unavailable', EXIT.directory,
      'Active Directory did not answer in time, so the check could not run. The domain controller may be down or ' +
      'unreachable from lm-doctor; try again in a minute, and tell the lm-doctor admins if it keeps happening.');
  }
  if (err instanceof DirectoryAuthError) {
    return d('directory-auth', EXIT.directory,
      `Active Directory refused lm-doctor's read-only account (wrong or expired password, or missing rights), so the check could not run. ${ADMINS}`);
  }
  if (err instanceof ImageRejectedError) return d('image-rejected', EXIT.usage, `I could not read that image: ${detail}.`);
  if (err instanceof OcrTimeoutError) return d('ocr-timeout', EXIT.findings, 'Reading the image took too long, so I gave up on it.');
  if (err instanceof OcrBusyError) return d('ocr-busy', EXIT.findings, 'Too many images are waiting to be read; try again in a minute.');
  if (err instanceof LoadShedError) return d('busy', EXIT.findings, 'I am too busy to look at this right now; try again in a minute.');
  if (err instanceof FeedbackUnavailableError) {
    return d('feedback-unavailable', EXIT.findings, 'I could not save that answer just now (my storage is unreachable); please try again in a minute.');
  }
  return d('unexpected', EXIT.findings, `That failed unexpectedly. ${ADMINS}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
