/**
 * CPU time the process spends in a call (user + system, in milliseconds). Time bounds in the fuzz tests use it rather
 * than wall time: it does not grow when other processes take the cores, so a bound catches super-linear work
 * without failing on a busy machine.
 */
export function cpuMsOf<T>(fn: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}
