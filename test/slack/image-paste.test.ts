/**
 * Screenshots posted in Slack, end to end: the real Bolt app in HTTP mode, signed file_share events, the image served
 * by the loopback fake Slack (files.info + url_private with the bot token), the real OCR worker and knowledge base.
 */
import { startSlackApiServer, type ApiCall, type SlackApiServer } from '../support/slack-api-server';
import { startTestApp, type TestApp } from '../support/slack-test-app';
import { eventCallback, messageEvent, nextTs, postSigned } from '../support/slack-payloads';
import { BOT_TOKEN, CHANNEL } from '../support/slack-constants';
import { ERROR_SCREENS, SILENT_SCREENS, type ScreenSpec } from '../../tools/screenshots/screens';
import { renderScreenshot, type RenderOptions } from '../../tools/screenshots/render-screenshot';
import { createTesseractEngine, type OcrEngine } from '../../src/ocr/tesseract-engine';
import { imageReader } from '../../src/ocr/read-image-text';
import { MESSAGES } from '../../src/slack/messages';

jest.setTimeout(30_000);

let fake: SlackApiServer;
let app: TestApp;
let engine: OcrEngine;
const MAX_BYTES = 400_000;

function screen(id: string): ScreenSpec {
  const spec = [...ERROR_SCREENS, ...SILENT_SCREENS].find((s) => s.id === id);
  if (!spec) throw new Error(`no screen ${id}`);
  return spec;
}

function addImage(id: string, screenId: string, options: RenderOptions): void {
  const jpeg = options.format === 'jpeg';
  fake.addFile({
    id, name: `Screenshot ${id}.${jpeg ? 'jpg' : 'png'}`, mimetype: jpeg ? 'image/jpeg' : 'image/png', filetype: jpeg ? 'jpg' : 'png',
    content: renderScreenshot(screen(screenId), options),
  });
}

beforeAll(async () => {
  fake = await startSlackApiServer();
  engine = createTesseractEngine();
  app = await startTestApp({ mode: 'http', fake, services: { ocr: imageReader(engine, { maxBytes: MAX_BYTES, maxPixels: 4096 * 4096 }) } });
  addImage('F0DIALOG', 'credssp-dialog', { scale: 1.25, format: 'png' });
  addImage('F0EVENT', 'spn-event', { scale: 1, format: 'jpeg', jpegQuality: 75, noise: 8 });
  addImage('F0DESK', 'desktop', { scale: 1, format: 'png', seed: 3 });
  addImage('F0BIG', 'photo', { scale: 1.5, format: 'png', noise: 40 }); // noise makes it incompressible: > MAX_BYTES
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await engine?.close();
});

const send = (event: Record<string, unknown>) => postSigned(app.eventsUrl, eventCallback(event));

function replyTo(threadTs: string, timeoutMs = 15_000): Promise<ApiCall> {
  return fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === threadTs), timeoutMs, `reply in thread ${threadTs}`);
}

function loggedFor(event: string, ts: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return fake.waitFor(() => app.logger.events(event).find((f) => f.ts === ts), timeoutMs, `${event} for ${ts}`);
}

describe('screenshots in Slack', () => {
  it('answers a file_share with a dialog screenshot in the thread, saying the text was read from the image', async () => {
    const ts = nextTs();
    const res = await send(messageEvent({ ts, subtype: 'file_share', text: '', files: [{ id: 'F0DIALOG', file_access: 'check_file_info' }] }));
    expect(res.status).toBe(200);
    const call = await replyTo(ts);
    expect(call.params).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    const blocks = call.params.blocks as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'CredSSP cannot pass your credentials on to the destination host' } });
    const note = blocks[2];
    expect(note.type).toBe('context');
    expect(note.elements?.[0].text).toMatch(/^:frame_with_picture: Read from the screenshot .*`.*No credentials are available in the security package \(0x8009030E\)/);
    expect(fake.callsTo('files.info').map((c) => c.params.file)).toContain('F0DIALOG');
    expect(fake.fileDownloads).toContainEqual({ id: 'F0DIALOG', authorization: `Bearer ${BOT_TOKEN}` });
    expect(await loggedFor('lm_reply', ts)).toMatchObject({ entry: 'credssp-double-hop', imagesRead: 1 });
  });

  it('reads a JPEG of Event Viewer whose file object came with the event, together with the message text', async () => {
    const ts = nextTs();
    const url = `${fake.baseUrl}/files/F0EVENT/event.jpg`;
    await send(messageEvent({
      ts, subtype: 'file_share', text: 'live migration to HV04 keeps failing',
      files: [{ id: 'F0EVENT', name: 'event.jpg', mimetype: 'image/jpeg', filetype: 'jpg', size: 1000, url_private: url }],
    }));
    const call = await replyTo(ts);
    expect(JSON.stringify(call.params.blocks)).toContain('0x80090322');
    expect(await loggedFor('lm_reply', ts)).toMatchObject({ entry: 'spn-target-principal-incorrect' });
  });

  it('stays silent on a screenshot without an error', async () => {
    const ts = nextTs();
    await send(messageEvent({ ts, subtype: 'file_share', text: 'new wallpaper', files: [{ id: 'F0DESK', file_access: 'check_file_info' }] }));
    await loggedFor('lm_silent', ts);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toHaveLength(0);
    expect(fake.fileDownloads.map((d) => d.id)).toContain('F0DESK');
  });

  it('does not download an image over the size limit; a mention then gets the usual "no known error" reply', async () => {
    const ts = nextTs();
    await send({ type: 'app_mention', channel: CHANNEL, user: 'U0BOB', text: '<@UBOT> what is this?', ts, event_ts: ts, files: [{ id: 'F0BIG', file_access: 'check_file_info' }] });
    const call = await replyTo(ts);
    expect(call.params.text).toBe(MESSAGES.noMatchOnMention);
    expect(fake.fileDownloads.map((d) => d.id)).not.toContain('F0BIG');
    expect(app.logger.events('lm_image_unreadable')).toContainEqual(expect.objectContaining({ ts, file: 'F0BIG', reason: 'too_many_bytes' }));
  });
});
