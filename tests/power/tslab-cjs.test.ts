/**
 * src/power must also work where notebooks run it: compiled by tslab's bundled TypeScript 5.0.4 (module
 * resolution Node10, CommonJS, non-strict). The CommonJS build's powerCurve starts its worker threads from
 * the esbuild bundle of worker-main.ts (src/util/workerBundle.ts) and must give the same replicates, bit
 * for bit, as the ESM build in one thread, and as workers loaded through tsx.
 */
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { powerCurve, type LmmScenario } from '../../src/power/index';
import { ts, tslabProgram } from '../helpers/tslab-compile';

const layout = { posts: 6, postsPerRater: 3, conditions: ['a', 'b', 'c'] };
const lmm: LmmScenario = { kind: 'lmm', means: { a: 0.5, b: 0, c: 0.2 }, sd: { rater: 0.5, post: 0.3, 'post:rater': 0.4 }, sigma: 1 };
const opts = { scenario: lmm, layout, raters: [6, 10], nsim: 6, contrast: ['a', 'c'] as [string, string], seed: 3, log: () => undefined };

describe('src/power under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { root, outDir, program, errorsIn } = tslabProgram(['src/power/index.ts', 'src/util/workerBundle.ts'], 'power-cjs-');

  it('type-checks with no error in src/power and src/util', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn((f) => f.startsWith('src/power/') || f.startsWith('src/util/'))).toEqual([]);
  });

  it('runs as CommonJS: bundled workers give the same replicates as one thread and as tsx-loaded workers', async () => {
    expect(program.emit().emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'power', 'index.js')) as typeof import('../../src/power/index');
    const bundled = await cjs.powerCurve({ ...opts, jobs: 2 });
    expect(bundled.jobs).toBe(2);
    const one = await powerCurve({ ...opts, jobs: 1 });
    const tsx = await powerCurve({ ...opts, jobs: 2, workerLoader: 'tsx' });
    expect(JSON.stringify(bundled.replicates)).toBe(JSON.stringify(one.replicates));
    expect(JSON.stringify(tsx.replicates)).toBe(JSON.stringify(one.replicates));
  }, 120_000);
});
