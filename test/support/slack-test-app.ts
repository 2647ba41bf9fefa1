/**
 * Starts the real lm-doctor Bolt app (createSlackApp) against the loopback fake Slack, in HTTP or Socket Mode, and
 * stops it cleanly (Socket Mode: waits for the 'disconnected' event, see reference/toolchain.md §7).
 */
import { join } from 'node:path';
import { SocketModeReceiver } from '@slack/bolt';
import { createSlackApp, type SlackApp, type SlackAppOptions, type SlackServices } from '../../src/slack/create-slack-app';
import { loadSlackConfig, type SlackConfig } from '../../src/config/slack-settings';
import type { KnowledgeIndex } from '../../src/core/knowledge-index';
import { knowledgeIndex as sharedKnowledgeIndex } from './knowledge-index';
import type { Directory } from '../../src/core/delegation/directory';
import type { SlackApiServer } from './slack-api-server';
import { createRecordingLogger } from './recording-logger';
import { REPO_ROOT } from './paths';
import { APP_TOKEN, BOT_ID, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET } from './slack-constants';

let sharedIndex: KnowledgeIndex | undefined;
/** The real knowledge base, loaded once per test file. */
export function knowledgeIndex(): KnowledgeIndex {
  sharedIndex ??= sharedKnowledgeIndex();
  return sharedIndex;
}

export interface TestAppOptions {
  mode: 'http' | 'socket';
  fake: SlackApiServer;
  env?: Record<string, string>;
  directory?: Directory;
  index?: KnowledgeIndex;
  autoReconnect?: boolean;
  clientPingTimeoutMs?: number;
  tuning?: Partial<SlackAppOptions>;
  /** Extra services (metrics, health, redis, logPastes). */
  services?: Partial<SlackServices>;
}

export interface TestApp extends SlackApp {
  config: SlackConfig;
  logger: ReturnType<typeof createRecordingLogger>;
  /** HTTP mode: http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  stop(): Promise<void>;
}

/** HTTP mode's intake thread runs compiled code (npm test builds dist/ first). */
const INTAKE_THREAD = join(REPO_ROOT, 'dist', 'slack', 'intake-thread.js');

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: options.fake.apiUrl,
    SLACK_LOG_LEVEL: 'error',
    SLACK_RESPONSE_URL_HOSTS: options.fake.baseUrl, // the fake's response_urls are http://127.0.0.1:PORT/respond/…
    ...(options.mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ...options.env,
  };
  const config = loadSlackConfig(env) as SlackConfig;
  const logger = createRecordingLogger();
  const slack = createSlackApp({
    config,
    services: { index: options.index ?? knowledgeIndex(), directory: options.directory, logger, ...options.services },
    identity: { botId: BOT_ID, botUserId: BOT_USER_ID },
    clientRetries: 0,
    autoReconnect: options.autoReconnect ?? false,
    clientPingTimeoutMs: options.clientPingTimeoutMs,
    intakeThreadFile: INTAKE_THREAD,
    ...options.tuning,
  });
  let eventsUrl = '';
  if (options.mode === 'http') {
    const { port } = (await slack.app.start({ port: 0, host: '127.0.0.1' })) as unknown as { port: number };
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  } else {
    await withTimeout(slack.app.start(), 5000, 'Socket Mode start (no hello?)');
  }
  const stop = async () => {
    if (slack.receiver instanceof SocketModeReceiver) {
      const client = slack.receiver.client;
      const closed = new Promise<void>((r) => client.once('disconnected', () => r()));
      await slack.app.stop();
      await withTimeout(closed, 3000, 'Socket Mode disconnect').catch(() => undefined);
    } else {
      await slack.app.stop();
    }
  };
  return { ...slack, config, logger, eventsUrl, stop };
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
