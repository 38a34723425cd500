/**
 * Data layer, for any rating study: CSV files read with R's rules (typed tables, encodings, errors that
 * name file, row and column), long-format rating files and LIWC output files loaded into typed tidy tables
 * with a load report, and the acquisition of a released data set (manifest, checksums, atomic cache).
 * A study's own files and layouts live in its folder (src/studies/<name>/).
 */
export * from './types';
export { DataError, isDataError, displayPath, type DataErrorCode, type DataLocation } from './errors';
export { LoadReport, type DropCount, type ColumnNote, type CountNote, type SummaryItem } from './report';
export { parseCsv, readCsv, formatCsv, checkEncoding, isPersonalIdColumn, PERSONAL_ID_COLUMN, CSV_ENCODINGS, type CsvTable, type CsvRow, type CsvOptions, type CsvEncoding } from './csv';
export { readTable, parseTable, tableFromCsv, DEFAULT_NA_STRINGS, type DataTable, type TypedColumn, type ReadTableOptions } from './table';
export { toFrame, danfojs } from './frame';
export { originUrl, manifestFile, type DatasetManifest, type ManifestFile, type CsvShape, type DatasetFileKind } from './manifest';
export {
  ensureDataset,
  downloadDataset,
  copyDataset,
  checkDatasetCache,
  checkCsvShape,
  writeAtomic,
  sha256,
  PROVENANCE_FILE,
  type Provenance,
  type ProvenanceEntry,
  type EnsureOptions,
  type DownloadOptions,
  type AcquireOptions,
  type CacheStatus,
} from './acquire';
export { loadLongRatings, parseLongRatings, type LongColumns, type LongRatingsOptions, type RaterIdScheme } from './long';
export { parseLiwcOutput, type LiwcRecord, type LiwcParseOptions } from './liwc';
