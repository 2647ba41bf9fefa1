/**
 * within(work, ms) → true when `work` settled (resolved or rejected) within `ms`, false when the bound passed first.
 * The work is not cancelled; a rejection after the bound is swallowed. Shutdown uses it so that no step can hold
 * the process past SHUTDOWN_TIMEOUT_MS.
 */
export async function within(work: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!work) return true;
  const settled = work.then(() => true, () => true);
  if (ms <= 0) return Promise.race([settled, Promise.resolve(false)]);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([settled, new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
