/**
 * One parser per kind of setting, shared by every configuration slice: text, boolean, whole number with a unit,
 * list, URL and one-of. Each reads one variable of a plain environment object (empty or blank means unset) and, on a
 * bad value, records a problem that names the variable and says what to set, then returns the fallback; so one
 * start-up reports every problem at once. Values of variables marked secret never appear in a problem. Pure.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvReader {
  readonly problems: string[];
  /** Trimmed text, or undefined when unset. */
  text(name: string): string | undefined;
  /** The value as is (not trimmed: a password may end in a space), or undefined when unset or empty. */
  secret(name: string): string | undefined;
  /** true/false, 1/0, yes/no, on/off (any case); the fallback when unset. */
  boolean(name: string, fallback: boolean): boolean;
  /** A whole number from min to max; `unit` names it in problems ("milliseconds", "a TCP port"). */
  integer(name: string, o: { fallback: number; min: number; max: number; unit: string }): number;
  /** Items separated by commas or white space; each must match `item` when given (described by `what`). */
  list(name: string, item?: { pattern: RegExp; what: string }): string[] | undefined;
  /** A URL with one of `schemes` (e.g. ['https:', 'http:']); `example` shows a good one. */
  url(name: string, o: { schemes: readonly string[]; example: string }): URL | undefined;
  /** One of `values` (case-insensitive); the fallback when unset. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
}

const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off)$/i;

/** A bad value as it may be shown: at most 20 characters. */
function shown(raw: string): string {
  return JSON.stringify(raw.length > 20 ? `${raw.slice(0, 20)}…` : raw);
}

export function createEnvReader(env: Env): EnvReader {
  const problems: string[] = [];
  const text = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  return {
    problems,
    text,
    secret(name) {
      const v = env[name];
      return v && v.trim() ? v : undefined;
    },
    boolean(name, fallback) {
      const raw = text(name);
      if (raw === undefined) return fallback;
      if (TRUE.test(raw)) return true;
      if (FALSE.test(raw)) return false;
      problems.push(`${name} must be true or false (got ${shown(raw)})`);
      return fallback;
    },
    integer(name, o) {
      const raw = text(name);
      if (raw === undefined) return o.fallback;
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < o.min || n > o.max) {
        problems.push(`${name} must be ${o.unit} ${o.min}–${o.max} (got ${shown(raw)})`);
        return o.fallback;
      }
      return n;
    },
    list(name, item) {
      const raw = text(name);
      if (raw === undefined) return undefined;
      const items = raw.split(/[\s,]+/).filter((t) => t.length > 0);
      const bad = item ? items.filter((t) => !item.pattern.test(t)) : [];
      if (item && bad.length > 0) {
        problems.push(`${name} must be a comma-separated list of ${item.what}; these are not: ${bad.slice(0, 5).map(shown).join(', ')}`);
      }
      return items;
    },
    url(name, o) {
      const raw = text(name);
      if (raw === undefined) return undefined;
      let url: URL | undefined;
      try { url = new URL(raw); } catch { url = undefined; }
      if (!url || !o.schemes.includes(url.protocol)) {
        // Never echo a URL back: it may carry a password.
        problems.push(`${name} must look like ${o.example}`);
        return undefined;
      }
      return url;
    },
    oneOf(name, values, fallback) {
      const raw = text(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      const v = values.find((x) => x === raw);
      if (v === undefined) problems.push(`${name} must be one of ${values.join(', ')} (got ${shown(raw)})`);
      return v ?? fallback;
    },
  };
}
