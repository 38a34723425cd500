/**
 * The Lee et al. (2024) files in the cache data/cache/lee2024/: the generic acquisition (src/data/acquire)
 * with this data set's manifest, its local development copy (../shared/data/lee2024 beside the project
 * root) and its content check (the loaders' own rules). Raters' Prolific IDs never reach the disk: the
 * ratings files are cached without that column.
 *
 * - {@link ensureLee2024}: nothing when the cache is complete and valid, else fills it from, in order:
 *   options.from > env EMPATHY_LAB_DATA_FROM > ../shared/data/lee2024 (if present) > download.
 * - {@link downloadLee2024} / {@link copyLee2024}: `data fetch` and `data fetch --from DIR`.
 * - {@link checkLee2024Cache}: `data status` (with `content: true`, the loaders' checks too).
 */
import { resolve } from 'node:path';
import {
  checkDatasetCache,
  copyDataset,
  downloadDataset,
  ensureDataset,
  type AcquireOptions,
  type CacheStatus,
  type DownloadOptions,
  type EnsureOptions,
  type Provenance,
} from '../../data/acquire';
import { projectRoot } from '../../util/paths';
import { loadLee2024Liwc, loadLee2024Ratings, loadLee2024Responses } from './data';
import { LEE2024_MANIFEST, type Lee2024Manifest } from './manifest';

/** Options of the Lee wrappers: the generic ones, plus a manifest override (tests inject fixture checksums). */
export interface Lee2024AcquireOptions extends AcquireOptions {
  manifest?: Lee2024Manifest;
}

/** The development copy of the data beside the project root: ../shared/data/lee2024. */
export function sharedDataDir(): string {
  return resolve(projectRoot(), '..', 'shared', 'data', 'lee2024');
}

/**
 * The loaders' own checks over a cache-like folder: both studies' ratings (every rating a whole number on
 * the 1-5 scale, no rating twice, ...), the responses and LIWC-22's output for both studies. Throws the first DataError,
 * naming file, row and column.
 */
export function checkLee2024Content(dir: string): void {
  loadLee2024Ratings({ dir });
  loadLee2024Responses({ dir });
  loadLee2024Liwc(1, { dir });
  loadLee2024Liwc(2, { dir });
}

/** Downloads the files from the origin's pinned commit (sha256-checked), then swaps them into the cache. */
export function downloadLee2024(options: DownloadOptions & Lee2024AcquireOptions = {}): Promise<Provenance> {
  return downloadDataset(options.manifest ?? LEE2024_MANIFEST, { ...options, validate: options.validate ?? checkLee2024Content });
}

/** Copies the files from a local folder (sha256 or shape-checked), then swaps them into the cache. */
export function copyLee2024(from: string, options: Lee2024AcquireOptions = {}): Promise<Provenance> {
  return copyDataset(from, options.manifest ?? LEE2024_MANIFEST, { ...options, validate: options.validate ?? checkLee2024Content });
}

/** The cache's state; with `content`, the loaders' checks too (`data status`). */
export function checkLee2024Cache(dest?: string, manifest: Lee2024Manifest = LEE2024_MANIFEST, options: { content?: boolean; validate?: (dir: string) => void } = {}): CacheStatus {
  return checkDatasetCache(manifest, dest, options.content || options.validate ? { validate: options.validate ?? checkLee2024Content } : {});
}

/** Makes sure the files are in the cache (see the module doc) and returns the cache folder. */
export function ensureLee2024(options: EnsureOptions & Lee2024AcquireOptions = {}): Promise<string> {
  return ensureDataset(options.manifest ?? LEE2024_MANIFEST, {
    ...options,
    validate: options.validate ?? checkLee2024Content,
    shared: options.shared === undefined ? sharedDataDir() : options.shared,
  });
}
