/**
 * src/ordinal, src/power and src/figures/powerCurve must also compile where notebooks run them: with tslab's
 * bundled TypeScript 5.0.4 (module resolution Node10, CommonJS, non-strict) - no TypeScript 5.1+ syntax.
 * The CommonJS build must also fit the same model as the ESM build.
 */
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitClmm } from '../../src/ordinal/index';
import { ts, tslabProgram } from '../helpers/tslab-compile';
import { referenceRows } from './helpers';

describe('src/ordinal and src/power under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { root, outDir, program, errorsIn } = tslabProgram(['src/ordinal/index.ts', 'src/power/index.ts', 'src/figures/powerCurve.ts'], 'ordinal-cjs-');
  const mine = (f: string) => /^src\/(ordinal|power)\//.test(f) || f === 'src/figures/powerCurve.ts';

  it('type-checks with no error in these modules', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn(mine)).toEqual([]);
  });

  it('runs as CommonJS and fits the same CLMM as the ESM build', () => {
    expect(program.emit().emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'ordinal', 'index.js')) as typeof import('../../src/ordinal/index');
    const rows = referenceRows({ data: { csv: 'tests/reference/datasets/wine.csv' } });
    const a = cjs.fitClmm('rating ~ temp + contact + (1 | judge)', rows);
    const b = fitClmm('rating ~ temp + contact + (1 | judge)', rows);
    expect(Array.from(a.parameters)).toEqual(Array.from(b.parameters));
  });
});
