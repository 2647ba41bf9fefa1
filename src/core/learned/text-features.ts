/**
 * Turns folded paste text into the sparse features the learned model reads: word unigrams and bigrams over a
 * normalised token stream. Tokens keep their meaning and drop their particulars: host and VM names with digits
 * become their shape ("hv07" → "hv0"), error codes and 4–5 digit numbers (event IDs, ports) stay as they are.
 */

/** Most tokens read from one paste (bounded work on long pastes; the head of a paste carries the error). */
export const MAX_FEATURE_TOKENS = 1200;

const TOKEN = /[\p{L}\p{N}]+/gu;

const DIGIT = /\d/;

/** English inflections people vary freely ("saturated", "saturates", "saturating"): one light suffix strip. */
const SUFFIX = /(?:ing|ed|es|s|ly)$/;

function shape(token: string): string {
  if (!DIGIT.test(token)) return token.length > 5 ? token.replace(SUFFIX, '') : token;
  if (/^0x[0-9a-f]+$/.test(token) || /^\d{4,5}$/.test(token)) return token;
  // Decimal HRESULTs (-2146893042) lose their sign in tokenisation; keep them whole, they are codes.
  if (/^21474\d{5}$/.test(token)) return token;
  return token.replace(/\d+/g, '0');
}

/** The normalised tokens of `folded` text (lower case already), at most MAX_FEATURE_TOKENS. */
export function featureTokens(folded: string): string[] {
  const words = folded.match(TOKEN) ?? [];
  const n = Math.min(words.length, MAX_FEATURE_TOKENS);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = shape(words[i]);
  return out;
}

/** Distinct features of a text: `w:` unigrams and `b:` bigrams. */
export function textFeatures(folded: string): string[] {
  return tokenFeatures(featureTokens(folded));
}

/** Distinct features of a token stream (featureTokens, possibly masked). */
export function tokenFeatures(tokens: readonly string[]): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    seen.add(`w:${tokens[i]}`);
    if (i > 0) seen.add(`b:${tokens[i - 1]} ${tokens[i]}`);
  }
  return [...seen];
}
