/**
 * The few context rules that outrank evidence: classes of text (context-classes.json) that mean "do not answer
 * this", each with its reason. Cues are literal word sequences matched on whole tokens, never regular expressions,
 * so an author extends a class by adding words, and every cue is checked by `kb lint` (lintContextClasses).
 */
import data from './context-classes.json';

export interface ContextClass {
  id: string;
  reason: string;
  /** The class applies only when the paste held a link (sharing an article). */
  needsLink: boolean;
  cues: string[];
}

export interface ContextHit { id: string; reason: string; cue: string }

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Whole words, lower case, as written (no stemming): what cues are matched against. */
export function contextTokens(text: string): string[] {
  return tokens(text);
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Problems with a context-class file's content, as sentences; empty when it is valid. */
export function lintContextClasses(raw: unknown): string[] {
  const problems: string[] = [];
  const classes = (raw as { classes?: unknown })?.classes;
  if (!Array.isArray(classes) || classes.length === 0) return ['"classes" must be a non-empty list'];
  const seen = new Map<string, string>();
  classes.forEach((c: Partial<ContextClass>, i) => {
    const at = `classes[${i}]`;
    if (typeof c.id !== 'string' || !/^[a-z]+(?:-[a-z]+)*$/.test(c.id)) problems.push(`${at}.id must be a kebab-case id`);
    if (typeof c.reason !== 'string' || c.reason.length < 30) problems.push(`${at}.reason must say why, in a sentence`);
    if (typeof c.needsLink !== 'boolean') problems.push(`${at}.needsLink must be true or false`);
    if (!Array.isArray(c.cues) || c.cues.length === 0) problems.push(`${at}.cues must be a non-empty list`);
    (Array.isArray(c.cues) ? c.cues : []).forEach((cue: unknown, k) => {
      if (typeof cue !== 'string' || tokens(cue).length === 0) problems.push(`${at}.cues[${k}] must be words`);
      else if (/[|\\()[\]*+?^$]/.test(cue)) problems.push(`${at}.cues[${k}] "${cue}" looks like a regular expression: cues are literal words`);
      else {
        const key = tokens(cue).join(' ');
        if (seen.has(key)) problems.push(`${at}.cues[${k}] "${cue}" is already a cue of ${seen.get(key)}`);
        seen.set(key, String(c.id));
      }
    });
  });
  return problems;
}

export const CONTEXT_CLASSES: readonly ContextClass[] = Object.freeze((data as { classes: ContextClass[] }).classes);

/** Cue token sequences by first token, for one left-to-right pass over a paste. */
const BY_FIRST = new Map<string, Array<{ words: string[]; cls: ContextClass; cue: string }>>();
for (const cls of CONTEXT_CLASSES) {
  for (const cue of cls.cues) {
    const words = tokens(cue);
    const list = BY_FIRST.get(words[0]) ?? [];
    list.push({ words, cls, cue });
    BY_FIRST.set(words[0], list);
  }
}

/** The first context class whose cue occurs in the paste's tokens, or undefined. */
export function findContextClass(pasteTokens: readonly string[], hasLink: boolean): ContextHit | undefined {
  for (let i = 0; i < pasteTokens.length; i++) {
    for (const { words, cls, cue } of BY_FIRST.get(pasteTokens[i]) ?? []) {
      if (cls.needsLink && !hasLink) continue;
      if (words.every((w, k) => pasteTokens[i + k] === w)) return { id: cls.id, reason: cls.reason, cue };
    }
  }
  return undefined;
}
