/**
 * Getting a released data set (its {@link DatasetManifest}) into the ignored cache data/cache/<dataset>/,
 * checked. A study wraps these with its manifest and content check (e.g. src/studies/lee2024/acquire.ts).
 *
 * - {@link downloadDataset}: fetches each file from the origin's pinned commit, verifies its sha256 (and
 *   size) against the manifest.
 * - {@link copyDataset}: copies from a local folder. Files whose bytes equal the origin's are verified by
 *   sha256; files of a copy with the personal-identifier column removed are checked by shape (columns,
 *   rows, plausible size) instead.
 * - {@link ensureDataset}: does nothing when the cache is complete and valid, else fills it from, in order:
 *   options.from > env EMPATHY_LAB_DATA_FROM > options.shared (a local copy, if present) > download.
 *
 * Every fetch is atomic: all files go into a staging folder beside the cache, are verified there (checksums
 * or shape) and then checked for content by the study's `validate` (its loaders' own rules: every rating on
 * its scale, no duplicate, ...), and only then replace the cache in one rename. A fetch that fails anywhere
 * leaves the previous cache byte-identical (and no staging folder behind).
 *
 * Personal identifiers never reach the disk: a ratings file that holds a Prolific-ID column (the origin's
 * do) is verified in memory and written to the cache without that column. The cache holds a provenance.json
 * (source, origin commit, origin and cached sha256 of every file, how each was checked) that later runs
 * use to re-verify the cache cheaply.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatCsvTable, parseCsv } from './csv';
import { DataError, isDataError } from './errors';
import { originUrl, type DatasetManifest, type ManifestFile } from './manifest';
import { cacheDir } from '../util/paths';

type AnyManifest = DatasetManifest<unknown>;

/** Name of the provenance file in the cache folder. */
export const PROVENANCE_FILE = 'provenance.json';

/** How one cached file was obtained and checked. */
export interface ProvenanceEntry {
  name: string;
  originPath: string;
  /** sha256 of the origin file (from the manifest). */
  originSha256: string;
  /** sha256 of the file as stored in the cache. */
  cachedSha256: string;
  /** Size of the cached file in bytes. */
  bytes: number;
  /** 'sha256': the bytes equal the origin's; 'shape': a copy without personal identifiers, shape-checked. */
  check: 'sha256' | 'shape';
  /** Personal-identifier columns removed before writing (names only). */
  removedColumns: string[];
}

/** Contents of provenance.json. */
export interface Provenance {
  dataset: string;
  origin: { repository: string; commit: string };
  source: { kind: 'download'; baseUrl: string } | { kind: 'copy'; dir: string };
  files: ProvenanceEntry[];
}

/** Options shared by the acquisition functions. */
export interface AcquireOptions {
  /** Cache folder (default data/cache/<dataset>). */
  dest?: string;
  /** Progress messages (default: silent). */
  log?: (msg: string) => void;
  /** Content check of a complete folder (the study's loaders), run before it replaces the cache; throws DataError. */
  validate?: (dir: string) => void;
}

/**
 * Fills a staging folder beside `dest` with `fill`, checks its content with `validate`, then swaps it in
 * (the previous cache, if any, is removed only after the new one is in place). On any failure the staging
 * folder is removed and `dest` is left as it was.
 */
async function stageAndSwap(dest: string, fill: (staging: string) => Promise<Provenance>, validate: (dir: string) => void): Promise<Provenance> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = `${dest}.staging-${tag}`;
  mkdirSync(staging, { recursive: true });
  let prov: Provenance;
  try {
    prov = await fill(staging);
    validate(staging);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const previous = `${dest}.previous-${tag}`;
  const hadPrevious = existsSync(dest);
  if (hadPrevious) renameSync(dest, previous);
  try {
    renameSync(staging, dest);
  } catch (err) {
    if (hadPrevious) renameSync(previous, dest);
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  return prov;
}

/** Options of {@link downloadDataset}. */
export interface DownloadOptions extends AcquireOptions {
  /** Replaces the manifest's raw base URL (e.g. a local test server). */
  baseUrl?: string;
  /** Per-file timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** Options of {@link ensureDataset}: the contract's `from` and `log`, plus the acquisition options. */
export interface EnsureOptions extends DownloadOptions {
  /** Copy from this folder instead of downloading. */
  from?: string;
  /** A local copy tried before downloading (when it exists); null or undefined skips it. */
  shared?: string | null;
}

/** Result of {@link checkDatasetCache}. */
export interface CacheStatus {
  ok: boolean;
  /** Why the cache is not usable (empty when ok). */
  problems: string[];
  provenance?: Provenance;
}

/** Hex sha256 of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const quiet = (): void => {};

/**
 * Checks the cache against its provenance.json and the manifest: every file present with the recorded size
 * and sha256, the origin checksums recorded equal to the manifest's; with `validate`, also the study's
 * checks of what the files hold (its loaders). Never throws.
 */
export function checkDatasetCache(manifest: AnyManifest, dest?: string, options: { validate?: (dir: string) => void } = {}): CacheStatus {
  const dir = dest ?? cacheDir(manifest.dataset);
  const provPath = join(dir, PROVENANCE_FILE);
  if (!existsSync(provPath)) return { ok: false, problems: [`${PROVENANCE_FILE} not found in ${dir}`] };
  let prov: Provenance;
  try {
    prov = JSON.parse(readFileSync(provPath, 'utf8')) as Provenance;
  } catch {
    return { ok: false, problems: [`${PROVENANCE_FILE} is not valid JSON`] };
  }
  const problems: string[] = [];
  if (prov.origin?.commit !== manifest.origin.commit) problems.push(`cache is from commit ${String(prov.origin?.commit)}, expected ${manifest.origin.commit}`);
  for (const f of manifest.files) {
    const entry = Array.isArray(prov.files) ? prov.files.find((e) => e.name === f.name) : undefined;
    const path = join(dir, f.name);
    if (entry === undefined) problems.push(`${f.name}: not in ${PROVENANCE_FILE}`);
    else if (entry.originSha256 !== f.sha256) problems.push(`${f.name}: cached for origin sha256 ${entry.originSha256}, manifest says ${f.sha256}`);
    else if (!existsSync(path)) problems.push(`${f.name}: missing`);
    else if (statSync(path).size !== entry.bytes) problems.push(`${f.name}: ${statSync(path).size} bytes, provenance says ${entry.bytes}`);
    else if (sha256(readFileSync(path)) !== entry.cachedSha256) problems.push(`${f.name}: sha256 differs from provenance`);
  }
  if (problems.length === 0 && options.validate) {
    try {
      options.validate(dir);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems.length === 0 ? { ok: true, problems, provenance: prov } : { ok: false, problems, provenance: prov };
}

/** Writes bytes to `path` atomically: a temporary file in the same folder, then rename. */
export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Throws TRUNCATED or CHECKSUM unless `bytes` are exactly the origin file. */
function verifyOriginBytes(bytes: Uint8Array, f: ManifestFile, label: string): void {
  const got = sha256(bytes);
  if (got === f.sha256) return;
  if (bytes.length < f.bytes) {
    throw new DataError('TRUNCATED', `truncated: ${bytes.length} of ${f.bytes} bytes (sha256 ${got}, expected ${f.sha256})`, { file: label });
  }
  throw new DataError('CHECKSUM', `wrong checksum: sha256 ${got}, expected ${f.sha256} (${bytes.length} bytes, expected ${f.bytes})`, { file: label });
}

/**
 * Checks a ratings file that is not byte-identical to the origin (the local copy without the personal-id
 * column): columns and rating columns as in the manifest, required columns present, the number of data rows,
 * and a size within what removing one short column per row (or CRLF line ends) can explain.
 */
export function checkCsvShape(bytes: Uint8Array, f: ManifestFile, label: string): void {
  const shape = f.shape;
  if (shape === undefined) throw new DataError('CHECKSUM', `sha256 ${sha256(bytes)} differs from the origin's ${f.sha256} and the file has no shape to check instead`, { file: label });
  const table = parseCsv(bytes, label);
  for (const c of shape.required) {
    if (!table.header.includes(c)) throw new DataError('COLUMN_MISSING', `required column ${c} is missing`, { file: label, row: 1, column: c });
  }
  if (table.header.length !== shape.columns) {
    throw new DataError('SHAPE', `${table.header.length} columns (without personal identifiers), expected ${shape.columns}`, { file: label, row: 1 });
  }
  if (shape.patternColumns) {
    const { pattern, count, what } = shape.patternColumns;
    const found = table.header.filter((h) => pattern.test(h)).length;
    if (found !== count) throw new DataError('SHAPE', `${found} ${what}, expected ${count}`, { file: label, row: 1 });
  }
  if (table.rows.length < shape.rows) {
    throw new DataError('TRUNCATED', `truncated: ${table.rows.length} data rows, expected ${shape.rows}`, { file: label });
  }
  if (table.rows.length > shape.rows) throw new DataError('SHAPE', `${table.rows.length} data rows, expected ${shape.rows}`, { file: label });
  const lines = shape.rows + 1;
  const low = f.bytes - lines * 64;
  const high = f.bytes + lines * 2;
  if (bytes.length < low || bytes.length > high) {
    throw new DataError('SHAPE', `${bytes.length} bytes is implausible for a copy of the ${f.bytes}-byte origin file without its personal-id column (expected ${low}-${high})`, {
      file: label,
    });
  }
}

/** Bytes to store for a verified file: ratings files lose their personal-id columns. */
function cachedBytes(bytes: Uint8Array, f: ManifestFile, label: string): { bytes: Uint8Array; removed: string[] } {
  if (f.kind !== 'ratings') return { bytes, removed: [] };
  const table = parseCsv(bytes, label);
  if (table.droppedColumns.length === 0) return { bytes, removed: [] };
  return { bytes: Buffer.from(formatCsvTable(table), 'utf8'), removed: table.droppedColumns };
}

function store(dest: string, f: ManifestFile, bytes: Uint8Array, check: 'sha256' | 'shape', label: string): ProvenanceEntry {
  const out = cachedBytes(bytes, f, label);
  writeAtomic(join(dest, f.name), out.bytes);
  return {
    name: f.name,
    originPath: f.originPath,
    originSha256: f.sha256,
    cachedSha256: sha256(out.bytes),
    bytes: out.bytes.length,
    check,
    removedColumns: out.removed,
  };
}

function writeProvenance(dest: string, manifest: AnyManifest, source: Provenance['source'], files: ProvenanceEntry[]): Provenance {
  const prov: Provenance = {
    dataset: manifest.dataset,
    origin: { repository: manifest.origin.repository, commit: manifest.origin.commit },
    source,
    files,
  };
  writeAtomic(join(dest, PROVENANCE_FILE), `${JSON.stringify(prov, null, 2)}\n`);
  return prov;
}

/** Reads a response body, counting bytes; a connection that drops mid-body becomes TRUNCATED. */
async function readBody(res: Response, url: string, expected: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    if (res.body === null) return new Uint8Array(0);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
    }
  } catch (err) {
    throw new DataError('TRUNCATED', `download of ${url} stopped after ${received} of ${expected} bytes (${(err as Error).message})`);
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads every file of the manifest from `${baseUrl}/${commit}/${path}`, verifies each against the
 * manifest's sha256 and size (DataError DOWNLOAD, TRUNCATED or CHECKSUM naming the file otherwise), and
 * writes them atomically into the cache with a provenance.json. Nothing is written for a file that fails.
 */
export async function downloadDataset(manifest0: AnyManifest, options: DownloadOptions = {}): Promise<Provenance> {
  const manifest: AnyManifest =
    options.baseUrl === undefined ? manifest0 : { ...manifest0, origin: { ...manifest0.origin, rawBaseUrl: options.baseUrl } };
  const dest = options.dest ?? cacheDir(manifest.dataset);
  const log = options.log ?? quiet;
  mkdirSync(dirname(dest), { recursive: true });
  return stageAndSwap(dest, (staging) => downloadInto(staging, manifest, options, log), options.validate ?? (() => undefined));
}

async function downloadInto(dest: string, manifest: AnyManifest, options: DownloadOptions, log: (m: string) => void): Promise<Provenance> {
  const entries: ProvenanceEntry[] = [];
  for (const f of manifest.files) {
    const url = originUrl(manifest, f);
    log(`downloading ${f.name} (${f.bytes.toLocaleString('en-US')} bytes) from ${url}`);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000), redirect: 'follow' });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new DataError('DOWNLOAD', `cannot download ${url}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`, { file: f.name });
    }
    if (!res.ok) throw new DataError('DOWNLOAD', `cannot download ${url}: HTTP ${res.status} ${res.statusText}`, { file: f.name });
    let bytes: Uint8Array;
    try {
      bytes = await readBody(res, url, f.bytes);
    } catch (err) {
      if (isDataError(err)) throw new DataError(err.code, err.problem, { file: f.name });
      throw err;
    }
    verifyOriginBytes(bytes, f, f.name);
    entries.push(store(dest, f, bytes, 'sha256', f.name));
    log(`  ${f.name}: sha256 ok`);
  }
  return writeProvenance(dest, manifest, { kind: 'download', baseUrl: manifest.origin.rawBaseUrl }, entries);
}

/**
 * Copies every file of the manifest from the local folder `from` into the cache: sha256 must equal the
 * origin's, except for ratings files, which may be the copy without the Prolific-ID column and are then
 * shape-checked. Throws DataError (FILE_MISSING, TRUNCATED, CHECKSUM, SHAPE, COLUMN_MISSING, ...) naming the
 * file; nothing is written for a file that fails.
 */
export async function copyDataset(from: string, manifest: AnyManifest, options: AcquireOptions = {}): Promise<Provenance> {
  const dest = options.dest ?? cacheDir(manifest.dataset);
  const log = options.log ?? quiet;
  const src = resolve(from);
  if (!existsSync(src) || !statSync(src).isDirectory()) throw new DataError('FILE_MISSING', 'folder not found', { file: src });
  mkdirSync(dirname(dest), { recursive: true });
  return stageAndSwap(dest, async (staging) => copyInto(src, staging, manifest, log), options.validate ?? (() => undefined));
}

function copyInto(src: string, dest: string, manifest: AnyManifest, log: (m: string) => void): Provenance {
  const entries: ProvenanceEntry[] = [];
  for (const f of manifest.files) {
    const path = join(src, f.name);
    if (!existsSync(path)) throw new DataError('FILE_MISSING', 'file not found', { file: path });
    const bytes = readFileSync(path);
    let check: 'sha256' | 'shape' = 'sha256';
    if (sha256(bytes) !== f.sha256) {
      if (f.personalIds === true && f.shape !== undefined) {
        checkCsvShape(bytes, f, path);
        check = 'shape';
      } else {
        verifyOriginBytes(bytes, f, path);
      }
    }
    entries.push(store(dest, f, bytes, check, path));
    log(`copied ${f.name} (${bytes.length.toLocaleString('en-US')} bytes): ${check === 'sha256' ? 'sha256 ok' : 'shape ok (copy without personal identifiers)'}`);
  }
  return writeProvenance(dest, manifest, { kind: 'copy', dir: src }, entries);
}

/**
 * Makes sure the manifest's files are in the cache and returns the cache folder (data/cache/<dataset>).
 * Does nothing when the cache is complete and valid; else copies from options.from, or env
 * EMPATHY_LAB_DATA_FROM, or options.shared if that folder exists, else downloads from the origin's pinned
 * commit.
 */
export async function ensureDataset(manifest: AnyManifest, options: EnsureOptions = {}): Promise<string> {
  const dest = options.dest ?? cacheDir(manifest.dataset);
  const log = options.log ?? quiet;
  const status = checkDatasetCache(manifest, dest);
  if (status.ok) return dest;
  log(`data cache ${dest} needs filling: ${status.problems.slice(0, 3).join('; ')}`);
  const env = process.env.EMPATHY_LAB_DATA_FROM;
  const shared = options.shared ?? null;
  const from = options.from ?? (env !== undefined && env !== '' ? env : shared !== null && existsSync(shared) ? shared : undefined);
  if (from !== undefined) await copyDataset(from, manifest, { dest, log, validate: options.validate });
  else await downloadDataset(manifest, { ...options, dest, log });
  return dest;
}
