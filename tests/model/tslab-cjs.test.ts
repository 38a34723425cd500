/**
 * src/model must also compile where notebooks run it: with tslab's bundled TypeScript 5.0.4 (module resolution
 * Node10, CommonJS, non-strict), including the WebAssembly Cholesky kernel; the CommonJS build must fit the
 * same model as the ESM build (a crossed design whose dense block is large enough for the kernel).
 */
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBlocks, fitLmm } from '../../src/model';
import { createRng } from '../../src/stats/random';
import { ts, tslabProgram } from '../helpers/tslab-compile';

describe('src/model under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { root, outDir, program, errorsIn } = tslabProgram(['src/model/index.ts'], 'model-cjs-');
  const mine = (f: string) => /^src\/model\//.test(f);

  it('type-checks with no error in src/model', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn(mine)).toEqual([]);
  });

  it('runs as CommonJS and fits the same model as the ESM build', () => {
    expect(program.emit().emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'model', 'index.js')) as typeof import('../../src/model');
    const rng = createRng(3);
    const rows: Record<string, unknown>[] = [];
    for (let s = 0; s < 120; s++) {
      for (let r = 0; r < 6; r++) rows.push({ s: `s${s}`, item: `i${rng.int(70)}`, y: Math.sin(s) + 0.3 * rng.normal() });
    }
    const a = cjs.fitLmm('y ~ 1 + (1 | s) + (1 | item)', rows);
    const b = fitLmm('y ~ 1 + (1 | s) + (1 | item)', rows);
    expect(describeBlocks(b.system)).toMatch(/dense tail: item \+ X \+ y, size 72/);
    expect(a.criterion).toBe(b.criterion);
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
  });
});
