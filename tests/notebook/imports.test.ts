/**
 * tslab compiles src/ as CommonJS and cannot resolve a folder import ('./model' for './model/index'),
 * so a folder import in src/ breaks every notebook that reaches it while tsx and vitest still work.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('src/ imports that tslab can compile', () => {
  it('no relative import names a folder', () => {
    const bad: string[] = [];
    for (const file of tsFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}(?:\/[^']*)?)'/g)) {
        const target = resolve(dirname(file), m[1]!);
        if (existsSync(target) && statSync(target).isDirectory()) bad.push(`${file}: '${m[1]}' (write '${m[1]}/index')`);
      }
    }
    expect(bad).toEqual([]);
  });
});
