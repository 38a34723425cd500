/**
 * Makes a notebook's first import of the project's TypeScript (src/) cost seconds, not tens of seconds
 * (applied to the tslab kernel by preload.cjs).
 *
 * tslab 1.0.22 compiles every project .ts file a cell imports through its own TypeScript program: it
 * type-checks each of them (semantic and declaration diagnostics), emits each with declarations, then
 * re-transpiles each output from ES modules to CommonJS. For this project's src/ (about 200 files) that is
 * 10 s of CPU per kernel, every notebook, before the first line runs. Here:
 *
 * - project source files (.ts/.tsx/.mts/.cts under the kernel's working directory, outside node_modules,
 *   not tslab's own cell files) are loaded by Node's require through esbuild (the compiler tsx and vitest
 *   use for the CLI and the tests): tslab's emit of such a file becomes a one-line module that requires
 *   the real file, so every cell and every module share one instance of it;
 * - tslab's program gets the global declarations of @types/node only, as tsconfig.json has it, not
 *   those of every @types package in node_modules;
 * - the cell itself is still type-checked against the project's types (a cell that misuses an API still
 *   fails with the compiler's message), but the imported files' own bodies are not re-checked in every
 *   kernel: `npm run typecheck` (and the test suite) checks src/.
 *
 * The patch is applied only when tslab's converter has the shape it was written for; otherwise it says so
 * on stderr and tslab runs unchanged. Set EMPATHY_LAB_TSLAB_FULL_COMPILE=1 to run tslab unchanged.
 */
'use strict';
const path = require('node:path');
const Module = require('node:module');

const TS_SOURCE = /\.(c|m)?tsx?$/;

/**
 * True for a project source file tslab would otherwise compile itself: a TypeScript file (not a
 * declaration file) under `root`, outside node_modules, other than tslab's cell files (__tslab__.ts).
 */
function isProjectSource(fileName, root) {
  if (!TS_SOURCE.test(fileName) || /\.d\.(c|m)?ts$/.test(fileName)) return false;
  const rel = path.relative(root, fileName);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  if (rel.split(/[\\/]/).includes('node_modules')) return false;
  return !path.basename(fileName).startsWith('__tslab__') && !path.basename(fileName).startsWith('__prev__');
}

/** The module tslab's emit of `fileName` becomes: it loads the real file through Node's require. */
function stubModule(fileName) {
  return `module.exports = require(${JSON.stringify(fileName)});\n`;
}

/**
 * A copy of the TypeScript module `ts` whose getPreEmitDiagnosticsOfFiles skips project source files and
 * whose watch programs emit project source files as {@link stubModule}s.
 */
function patchedTypeScript(ts, root) {
  const patched = Object.create(null);
  const own = new Set(['__esModule', 'getPreEmitDiagnosticsOfFiles', 'createWatchProgram', 'createWatchCompilerHost']);
  for (const key of Object.keys(ts)) if (!own.has(key)) Object.defineProperty(patched, key, { enumerable: true, get: () => ts[key] });
  Object.defineProperty(patched, '__esModule', { value: true });
  Object.defineProperty(patched, 'getPreEmitDiagnosticsOfFiles', {
    enumerable: true,
    value: (program, files, token) => ts.getPreEmitDiagnosticsOfFiles(program, files.filter((f) => !isProjectSource(f.fileName, root)), token),
  });
  Object.defineProperty(patched, 'createWatchCompilerHost', {
    enumerable: true,
    // global declarations from @types/node only, as the project's tsconfig.json has it (not every @types package)
    value: (rootFiles, options, ...rest) => ts.createWatchCompilerHost(rootFiles, { ...options, types: options.types ?? ['node'] }, ...rest),
  });
  Object.defineProperty(patched, 'createWatchProgram', {
    enumerable: true,
    value: (host) => {
      const afterProgramCreate = host.afterProgramCreate;
      host.afterProgramCreate = (builder) => {
        const emit = builder.emit.bind(builder);
        builder.emit = (target, writeFile, token, onlyDts, transformers) => {
          if (!target || !isProjectSource(target.fileName, root)) return emit(target, writeFile, token, onlyDts, transformers);
          const options = builder.getCompilerOptions();
          const out = path.join(options.outDir, path.relative(options.rootDir, target.fileName)).replace(TS_SOURCE, '.js');
          writeFile(out, stubModule(target.fileName), false, undefined, [target]);
          return { emitSkipped: false, diagnostics: [] };
        };
        if (afterProgramCreate) afterProgramCreate(builder);
      };
      return ts.createWatchProgram(host);
    },
  });
  return patched;
}

/**
 * Installs the patch for tslab's converter (tslab/dist/converter.js) when it is loaded from `root`'s
 * node_modules, and tsx's CommonJS hook for the project's .ts files. Returns a sentence saying what it did.
 */
function installFastImports(root) {
  if (process.env.EMPATHY_LAB_TSLAB_FULL_COMPILE === '1') return 'tslab compiles imported files itself (EMPATHY_LAB_TSLAB_FULL_COMPILE=1)';
  const fromTslab = Module.createRequire(path.join(root, 'node_modules', 'tslab', 'package.json'));
  const tsPath = fromTslab.resolve('@tslab/typescript-for-tslab');
  const converterPath = fromTslab.resolve('./dist/converter.js');
  const ts = fromTslab('@tslab/typescript-for-tslab');
  if (typeof ts.getPreEmitDiagnosticsOfFiles !== 'function' || typeof ts.createWatchProgram !== 'function') {
    throw new Error(`${tsPath} lacks getPreEmitDiagnosticsOfFiles or createWatchProgram`);
  }
  const source = require('node:fs').readFileSync(converterPath, 'utf8');
  if (!source.includes('getPreEmitDiagnosticsOfFiles(') || !source.includes('sideOutputs.push(')) {
    throw new Error(`${converterPath} is not the converter this patch was written for (tslab 1.0.22)`);
  }
  const patched = patchedTypeScript(ts, root);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === '@tslab/typescript-for-tslab' && parent && parent.filename === converterPath) return patched;
    return load.apply(this, arguments);
  };
  registerTypeScript(Module.createRequire(path.join(root, 'package.json'))('esbuild'));
  return 'project .ts files load through esbuild';
}

/**
 * Lets Node's require load .ts/.tsx/.mts/.cts files: esbuild strips the types and writes CommonJS (as tsx
 * does for the CLI; only these extensions are hooked, so .js packages load as before). Stack traces
 * point into the .ts files (inline source maps).
 */
function registerTypeScript(esbuild) {
  process.setSourceMapsEnabled(true);
  for (const ext of ['.ts', '.tsx', '.mts', '.cts']) {
    Module._extensions[ext] = function compileTypeScript(module, filename) {
      const source = require('node:fs').readFileSync(filename, 'utf8');
      const { code } = esbuild.transformSync(source, {
        loader: ext === '.tsx' ? 'tsx' : 'ts',
        format: 'cjs',
        target: 'node20',
        sourcefile: filename,
        sourcemap: 'inline',
      });
      module._compile(code, filename);
    };
  }
}

module.exports = { installFastImports, isProjectSource, stubModule, patchedTypeScript, registerTypeScript };
