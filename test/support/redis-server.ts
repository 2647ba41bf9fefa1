/**
 * A throw-away redis-server on a free loopback port (no persistence), which tests can stop and start again on the
 * same port to simulate an outage. redis-server comes from scripts/install-test-deps.sh (Debian's package); when it
 * is missing the tests fail with that instruction rather than being skipped.
 */
import { connectRedis, type RedisLink } from '../../src/redis/redis-link';
import { createMetrics } from '../../src/support/metrics';
import { createHealth } from '../../src/support/health';
import { createRecordingLogger } from './recording-logger';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: an outage, not a polite shutdown). */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Sends one inline command (e.g. FLUSHALL) and returns the raw reply. */
  command(line: string): Promise<string>;
}

function which(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function send(port: number, line: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`redis on ${port} did not answer ${line}`)); }, timeoutMs);
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (d) => { reply += String(d); if (reply.endsWith('\r\n')) { clearTimeout(timer); socket.end(); resolve(reply.trim()); } });
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  if (!which('redis-server')) throw new Error('redis-server is not installed: run scripts/install-test-deps.sh (as root)');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    const until = Date.now() + 5000;
    for (;;) {
      if (await send(port, 'PING').then((r) => r === '+PONG', () => false)) return;
      if (Date.now() > until) throw new Error(`redis-server did not answer on port ${port} within 5 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGKILL'); });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, command: (line) => send(port, line) };
}

/** A RedisLink to the test server, once it is up (within 5 s); pushed to `links` so the test can close it. */
export async function connectTestLink(redis: TestRedis, links: RedisLink[]): Promise<RedisLink> {
  const l = connectRedis({ url: redis.url, logger: createRecordingLogger(), metrics: createMetrics(), health: createHealth() });
  links.push(l);
  const end = Date.now() + 5000;
  while (!l.up) {
    if (Date.now() > end) throw new Error('Redis link not up within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return l;
}
