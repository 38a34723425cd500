/**
 * src/agreement must also compile where notebooks run it: with tslab's bundled TypeScript 5.0.4 (module
 * resolution Node10, CommonJS, non-strict) - no TypeScript 5.1+ syntax. The CommonJS build must give the
 * same agreement numbers as the ESM build.
 */
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreementHeadline, raterAgreement } from '../../src/agreement/index';
import { ts, tslabProgram } from '../helpers/tslab-compile';
import { readCase, rowsOf } from './reference';

describe('src/agreement under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { root, outDir, program, errorsIn } = tslabProgram(['src/agreement/index.ts'], 'agreement-cjs-');

  it('type-checks with no error in the module', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn((f) => f.startsWith('src/agreement/'))).toEqual([]);
  });

  it('runs as CommonJS and gives the same numbers as the ESM build', () => {
    expect(program.emit().emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'agreement', 'index.js')) as typeof import('../../src/agreement/index');
    const rows = rowsOf(readCase('by_source'));
    const a = cjs.raterAgreement(rows, { seed: 5, replicates: 50 });
    const b = raterAgreement(rows, { seed: 5, replicates: 50 });
    expect(agreementHeadline(a.overall)).toEqual(agreementHeadline(b.overall));
    expect(a.groups.map(agreementHeadline)).toEqual(b.groups.map(agreementHeadline));
  });
});
