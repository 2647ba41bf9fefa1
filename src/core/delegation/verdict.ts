import type { Finding, Verdict } from './types';

/** The worst severity of the findings: fail > warn > ok; `info` does not lower it. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'fail')) return 'fail';
  if (findings.some((f) => f.severity === 'warn')) return 'warn';
  return 'ok';
}
