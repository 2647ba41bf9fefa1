/** Reading one environment variable: trimmed (empty means unset), or a whole number within bounds. Pure. */

export type Env = Record<string, string | undefined>;

export function readEnv(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** The variable as a whole number from min to max; a problem (and the fallback) when it is anything else. */
export function readWholeNumber(env: Env, name: string, fallback: number, min: number, max: number, what: string, problems: string[]): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problems.push(`${name} must be ${what} ${min}–${max} (got "${raw.slice(0, 20)}")`);
    return fallback;
  }
  return n;
}
