/**
 * Worker threads that run our TypeScript without loading it through tsx in each thread. A worker's entry
 * file (e.g. src/power/worker-main.ts) and everything it imports are bundled by esbuild into one CommonJS
 * file, kept in build/cache/workers/ and reused until a bundled file changes: starting a worker from it
 * takes tens of milliseconds, where registering tsx and compiling the sources in the thread takes seconds.
 *
 * The cache is checked on every use: the manifest beside the bundle lists the files esbuild read, with a
 * SHA-1 of each file of src/ (read and hashed again each time) and the size and modification time of each
 * other one (node_modules: compared by stat, hashed only when the stat differs). Any difference, another
 * esbuild version or other build options rebuild the bundle. Bundles are named by the hash of their inputs
 * and written by rename, so processes that build at the same time do not see each other's half-written files.
 *
 * Without esbuild, or when the build fails, the worker is started from a fallback .mjs entry that registers
 * tsx and imports the TypeScript entry (slower to start, same code). Works from the CLI (tsx), vitest and
 * notebooks (tslab compiles this file as CommonJS: no import.meta here; paths come from the project root).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fromRoot, projectRoot } from './paths';

/** The part of esbuild's API used here. */
interface EsbuildLike {
  version: string;
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } };
}

/** One bundled file in a manifest: project-relative path, then a SHA-1 (src/) or size and mtime (others). */
type ManifestInput = [path: string, sha1: string] | [path: string, size: number, mtimeMs: number, sha1: string];

/** What build/cache/workers/<name>.json holds. */
interface Manifest {
  key: string;
  bundle: string;
  inputs: ManifestInput[];
}

/** How a worker's code is given: a bundle file, the bundle's text (when it cannot be written), or null (use tsx). */
export type WorkerCode = { kind: 'file'; file: string } | { kind: 'code'; code: string } | null;

/** esbuild's options for a worker bundle (part of the cache key). */
const BUILD_OPTIONS = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' } as const;

/** Folder of the cached worker bundles (build/ is not versioned). */
export function workerCacheDir(root: string = projectRoot()): string {
  return join(root, 'build', 'cache', 'workers');
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

function loadEsbuild(root: string): EsbuildLike | null {
  try {
    return createRequire(join(root, 'package.json'))('esbuild') as EsbuildLike;
  } catch {
    return null;
  }
}

/** Whether the manifest's inputs are unchanged on disk. */
function inputsUnchanged(root: string, inputs: readonly ManifestInput[]): boolean {
  for (const input of inputs) {
    const abs = join(root, input[0]);
    try {
      if (input.length === 2) {
        if (sha1(readFileSync(abs)) !== input[1]) return false;
      } else {
        const st = statSync(abs);
        if (st.size === input[1] && st.mtimeMs === input[2]) continue;
        if (sha1(readFileSync(abs)) !== input[3]) return false;
      }
    } catch {
      return false;
    }
  }
  return true;
}

/** The manifest entry of one input, read now, and its modification time. */
function describeInput(root: string, path: string): { input: ManifestInput; mtimeMs: number } {
  const abs = join(root, path);
  const st = statSync(abs);
  const hash = sha1(readFileSync(abs));
  return { input: path.startsWith('src/') ? [path, hash] : [path, st.size, st.mtimeMs, hash], mtimeMs: st.mtimeMs };
}

/** Writes a file through a temporary name and a rename (readers see the old file or the whole new one). */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Removes older bundles of the same entry (kept for an hour: another process may be starting one). */
function removeOldBundles(dir: string, name: string, keep: string): void {
  const hour = Date.now() - 3600_000;
  for (const f of readdirSync(dir)) {
    if (f === keep || !f.startsWith(`${name}.`) || !(f.endsWith('.cjs') || f.endsWith('.tmp'))) continue;
    try {
      if (statSync(join(dir, f)).mtimeMs < hour) unlinkSync(join(dir, f));
    } catch {
      /* gone already */
    }
  }
}

/**
 * The code of a worker whose entry is `entry` (a project-relative TypeScript file), bundled with all it
 * imports: the cached bundle file when it is up to date, else a new one (see the module comment); the
 * bundle's text when the cache folder cannot be written; null when esbuild is unavailable or fails.
 * `root` is the project root (default: found from the working directory).
 * @example workerCode('src/power/worker-main.ts') // { kind: 'file', file: '/…/build/cache/workers/src-power-worker-main.3f2a….cjs' }
 */
export function workerCode(entry: string, root: string = projectRoot()): WorkerCode {
  const esbuild = loadEsbuild(root);
  if (!esbuild) return null;
  const dir = workerCacheDir(root);
  const name = entry.replace(/\.[cm]?ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
  const manifestFile = join(dir, `${name}.json`);
  const key = JSON.stringify({ esbuild: esbuild.version, node: process.versions.node.split('.')[0], entry, BUILD_OPTIONS });
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const file = join(dir, manifest.bundle);
    if (manifest.key === key && existsSync(file) && inputsUnchanged(root, manifest.inputs)) return { kind: 'file', file };
  } catch {
    /* no manifest yet, or an unreadable one: build */
  }
  let text: string;
  let inputs: ManifestInput[];
  let settled: boolean;
  try {
    const started = Date.now();
    const built = esbuild.buildSync({ ...BUILD_OPTIONS, entryPoints: [join(root, entry)], absWorkingDir: root, write: false, metafile: true });
    text = built.outputFiles[0]!.text;
    const described = Object.keys(built.metafile.inputs).map((p) => describeInput(root, p));
    inputs = described.map((d) => d.input);
    // A file changed while (or just before) esbuild read it may differ from what the manifest would say:
    // use this bundle once, without caching it.
    settled = described.every((d) => d.mtimeMs < started - 2000);
  } catch {
    return null;
  }
  if (!settled) return { kind: 'code', code: text };
  const bundle = `${name}.${sha1(key + JSON.stringify(inputs.map((i) => [i[0], i[i.length - 1]]))).slice(0, 16)}.cjs`;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, bundle);
    if (!existsSync(file)) writeAtomic(file, text);
    writeAtomic(manifestFile, JSON.stringify({ key, bundle, inputs } satisfies Manifest));
    removeOldBundles(dir, name, bundle);
    return { kind: 'file', file };
  } catch {
    return { kind: 'code', code: text };
  }
}

/**
 * Starts a worker thread from `code` (from {@link workerCode}), or, when it is null, through tsx from
 * `fallback` (a project-relative .mjs that registers tsx and imports the TypeScript entry). execArgv
 * defaults to [] (not the main thread's flags, e.g. tsx's loader).
 * @example startWorker(workerCode('src/power/worker-main.ts'), 'src/power/worker.mjs', { workerData: spec })
 */
export function startWorker(code: WorkerCode, fallback: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const opts: WorkerOptions = { execArgv: [], ...options };
  if (code === null) return new Worker(fromRoot(fallback), opts);
  if (code.kind === 'file') return new Worker(code.file, opts);
  return new Worker(code.code, { ...opts, eval: true });
}
