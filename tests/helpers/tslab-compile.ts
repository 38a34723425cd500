/**
 * Compiles project modules the way tslab does in a notebook: its bundled TypeScript 5.0.4, module
 * resolution Node10, CommonJS, non-strict. Used by the tests that check src/ still works under tslab.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { projectRoot } from '../../src/util/paths';

const require_ = createRequire(__filename);
type Ts = typeof import('typescript');
/** tslab's own TypeScript compiler. */
export const ts = require_('@tslab/typescript-for-tslab') as Ts;

/** A program over `entries` (project-relative paths) with tslab's options, emitting into a temp folder. */
export function tslabProgram(entries: readonly string[], tmpPrefix: string) {
  const root = projectRoot();
  const outDir = mkdtempSync(join(tmpdir(), tmpPrefix));
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
  const program = ts.createProgram(entries.map((f) => join(root, f)), options);
  /** Type errors in files whose project-relative path satisfies `mine`, as "file: message". */
  const errorsIn = (mine: (file: string) => boolean): string[] =>
    ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && mine(relative(root, d.file.fileName)))
      .map((d) => `${relative(root, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  return { root, outDir, options, program, errorsIn };
}
