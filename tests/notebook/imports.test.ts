/**
 * The floors of the house, checked on every import in src/ (type-only imports included):
 * - tslab compiles src/ as CommonJS and cannot resolve a folder import ('./model' for './model/index'),
 *   so a folder import in src/ breaks every notebook that reaches it while tsx and vitest still work;
 * - the generic library imports nothing from src/studies/ (a study sits on top of it);
 * - model/ imports nothing from inference/, ordinal/, style/ (inference sits on top of the fit);
 * - notebook/ (what runs inside the kernel) and studies/ import nothing from pipeline/ or cli/;
 * - there is no import circle in src/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import of a file (static, dynamic, `export ... from`), resolved to a file under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport\s*\(|^import)\s*'(\.{1,2}\/[^']*)'/gm)) {
    const base = resolve(dirname(file), m[1]!);
    const target = [`${base}.ts`, base, `${base}/index.ts`].find((p) => existsSync(p) && statSync(p).isFile());
    if (target) out.push(relative(process.cwd(), target));
  }
  return out;
}

const FILES = tsFiles('src');
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));
const folderOf = (f: string) => f.split('/')[1]!;

/** Imports from files in `from` folders to files in `to` folders, as "a -> b". */
function crossing(from: readonly string[], to: readonly string[]): string[] {
  const bad: string[] = [];
  for (const [file, targets] of GRAPH) {
    if (!from.includes(folderOf(file))) continue;
    for (const t of targets) if (to.includes(folderOf(t))) bad.push(`${file} -> ${t}`);
  }
  return bad;
}

const GENERIC = ['data', 'model', 'inference', 'ordinal', 'agreement', 'features', 'style', 'power', 'figures', 'report', 'describe', 'format', 'linalg', 'stats', 'util', 'notebook'];

describe('src/ imports that tslab can compile', () => {
  it('no relative import names a folder', () => {
    const bad: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}(?:\/[^']*)?)'/g)) {
        const target = resolve(dirname(file), m[1]!);
        if (existsSync(target) && statSync(target).isDirectory()) bad.push(`${file}: '${m[1]}' (write '${m[1]}/index')`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('the floors of the house', () => {
  it('the graph is read (sanity: the model imports the linear algebra, the study imports the model)', () => {
    expect(crossing(['model'], ['linalg']).length).toBeGreaterThan(0);
    expect(crossing(['studies'], ['model']).length).toBeGreaterThan(0);
  });
  it('no generic folder imports studies/', () => {
    expect(crossing(GENERIC, ['studies'])).toEqual([]);
  });
  it('model/ imports nothing from inference/, ordinal/, style/', () => {
    expect(crossing(['model'], ['inference', 'ordinal', 'style'])).toEqual([]);
  });
  it('notebook/ and studies/ import nothing from pipeline/ or cli/; the generic library neither', () => {
    expect(crossing([...GENERIC, 'studies'], ['pipeline', 'cli'])).toEqual([]);
  });
  it('no import circles in src/ (type-only imports included)', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of GRAPH.get(f) ?? []) {
        if (state.get(t) === 'open') circles.push([...stack.slice(stack.indexOf(t)), t].join(' -> '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of FILES) if (!state.has(f)) visit(f);
    expect(circles).toEqual([]);
  });
});
