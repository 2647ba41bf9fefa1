/**
 * The fingerprint of everything the compiled knowledge is built from, read as bytes from disk: every file under the
 * knowledge folder (entries, out-of-scope entries, catalog, destructive commands) and every labelled set directly in
 * the training folder (never `sealed/`). Cheap enough for every start-up (hashing about 1.5 MB, a few
 * milliseconds): no Markdown or YAML is parsed to decide that nothing changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function inputsFingerprint(knowledgeDir: string, trainingDir: string, salt: string): string {
  const h = createHash('sha256').update(salt);
  for (const file of filesUnder(knowledgeDir)) hashFile(h, 'k', relative(knowledgeDir, file), file);
  if (existsSync(trainingDir)) {
    for (const name of readdirSync(trainingDir).filter((n) => n.endsWith('.jsonl')).sort()) hashFile(h, 't', name, join(trainingDir, name));
  }
  return h.digest('hex');
}

function hashFile(h: ReturnType<typeof createHash>, kind: string, name: string, file: string): void {
  const bytes = readFileSync(file);
  h.update(`\0${kind}:${name}:${bytes.length}\0`).update(bytes);
}

/** Regular files, recursively, in a stable order; a missing folder has none (loading then reports it). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}
