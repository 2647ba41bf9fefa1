/**
 * The line of recognised text that carries the evidence for a diagnosis (the code, else a matched phrase), so a
 * reply can show people what was read from their screenshot and let them check it. Pure.
 */
import type { Diagnosis } from './types';

export const MAX_ERROR_LINE_CHARS = 300;

const FAILURE_WORDS = /\b(error|failed|fail|cannot|could not|not compatible|not available|denied|refused)\b/;

function fold(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ');
}

/** The best evidence line of `text` for `d`, cut to MAX_ERROR_LINE_CHARS; undefined without a diagnosis. */
export function findErrorLine(text: string, d: Pick<Diagnosis, 'entry' | 'signals' | 'codes'>): string | undefined {
  if (!d.entry) return undefined;
  const codes = d.codes.map((c) => c.toLowerCase());
  const strong = d.signals.filter((s) => s.kind === 'phrase' || s.kind === 'localized' || s.kind === 'code').map((s) => fold(s.value));
  const weak = d.signals.filter((s) => s.kind === 'event').map((s) => fold(s.value));
  let best: { line: string; score: number } | undefined;
  for (const line of text.split('\n')) {
    const f = fold(line);
    if (f.trim() === '') continue;
    let score = 0;
    for (const c of codes) if (f.includes(c) || f.includes(c.replace(/^0x/, ''))) score += 3;
    for (const s of strong) if (f.includes(s)) score += 2;
    for (const s of weak) if (f.includes(s)) score += 0.5;
    if (FAILURE_WORDS.test(f)) score += 0.5;
    if (score > 0 && (!best || score > best.score)) best = { line: line.trim(), score };
  }
  if (!best) return undefined;
  return best.line.length > MAX_ERROR_LINE_CHARS ? `${best.line.slice(0, MAX_ERROR_LINE_CHARS - 1)}…` : best.line;
}
