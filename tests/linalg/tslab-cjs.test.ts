/**
 * src/linalg under tslab (TypeScript 5.0.4, CommonJS, as notebooks compile it): it type-checks, and the
 * blocked dense Cholesky runs there on the shared WebAssembly memory with its helper thread, giving the same
 * factor bit for bit as the ESM build.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cholEnvelope } from '../../src/linalg/index';
import { createRng } from '../../src/stats/random';
import { ts, tslabProgram } from '../helpers/tslab-compile';

describe('src/linalg under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { outDir, program, errorsIn } = tslabProgram(['src/linalg/index.ts', 'src/linalg/denseHelper.ts', 'src/linalg/tileKernel.ts'], 'linalg-cjs-');

  it('type-checks with no error in src/linalg', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn((f) => /^src\/linalg\//.test(f))).toEqual([]);
  });

  it('factors a dense matrix with the helper thread under CommonJS, identical to the ESM build', async () => {
    expect(program.emit().emitSkipped).toBe(false);
    const req = createRequire(join(outDir, 'index.js'));
    const cjs = req(join(outDir, 'src', 'linalg', 'index.js')) as typeof import('../../src/linalg/index');
    const helper = req(join(outDir, 'src', 'linalg', 'denseHelper.js')) as typeof import('../../src/linalg/denseHelper');
    const kernel = (req(join(outDir, 'src', 'linalg', 'tileKernel.js')) as typeof import('../../src/linalg/tileKernel')).tileKernel();
    expect(kernel).not.toBeNull();
    expect(await helper.startDenseHelper(kernel!)).toBe(true);
    expect(helper.denseHelperRunning()).toBe(true);
    // Diagonally dominant, hence positive definite.
    const m = 300;
    const rng = createRng(8);
    const A = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < i; j++) A[i * m + j] = A[j * m + i] = rng.uniform() - 0.5;
      A[i * m + i] = m;
    }
    const a = Float64Array.from(A);
    const b = Float64Array.from(A);
    expect(cjs.cholEnvelope(a, m, new Int32Array(m), { method: 'blocked', threads: 2 })).toBe(-1);
    expect(cholEnvelope(b, m, new Int32Array(m), { method: 'blocked', threads: 1 })).toBe(-1);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
