/**
 * The open-loop rate sweep of `npm run bench:load` (issue 14, item 4): for each mode, ONE `lm-doctor serve` process
 * against the loopback fake Slack; a 2-s warm-up at 100/s; then each rate for `seconds`, sent on a fixed schedule
 * whatever the app answers. After each step the sweep waits until every ack and every paste reply is in (see
 * settle), half a second more for late duplicates, and reads /metrics and the app's log.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildSchedule, percentile, type Delivery } from './load-schedule';
import { startLoadFakeSlack, type LoadFakeSlack } from './load-fake-slack';
import { BENCH_SIGNING_SECRET, startService, type Scrape, type ServiceProcess } from './load-service';
import { httpSender, newStepTimes, socketSender, type Sender, type StepTimes } from './load-senders';

export type Mode = 'http' | 'socket';

export interface SweepOptions {
  modes: Mode[];
  rates: number[];
  seconds: number;
  /** HTTP mode: keep-alive connections the load generator may open. */
  connections: number;
  /** HTTP mode: open them all before each step instead of as deliveries need them. */
  warmConnections: boolean;
  appRoot: string;
  pastes: readonly string[];
  chatter: readonly string[];
}

/** One rate's figures; times in ms, undefined when there was nothing to measure. */
export interface StepRow {
  rate: number;
  deliveries: number;
  sentPerSecond: number;
  sendLagP99: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  /** Acks later than 3 s, plus deliveries never acknowledged (Slack retries both). */
  acksOver3s: number;
  notAcked: number;
  failures: Map<string, number>;
  /** HTTP: deliveries sent a second time after a keep-alive connection reset (not failures; timed from the first send). */
  resent: number;
  maxInFlight: number;
  pastes: number;
  replyP50: number;
  replyP99: number;
  /** Pastes without a reply that the app did not log as shed. */
  repliesLost: number;
  /** Pastes without a reply that the app logged as shed (`lm_shed` with their ts). */
  shedPastes: number;
  duplicated: number;
  repliesToChatter: number;
  /** lm_shed_total over the step, by kind; undefined when the app has no such counter. */
  shed?: Map<string, number>;
  deduplicated?: number;
  appCpuSeconds?: number;
  /** The app's event-loop delay over the step (prom-client's lm_nodejs_eventloop_lag_*), ms. */
  appLoopP99?: number;
  appLoopMax?: number;
  /** This process's event-loop delay while it sent and waited: above a few ms, its own timing blurs. */
  driverLoopP99: number;
  driverLoopMax: number;
  /** False when the sweep gave up waiting with acks still outstanding. */
  drained: boolean;
  reconnections: number;
}

export interface ModeResult {
  mode: Mode;
  rows: StepRow[];
  logged: Map<string, number>;
  peakRssMb?: number;
  stopMs: number;
}

const WARMUP = { rate: 100, seconds: 2 };
const QUIET_MS = 3000;
const IDLE_MS = 5000;
const SETTLE_MAX_MS = 45_000;
const LATE_DUPLICATE_MS = 500;
const PAUSE_BETWEEN_STEPS_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until every delivery is acknowledged and every paste answered, or the acks are in and no reply has come for
 * 3 s (the missing ones were shed or lost). False when it gave up with acks outstanding: nothing moved for 5 s, or
 * 45 s passed.
 */
async function settle(service: ServiceProcess, fake: LoadFakeSlack, sender: Sender, times: StepTimes, expected: readonly string[]): Promise<boolean> {
  const sentEnd = performance.now();
  let seen = -1;
  let movedAt = sentEnd;
  for (;;) {
    if (service.exited) throw new Error(service.exited);
    const replied = expected.reduce((n, ts) => n + (fake.posts.has(ts) ? 1 : 0), 0);
    const acked = sender.inFlight() === 0;
    if (acked && replied === expected.length) return true;
    const progress = replied + times.failed + times.ackAt.reduce((n, a) => n + (Number.isNaN(a) ? 0 : 1), 0);
    const now = performance.now();
    if (progress !== seen) { seen = progress; movedAt = now; }
    if (acked && now - movedAt > QUIET_MS) return true;
    if (now - movedAt > IDLE_MS || now - sentEnd > SETTLE_MAX_MS) return false;
    await sleep(50);
  }
}

const toMs = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

function delta(before: Scrape, after: Scrape, name: string): number | undefined {
  const a = after.total(name);
  return a === undefined ? undefined : a - (before.total(name) ?? 0);
}

/** What the app did with the step's deliveries, from the sender's times and the fake Slack's replies. */
type Measured = Pick<StepRow, 'rate' | 'deliveries' | 'sentPerSecond' | 'sendLagP99' | 'ackP50' | 'ackP99' | 'ackMax' | 'acksOver3s' |
  'notAcked' | 'failures' | 'resent' | 'maxInFlight' | 'pastes' | 'replyP50' | 'replyP99' | 'repliesLost' | 'shedPastes' | 'duplicated' | 'repliesToChatter'>;

function measure(rate: number, schedule: readonly Delivery[], times: StepTimes, started: number, fake: LoadFakeSlack, shedTs: ReadonlySet<string>): Measured {
  const acks: number[] = [];
  const lags: number[] = [];
  const firstSent = new Map<string, number>();
  let notAcked = 0;
  schedule.forEach((d, k) => {
    const sent = times.sentAt[k];
    lags.push(sent - (started + d.dueMs));
    if (Number.isNaN(times.ackAt[k])) notAcked++; else acks.push(times.ackAt[k] - sent);
    if (!firstSent.has(d.ts)) firstSent.set(d.ts, sent);
  });
  const pasteTs = [...new Set(schedule.filter((d) => d.kind === 'paste').map((d) => d.ts))];
  const chatterTs = new Set(schedule.filter((d) => d.kind === 'chatter').map((d) => d.ts));
  const replies = pasteTs.flatMap((ts) => {
    const first = fake.posts.get(ts)?.[0];
    return first === undefined ? [] : [first - (firstSent.get(ts) ?? first)];
  });
  const unanswered = pasteTs.filter((ts) => !fake.posts.has(ts));
  const shedPastes = unanswered.filter((ts) => shedTs.has(ts)).length;
  const span = times.sentAt[schedule.length - 1] - times.sentAt[0];
  return {
    rate, deliveries: schedule.length, sentPerSecond: span > 0 ? ((schedule.length - 1) * 1000) / span : NaN,
    sendLagP99: percentile(lags, 99), ackP50: percentile(acks, 50), ackP99: percentile([...acks, ...Array<number>(notAcked).fill(Infinity)], 99),
    ackMax: notAcked > 0 ? Infinity : Math.max(...acks), acksOver3s: acks.filter((a) => a > 3000).length + notAcked, notAcked,
    failures: new Map(times.failures), resent: times.resent, maxInFlight: times.maxInFlight, pastes: pasteTs.length,
    replyP50: percentile(replies, 50), replyP99: percentile(replies, 99), repliesLost: unanswered.length - shedPastes, shedPastes,
    duplicated: [...pasteTs, ...chatterTs].filter((ts) => (fake.posts.get(ts)?.length ?? 0) > 1).length,
    repliesToChatter: [...chatterTs].filter((ts) => fake.posts.has(ts)).length,
  };
}

async function runStep(
  step: number, rate: number, seconds: number, o: SweepOptions, ctx: { service: ServiceProcess; fake: LoadFakeSlack; sender: Sender },
): Promise<StepRow> {
  const { service, fake, sender } = ctx;
  const schedule = buildSchedule({ rate, seconds, step, pastes: o.pastes, chatter: o.chatter });
  const times = newStepTimes(schedule.length);
  const before = await service.scrape(); // also resets the app's event-loop-lag percentiles (prom-client)
  const connections = fake.connections;
  const driverLoop = monitorEventLoopDelay({ resolution: 10 });
  driverLoop.enable();
  const started = await sender.run(schedule, times, step);
  const expected = [...new Set(schedule.filter((d) => d.kind === 'paste').map((d) => d.ts))];
  const drained = await settle(service, fake, sender, times, expected);
  await sleep(LATE_DUPLICATE_MS);
  driverLoop.disable();
  sender.abandon();
  service.readLog();
  const after = await service.scrape();
  const shedKinds = after.total('lm_shed_total') === undefined ? undefined : after.byLabel('lm_shed_total', 'kind');
  if (shedKinds) for (const [kind, n] of before.byLabel('lm_shed_total', 'kind')) shedKinds.set(kind, (shedKinds.get(kind) ?? 0) - n);
  return {
    ...measure(rate, schedule, times, started, fake, service.shedTs),
    shed: shedKinds, deduplicated: delta(before, after, 'lm_event_retries_deduplicated_total'),
    appCpuSeconds: delta(before, after, 'lm_process_cpu_seconds_total'),
    appLoopP99: toMs(after.total('lm_nodejs_eventloop_lag_p99_seconds')),
    appLoopMax: toMs(after.total('lm_nodejs_eventloop_lag_max_seconds')),
    driverLoopP99: driverLoop.percentile(99) / 1e6, driverLoopMax: driverLoop.max / 1e6, drained, reconnections: fake.connections - connections,
  };
}

export async function sweepMode(mode: Mode, o: SweepOptions, progress: (line: string) => void): Promise<ModeResult> {
  const fake = await startLoadFakeSlack();
  let service: ServiceProcess | undefined;
  try {
    service = await startService({ appRoot: o.appRoot, mode, apiUrl: fake.apiUrl });
    if (mode === 'socket') await fake.waitForConnection(10_000);
    const sender = mode === 'http' ? httpSender(service.eventsUrl, BENCH_SIGNING_SECRET, o.connections, o.warmConnections) : socketSender(fake);
    const ctx = { service, fake, sender };
    await runStep(0, WARMUP.rate, WARMUP.seconds, o, ctx);
    const rows: StepRow[] = [];
    for (const [i, rate] of o.rates.entries()) {
      await sleep(PAUSE_BETWEEN_STEPS_MS);
      const row = await runStep(i + 1, rate, o.seconds, o, ctx);
      rows.push(row);
      progress(`${mode} ${rate}/s: ack p99 ${row.ackP99.toFixed(1)} ms, ${row.acksOver3s} over 3 s, reply p99 ${row.replyP99.toFixed(1)} ms` +
        `${row.drained ? '' : ' (still busy when the step ended)'}`);
    }
    const peakRssMb = service.peakRssMb();
    const stopMs = await service.stop();
    return { mode, rows, logged: service.logged, peakRssMb, stopMs };
  } finally {
    await service?.stop();
    await fake.close();
  }
}
