/**
 * Aho–Corasick over the literal text that keyword regexes require: which literals occur in a paste, found in one
 * pass over it instead of one `includes` scan per literal (about 300 of them over a 4 KB paste).
 */
export interface LiteralScanner {
  /** The literals that occur in `text`. */
  scan(text: string): Set<string>;
}

export function createLiteralScanner(literals: Iterable<string>): LiteralScanner {
  const next: Array<Map<number, number>> = [new Map()];
  const out: string[][] = [[]];
  for (const literal of new Set(literals)) {
    if (literal.length === 0) continue;
    let node = 0;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      let child = next[node].get(c);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        out.push([]);
        next[node].set(c, child);
      }
      node = child;
    }
    out[node].push(literal);
  }
  const fail = new Array<number>(next.length).fill(0);
  const queue = [...next[0].values()];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    for (const [c, v] of next[u]) {
      let f = fail[u];
      while (f !== 0 && !next[f].has(c)) f = fail[f];
      const target = next[f].get(c);
      fail[v] = target !== undefined && target !== v ? target : 0;
      // Every literal that ends where a suffix of this path ends is found here too.
      if (out[fail[v]].length > 0) out[v] = [...out[v], ...out[fail[v]]];
      queue.push(v);
    }
  }
  // ASCII moves as a full table (BFS order: a node's failure state is complete before the node): one lookup per
  // character. Other characters follow goto and failure links.
  const ascii = new Int32Array(next.length * 128);
  for (const u of [0, ...queue]) {
    for (let c = 0; c < 128; c++) ascii[u * 128 + c] = next[u].get(c) ?? (u === 0 ? 0 : ascii[fail[u] * 128 + c]);
  }
  return {
    scan(text: string): Set<string> {
      const found = new Set<string>();
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 128) {
          state = ascii[state * 128 + c];
        } else {
          let to = next[state].get(c);
          while (to === undefined && state !== 0) {
            state = fail[state];
            to = next[state].get(c);
          }
          state = to ?? 0;
        }
        const hits = out[state];
        for (let k = 0; k < hits.length; k++) found.add(hits[k]);
      }
      return found;
    },
  };
}
