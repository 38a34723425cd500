/**
 * A disk cache for expensive, deterministic library calls (cross-validations, permutation tests), so that
 * a later step reads what a notebook computed instead of computing it again: `cached(fn, ...args)` returns
 * `fn(...args)`, from build/cache/results/ when the same call was made before.
 *
 * The key is a SHA-256 of the function's name, its arguments (canonical JSON: keys sorted; NaN, infinities,
 * -0, typed arrays and Maps spelled out), and the code that computes it: every .ts file of src/, the
 * lockfile (library versions) and the Node.js version. Any edit to the library therefore starts from an
 * empty cache, and a cached number is always the number the current code would compute. Values are stored
 * with v8.serialize (numbers bit for bit; typed arrays, Maps, Sets, Dates kept). A value that is not plain
 * data (it holds functions or class instances) is returned uncached; an unreadable entry is recomputed and
 * replaced.
 *
 * Settings: EMPATHY_LAB_RESULT_CACHE=off computes every call; EMPATHY_LAB_RESULT_CACHE=DIR moves the cache.
 * @example const cv = cached(crossValidateStyleClassifier, docs, { folds: 10, repeats: 5, seed: 2024 });
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { fromRoot, projectRoot } from './paths';
import { runLog } from './run-log';
import { countWork } from './work-count';

/** Where the cache lives, or null when it is off (EMPATHY_LAB_RESULT_CACHE). */
export function resultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.EMPATHY_LAB_RESULT_CACHE?.trim();
  if (setting === 'off' || setting === '0') return null;
  return setting ? setting : fromRoot('build', 'cache', 'results');
}

/** Appends the canonical JSON of `value` to `out` (see the module comment). */
function canonical(value: unknown, out: string[], seen: Set<object>): void {
  if (value === null || value === undefined) return void out.push(value === null ? 'null' : 'undefined');
  switch (typeof value) {
    case 'number':
      return void out.push(Object.is(value, -0) ? '-0' : Number.isFinite(value) ? String(value) : `"${String(value)}"`);
    case 'string':
      return void out.push(JSON.stringify(value));
    case 'boolean':
      return void out.push(String(value));
    case 'bigint':
      return void out.push(`${value}n`);
    case 'function':
    case 'symbol':
      throw new Error(`cached: arguments must be data, got a ${typeof value}`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new Error('cached: arguments must not be circular');
  seen.add(obj);
  if (ArrayBuffer.isView(obj)) {
    out.push(`${obj.constructor.name}(`);
    canonical(Array.from(obj as unknown as ArrayLike<number>), out, seen);
    out.push(')');
  } else if (Array.isArray(obj)) {
    out.push('[');
    obj.forEach((v, i) => {
      if (i > 0) out.push(',');
      canonical(v, out, seen);
    });
    out.push(']');
  } else if (obj instanceof Map) {
    out.push('Map');
    canonical([...obj.entries()], out, seen);
  } else if (obj instanceof Set) {
    out.push('Set');
    canonical([...obj.values()], out, seen);
  } else if (obj instanceof Date) {
    out.push(`Date(${obj.toISOString()})`);
  } else {
    out.push('{');
    Object.keys(obj)
      .sort()
      .forEach((k, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(k), ':');
        canonical((obj as Record<string, unknown>)[k], out, seen);
      });
    out.push('}');
  }
  seen.delete(obj);
}

/** Canonical JSON-like text of data: equal data, equal text (object key order does not matter). */
export function canonicalText(value: unknown): string {
  const out: string[] = [];
  canonical(value, out, new Set());
  return out.join('');
}

let codeVersionMemo: { root: string; hash: string } | null = null;

/** SHA-256 of every .ts file under src/ (path and content), the lockfile and the Node.js version. */
export function codeVersion(root: string = projectRoot()): string {
  if (codeVersionMemo?.root === root) return codeVersionMemo.hash;
  const h = createHash('sha256');
  h.update(`node ${process.version}\u0000`);
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) h.update(readFileSync(lock));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(root, 'src'));
  for (const f of files) h.update(`\u0000${relative(root, f)}\u0000`).update(readFileSync(f));
  codeVersionMemo = { root, hash: h.digest('hex') };
  return codeVersionMemo.hash;
}

/**
 * True when `value` is plain data that v8.serialize gives back exactly: numbers, strings, booleans, null,
 * undefined, bigints, arrays, typed arrays, Maps, Sets, Dates and plain objects of those. Class instances
 * would come back without their methods, functions not at all.
 */
export function isPlainData(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (seen.has(value)) return true;
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof Date) return true;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, seen));
  if (value instanceof Map) return [...value].every(([k, v]) => isPlainData(k, seen) && isPlainData(v, seen));
  if (value instanceof Set) return [...value].every((v) => isPlainData(v, seen));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => isPlainData(v, seen));
}

/** Options of {@link cached}. */
export interface CachedOptions {
  /** Cache folder (default: {@link resultCacheDir}); null computes without the cache. */
  dir?: string | null;
  /** Where a cache hit is reported (default runLog: the cell, or the terminal under `reproduce`). */
  log?: (message: string) => void;
}

/** The cache file of a call. */
function entryPath(dir: string, name: string, args: readonly unknown[]): string {
  const key = createHash('sha256').update(codeVersion()).update('\u0000').update(name).update('\u0000').update(canonicalText(args)).digest('hex');
  return join(dir, `${name}-${key.slice(0, 32)}.v8`);
}

/**
 * `fn(...args)`, read from the result cache when this call (same function name, equal arguments, same
 * code) was computed before, else computed and stored. `fn` must be a named, deterministic library
 * function of its arguments (seeds among them). See the module comment.
 */
export function cached<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return cachedWith({}, fn, ...args);
}

/** {@link cached} with options (the cache folder). */
export function cachedWith<A extends unknown[], R>(options: CachedOptions, fn: (...args: A) => R, ...args: A): R {
  const name = fn.name;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`cached: the function must be a named library function (got ${name ? `'${name}'` : 'an anonymous one'})`);
  const dir = options.dir === undefined ? resultCacheDir() : options.dir;
  if (dir === null) return fn(...args);
  const file = entryPath(dir, name, args);
  if (existsSync(file)) {
    try {
      const value = deserialize(readFileSync(file)) as R;
      countWork('result read from the cache', () => name);
      (options.log ?? runLog)(`${name}: read from the result cache (${relative(projectRoot(), file)}; EMPATHY_LAB_RESULT_CACHE=off recomputes)`);
      return value;
    } catch {
      /* unreadable (e.g. cut short): recompute and replace below */
    }
  }
  const value = fn(...args);
  if (!isPlainData(value)) return value; // class instances or functions would not come back as they are: not cached
  const bytes = serialize(value);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return value;
}
