/**
 * src/features must also work where tslab runs it: compiled by tslab's bundled TypeScript 5.0.4
 * (module resolution Node10, non-strict) and executed as CommonJS. This test compiles the feature modules
 * with that compiler and those options, then require()s the CommonJS output and checks that it computes
 * the same features as the ESM build (emoji-regex and afinn-free paths included: emoji-regex is an ES
 * module, loaded through Node 20.20's require(esm)).
 */
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/features/index';
import { ts, tslabProgram } from '../helpers/tslab-compile';

describe('src/features under tslab (TypeScript 5.0.4, CommonJS)', () => {
  const { root, outDir, program, errorsIn } = tslabProgram(['src/features/index.ts'], 'features-cjs-');

  it('type-checks with no error in src/features', () => {
    expect(ts.version).toBe('5.0.4');
    expect(errorsIn((f) => f.startsWith('src/features'))).toEqual([]);
  });

  it('runs as CommonJS and gives the same features as the ESM build', () => {
    const emitted = program.emit();
    expect(emitted.emitSkipped).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const cjs = createRequire(join(outDir, 'index.js'))(join(outDir, 'src', 'features', 'index.js')) as typeof import('../../src/features/index');
    const texts = ["Hey there! 🤷‍♀️ I'm so glad you’re here, no-shows aside (i.e. rarely).", 'Thanks 👍🏽 🇺🇸'];
    for (const emojiUnits of ['sequence', 'liwc22'] as const) {
      expect(cjs.extractFeatures(texts, { emojiUnits }).rows).toEqual(extractFeatures(texts, { emojiUnits }).rows);
    }
    expect(cjs.extractFeatures(texts).rows[0]!.Emoji).toBeGreaterThan(0);
  });
});
