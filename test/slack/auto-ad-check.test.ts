/**
 * The automatic AD check in paste replies: run for the pasted source/destination when a directory is configured,
 * bounded in time, and replaced by a /lm-check pointer otherwise.
 */
import { startSlackApiServer, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { CREDSSP_PASTE, MEMORY_PASTE } from '../support/slack-pastes';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { computer, delegationTo } from '../support/accounts';
import { DirectoryAuthError } from '../../src/support/errors';
import { MESSAGES } from '../../src/slack/messages';
import { directoryOver, type Directory } from '../../src/core/delegation/directory';

let fake: SlackApiServer;
const apps: TestApp[] = [];

beforeAll(async () => { fake = await startSlackApiServer(); });
afterAll(async () => {
  for (const a of apps) await a.stop();
  await fake?.close();
});

async function replyFor(directory: Directory | undefined, paste: string, autoCheckTimeoutMs?: number) {
  const app = await startTestApp({ mode: 'http', fake, directory, tuning: autoCheckTimeoutMs ? { autoCheckTimeoutMs } : {} });
  apps.push(app);
  const ts = nextTs();
  const started = Date.now();
  await postSigned(app.eventsUrl, eventCallback(messageEvent({ ts, text: paste })));
  const call = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts), 5000, 'reply');
  return { app, text: JSON.stringify(call.params.blocks), ms: Date.now() - started };
}

// HV11 may delegate to HV12 only "Kerberos only", short name only, without cifs (warn: works only when started on
// HV11); HV12 is fully set up towards HV11.
const lab = () => new InMemoryDirectory([
  computer('HV11', { userAccountControl: 0x1000, allowedToDelegateTo: [`Microsoft Virtual System Migration Service/HV12`] }),
  computer('HV12', { allowedToDelegateTo: delegationTo('HV11') }),
]);

describe('automatic AD check in paste replies', () => {
  it('adds the verdict and findings for the pasted source → destination, and the reverse verdict', async () => {
    const directory = lab();
    const { text } = await replyFor(directory, CREDSSP_PASTE);
    expect(directory.calls).toEqual({ session: 1, findComputers: 1, findSpnHolders: 1, findOperator: 0 });
    expect(text).toContain(MESSAGES.adCheckHeading);
    expect(text).toMatch(/HV11 → HV12: :warning: warn/);
    expect(text).toMatch(/HV12 → HV11: :white_check_mark: ok/);
    expect(text).toContain('Kerberos only');
  });

  it('shows FAIL for a source that may not delegate at all', async () => {
    const { text } = await replyFor(new InMemoryDirectory([computer('HV11'), computer('HV12')]), CREDSSP_PASTE);
    expect(text).toMatch(/HV11 → HV12: :x: FAIL/);
    expect(text).toContain('HV11 is not allowed to delegate to HV12');
  });

  it('points to /lm-check when no directory is configured', async () => {
    const { text } = await replyFor(undefined, CREDSSP_PASTE);
    expect(text).toContain('`/lm-check HV11 HV12`');
    expect(text).not.toContain(MESSAGES.adCheckHeading);
  });

  it('does not run for entries without adCheck', async () => {
    const directory = lab();
    const { text } = await replyFor(directory, MEMORY_PASTE);
    expect(directory.calls.session).toBe(0);
    expect(text).not.toContain('/lm-check');
  });

  it('gives up after its time bound and still replies', async () => {
    const slow = directoryOver({
      findComputers: () => new Promise((r) => { setTimeout(() => r([]), 2000).unref(); }),
      findSpnHolders: async () => [], findOperator: async () => undefined,
    });
    const { text, ms } = await replyFor(slow, CREDSSP_PASTE, 200);
    expect(ms).toBeLessThan(1500);
    expect(text).toContain(MESSAGES.adCheckTimedOut(0.2, 'HV11 HV12'));
  });

  it('reports a directory failure as a sentence and logs it', async () => {
    const failing = directoryOver({
      findComputers: async () => { throw new DirectoryAuthError('bind failed for CN=svc,DC=contoso,DC=local'); },
      findSpnHolders: async () => [], findOperator: async () => undefined,
    });
    const { app, text } = await replyFor(failing, CREDSSP_PASTE);
    expect(text).toContain('refused lm-doctor');
    expect(text).not.toContain('CN=svc');
    expect(app.logger.events('lm_ad_check_failed')).toHaveLength(1);
  });
});
