/**
 * The manifest of a released data set: where each file lives at its origin (a pinned commit of a
 * repository), its sha256 and size there, and the shape to check when a local copy cannot match the origin
 * byte for byte (a copy with personal identifiers removed). A study declares its manifest in its own folder
 * (e.g. src/studies/lee2024/manifest.ts); src/data/acquire.ts fetches any manifest into the ignored cache.
 */

/** What a file holds (decides how it is checked and loaded). */
export type DatasetFileKind = 'ratings' | 'responses' | 'liwc' | 'text';

/** Expected shape of a CSV file, checked when its bytes cannot be (a copy without the personal-id column). */
export interface CsvShape {
  /** Data rows (header excluded). */
  rows: number;
  /** Columns, personal-identifier columns excluded. */
  columns: number;
  /** Columns whose names match `pattern` (e.g. the rating columns of a wide file), and how many there must be. */
  patternColumns?: { pattern: RegExp; count: number; what: string };
  /** Columns that must be present. */
  required: readonly string[];
}

/** One file of the data set; `Design` is what the study's loader needs to know about its layout. */
export interface ManifestFile<Design = unknown> {
  /** File name in the cache (and in the local development folder). */
  name: string;
  /** Path inside the origin repository at the pinned commit. */
  originPath: string;
  /** sha256 (hex) of the origin file. */
  sha256: string;
  /** Size of the origin file in bytes. */
  bytes: number;
  kind: DatasetFileKind;
  /** The origin file holds a personal-identifier column (Prolific IDs) that the cache never keeps. */
  personalIds?: boolean;
  /** Shape of the file without its personal-identifier column. */
  shape?: CsvShape;
  /** The file's layout, for the study's loader. */
  design?: Design;
}

/** The whole data set: origin and files. */
export interface DatasetManifest<Design = unknown> {
  /** Cache folder name under data/cache/. */
  dataset: string;
  origin: {
    /** owner/name on GitHub. */
    repository: string;
    /** Pinned commit (40 hex digits). */
    commit: string;
    /** Base of the raw URLs; a file is at `${rawBaseUrl}/${commit}/${encoded originPath}`. */
    rawBaseUrl: string;
  };
  files: readonly ManifestFile<Design>[];
}

/** The raw-download URL of one file: base/commit/path with each path segment URL-encoded. */
export function originUrl(manifest: DatasetManifest<unknown>, file: ManifestFile<unknown>): string {
  const path = file.originPath.split('/').map(encodeURIComponent).join('/');
  return `${manifest.origin.rawBaseUrl.replace(/\/+$/, '')}/${manifest.origin.commit}/${path}`;
}

/** The manifest entry named `name`; throws if there is none. */
export function manifestFile<D>(name: string, manifest: DatasetManifest<D>): ManifestFile<D> {
  const f = manifest.files.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no file ${name} in the ${manifest.dataset} manifest`);
  return f;
}
