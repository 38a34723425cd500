/**
 * src/ordinal, src/power and src/figures/powerCurve must also compile where notebooks run them: with tslab's
 * bundled TypeScript 5.0.4 (module resolution Node10, CommonJS, non-strict) - no TypeScript 5.1+ syntax.
 * The CommonJS build must also fit the same model as the ESM build.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitClmm } from '../../src/ordinal/index';
import { projectRoot } from '../../src/util/paths';
import { referenceRows } from './helpers';

const require_ = createRequire(__filename);
type Ts = typeof import('typescript');
const ts = require_('@tslab/typescript-for-tslab') as Ts;

describe('src/ordinal and src/power under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const root = projectRoot();
  const outDir = mkdtempSync(join(tmpdir(), 'ordinal-cjs-'));
  const options = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    skipLibCheck: true,
    resolveJsonModule: true,
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    rootDir: root,
    outDir,
  };
  const entries = ['src/ordinal/index.ts', 'src/power/index.ts', 'src/figures/powerCurve.ts'].map((f) => join(root, f));
  const program = ts.createProgram(entries, options);
  const mine = (f: string) => /^src\/(ordinal|power)\//.test(f) || f === 'src/figures/powerCurve.ts';

  it('type-checks with no error in these modules', () => {
    expect(ts.version).toBe('5.0.4');
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file !== undefined && mine(relative(root, d.file.fileName)));
    expect(diagnostics.map((d) => `${relative(root, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)).toEqual([]);
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
