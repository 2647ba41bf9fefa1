/**
 * The dependency direction of src/ (drawn in the README's "Architecture" section), checked on every import:
 * static imports and re-exports, `require(…)` and `import(…)`. A folder may import only the folders listed for it,
 * so adapters never import each other, the core imports no adapter, and nothing imports the shells above it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const SRC = join(REPO_ROOT, 'src');

/** Each top-level folder of src/ and the folders it may import. Everything else is refused. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  support: [],
  config: ['support'],
  core: ['support'],
  knowledge: ['core', 'config', 'support'],
  // Adapters: each over the core, none over another.
  directory: ['core', 'config', 'support'],
  ocr: ['core', 'config', 'support'],
  redis: ['config', 'support'],
  feedback: ['core', 'config', 'support'],
  ops: ['core', 'support'],
  console: ['core', 'support'],
  slack: ['core', 'config', 'support'],
  eval: ['core', 'knowledge', 'config', 'support'],
  // The composition root builds the service from every part; the CLI is the shell over it.
  app: ['core', 'knowledge', 'config', 'support', 'directory', 'ocr', 'redis', 'ops', 'console', 'slack', 'feedback'],
  cli: ['app', 'core', 'knowledge', 'config', 'support', 'directory', 'ocr', 'console', 'eval', 'feedback', 'redis'],
};

/** npm packages the pure layers may use (the core is pure computation: fuse.js only, no I/O). */
const PACKAGES: Record<string, readonly string[]> = {
  core: ['fuse.js'],
  config: ['node:path'],
  support: ['node:crypto', 'pino', 'prom-client'],
};

interface Edge { from: string; to: string; file: string; spec: string }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `import … from '…'` and `export … from '…'` statements, `require('…')` and `import('…')`. */
const SPECIFIER = /(?:^\s*(?:import|export)\b[^;]*?\bfrom\s*|\brequire\(\s*|\bimport\(\s*)'([^']+)'/gm;

function folderOf(path: string): string {
  return relative(SRC, path).split(sep)[0];
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => {
    const spec = m[1];
    const to = spec.startsWith('.') ? folderOf(resolve(dirname(file), spec)) : `pkg:${spec}`;
    return { from: folderOf(file), to, file: relative(REPO_ROOT, file), spec };
  }));
}

/** Folders in a cycle (Tarjan's strongly connected components of more than one folder). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next); low.set(v, next); next++; stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; component.push(w); } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const all = edges();
const internal = all.filter((e) => !e.to.startsWith('pkg:') && e.to !== e.from);

test('every top-level folder of src/ has a rule (a new folder needs a place in the picture)', () => {
  const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory()).sort();
  expect(folders).toEqual(Object.keys(MAY_IMPORT).sort());
  expect(readdirSync(SRC).filter((n) => n.endsWith('.ts'))).toEqual([]);
});

test('no import cycle between top-level folders', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of internal) graph.set(e.from, new Set([...(graph.get(e.from) ?? []), e.to]));
  expect(cycles(graph)).toEqual([]);
});

test('each folder imports only what its layer allows', () => {
  const refused = internal.filter((e) => !(MAY_IMPORT[e.from] ?? []).includes(e.to)).map((e) => `${e.file}: ${e.spec} (${e.from} -> ${e.to})`);
  expect(refused).toEqual([]);
});

test('the pure layers use no other package (the core does no I/O)', () => {
  const refused = all.filter((e) => e.to.startsWith('pkg:') && e.from in PACKAGES && !PACKAGES[e.from].includes(e.spec))
    .map((e) => `${e.file}: ${e.spec}`);
  expect(refused).toEqual([]);
});

test('nothing in src/ imports the tools, the tests or a devDependency', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const dev = new Set(Object.keys(pkg.devDependencies));
  const refused = all.filter((e) => /^(tools|test)$/.test(e.to) || (e.to.startsWith('pkg:') && dev.has(e.spec.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1'))))
    .map((e) => `${e.file}: ${e.spec}`);
  expect(refused).toEqual([]);
});

test('the checker sees the imports it must judge (it would catch a cycle)', () => {
  expect(internal.length).toBeGreaterThan(200);
  expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]))).toEqual([['a', 'b', 'c']]);
  expect(all.some((e) => e.spec === './diagnose-command')).toBe(true); // a lazy require(…) is seen too
});
