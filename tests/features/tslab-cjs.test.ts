/**
 * src/features must also work where tslab runs it: compiled by tslab's bundled TypeScript 5.0.4
 * (module resolution Node10, non-strict) and executed as CommonJS. This test compiles the feature modules
 * with that compiler and those options, then require()s the CommonJS output and checks that it computes
 * the same features as the ESM build (emoji-regex and afinn-free paths included: emoji-regex is an ES
 * module, loaded through Node 20.20's require(esm)).
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/features';
import { projectRoot } from '../../src/util/paths';

const require_ = createRequire(__filename);
type Ts = typeof import('typescript');
const ts = require_('@tslab/typescript-for-tslab') as Ts;

describe('src/features under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const root = projectRoot();
  const outDir = mkdtempSync(join(tmpdir(), 'features-cjs-'));
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
  const program = ts.createProgram([join(root, 'src', 'features', 'index.ts')], options);

  it('type-checks with no error in src/features', () => {
    expect(ts.version).toBe('5.0.4');
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file !== undefined && relative(root, d.file.fileName).startsWith('src/features'));
    const text = diagnostics.map((d) => `${relative(root, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(text).toEqual([]);
  });

  it('runs as CommonJS and gives the same features as the ESM build', () => {
    const emitted = program.emit();
    expect(emitted.emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'features', 'index.js')) as typeof import('../../src/features');
    const texts = ["Hey there! 🤷‍♀️ I'm so glad you’re here, no-shows aside (i.e. rarely).", 'Thanks 👍🏽 🇺🇸'];
    for (const emojiUnits of ['sequence', 'liwc22'] as const) {
      expect(cjs.extractFeatures(texts, { emojiUnits }).rows).toEqual(extractFeatures(texts, { emojiUnits }).rows);
    }
    expect(cjs.extractFeatures(texts).rows[0]!.Emoji).toBeGreaterThan(0);
  });
});
