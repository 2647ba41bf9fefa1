/**
 * Prints the sweep: per mode a Markdown table of the figures issue 14 asks for (ack latency, acks over 3 s, paste
 * reply latency, lost and duplicated replies, replies to chatter, shed work), a second table of the run's own health
 * (did the load generator keep up, did the app drain), and one line per target at 2,000 events/s.
 */
import type { ModeResult, StepRow } from './load-sweep';

/** Issue 14, item 4: the rate the targets are set at, and the targets. */
export const TARGET = { rate: 2000, ackP99Ms: 100 } as const;
/** Below this share of the offered rate, or with a send lag p99 above this, the generator was the bottleneck. */
const KEPT_UP = { share: 0.95, lagMs: 50 } as const;

const MODE_NAME = { http: 'HTTP mode (ack = HTTP response to the event POST)', socket: 'Socket Mode (ack = envelope ack on the WebSocket)' } as const;

export function ms(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (x === Infinity) return 'no ack';
  if (x < 10) return `${x.toFixed(1)} ms`;
  if (x < 10_000) return `${Math.round(x).toLocaleString('en-US')} ms`;
  return `${(x / 1000).toFixed(1)} s`;
}

const n = (x: number) => x.toLocaleString('en-US');

/** lm_shed_total over the step, by kind, and how many of the pastes were among the shed events. */
function shedText(x: StepRow): string {
  if (!x.shed) return 'n/a';
  const total = [...x.shed.values()].reduce((a, b) => a + b, 0);
  const kinds = [...x.shed].filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n(v)}`);
  const which = kinds.length > 1 ? ` (${kinds.join(', ')})` : kinds.length === 1 ? ` (${kinds[0].split(' ')[0]})` : '';
  return `${n(total)}${which}${x.shedPastes > 0 ? `, ${n(x.shedPastes)} pastes` : ''}`;
}

export function keptUp(row: StepRow): boolean {
  return row.sentPerSecond >= row.rate * KEPT_UP.share && row.sendLagP99 <= KEPT_UP.lagMs;
}

export function printMode(r: ModeResult, write: (line: string) => void): void {
  write(`\n${MODE_NAME[r.mode]}\n`);
  write('| events/s | sent/s | ack p50 | ack p99 | ack max | acks > 3 s | reply p50 | reply p99 | replies lost | duplicated | to chatter | shed |');
  write('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const x of r.rows) {
    write(`| ${n(x.rate)} | ${n(Math.round(x.sentPerSecond))} | ${ms(x.ackP50)} | ${ms(x.ackP99)} | ${ms(x.ackMax)} | ${n(x.acksOver3s)} | ` +
      `${ms(x.replyP50)} | ${ms(x.replyP99)} | ${n(x.repliesLost)} of ${n(x.pastes)} | ${n(x.duplicated)} | ${n(x.repliesToChatter)} | ${shedText(x)} |`);
  }
  write('');
  write('| events/s | deliveries | send lag p99 | max in flight | no ack | failed | deduplicated | app CPU | app loop p99 / max | generator loop p99 / max | reconnects | drained |');
  write('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const x of r.rows) {
    const failed = ([...x.failures].map(([k, v]) => `${k}: ${n(v)}`).join(', ') || '0') + (x.resent > 0 ? ` (resent ${n(x.resent)})` : '');
    write(`| ${n(x.rate)} | ${n(x.deliveries)} | ${ms(x.sendLagP99)} | ${n(x.maxInFlight)} | ${n(x.notAcked)} | ${failed} | ` +
      `${x.deduplicated === undefined ? 'n/a' : n(x.deduplicated)} | ${x.appCpuSeconds === undefined ? 'n/a' : `${x.appCpuSeconds.toFixed(1)} s`} | ` +
      `${ms(x.appLoopP99)} / ${ms(x.appLoopMax)} | ${ms(x.driverLoopP99)} / ${ms(x.driverLoopMax)} | ${n(x.reconnections)} | ${x.drained ? 'yes' : 'no'} |`);
  }
  const logged = [...r.logged].map(([k, v]) => `${k} ${n(v)}`).join(', ');
  write(`\napp log: ${logged || 'no warnings or errors'}; peak RSS ${r.peakRssMb === undefined ? 'n/a' : `${r.peakRssMb.toFixed(0)} MB`}; ` +
    `SIGTERM to exit ${ms(r.stopMs)}`);
  for (const x of r.rows.filter((row) => !keptUp(row))) {
    write(`note: at ${n(x.rate)}/s the load generator fell behind (sent ${n(Math.round(x.sentPerSecond))}/s, send lag p99 ${ms(x.sendLagP99)}): ` +
      'the app saw less than the offered load');
  }
}

/** One line per target of issue 14 at 2,000 events/s, in each mode measured. */
export function printTargets(results: readonly ModeResult[], write: (line: string) => void): void {
  write('');
  for (const r of results) {
    const label = r.mode === 'http' ? 'HTTP' : 'Socket Mode';
    const row = r.rows.find((x) => x.rate === TARGET.rate);
    if (!row) {
      write(`target (${label}, ${n(TARGET.rate)} events/s): not measured (${n(TARGET.rate)} is not in --rates)`);
      continue;
    }
    const caveat = keptUp(row) ? '' : ' [the load generator fell behind]';
    const line = (what: string, met: boolean, actual: string) =>
      write(`target (${label}, ${n(TARGET.rate)} events/s): ${what}: ${met ? 'met' : 'NOT MET'} (${actual})${caveat}`);
    line(`ack p99 ≤ ${TARGET.ackP99Ms} ms`, row.ackP99 <= TARGET.ackP99Ms, ms(row.ackP99));
    line('0 acks over 3 s', row.acksOver3s === 0, n(row.acksOver3s));
    line('0 duplicated replies', row.duplicated === 0, n(row.duplicated));
    line('0 replies to chatter', row.repliesToChatter === 0, n(row.repliesToChatter));
  }
}
