/**
 * Data layer: acquiring the Lee et al. (2024) files into the cache, loading them (and any long-format
 * ratings file) into typed tidy tables with a load report, and the typed DataError for bad input.
 */
export * from './types';
export { DataError, isDataError, type DataErrorCode, type DataLocation } from './errors';
export { LoadReport, type DropCount, type ColumnNote, type CountNote, type SummaryItem } from './report';
export { parseCsv, readCsv, formatCsv, isPersonalIdColumn, PERSONAL_ID_COLUMN, type CsvTable, type CsvRow, type CsvOptions } from './csv';
export { toFrame, danfojs } from './frame';
export {
  LEE2024_MANIFEST,
  LEE2024_SOURCE_NAMES,
  originUrl,
  type Lee2024Manifest,
  type ManifestFile,
  type CsvShape,
  type WideDesign,
} from './manifest';
export {
  ensureLee2024,
  downloadLee2024,
  copyLee2024,
  checkLee2024Cache,
  sharedDataDir,
  PROVENANCE_FILE,
  type Provenance,
  type ProvenanceEntry,
  type EnsureOptions,
  type DownloadOptions,
  type AcquireOptions,
  type CacheStatus,
} from './acquire';
export {
  loadLee2024Ratings,
  loadLee2024Responses,
  loadLee2024Raters,
  parseLee2024Wide,
  parseLee2024Responses,
  lee2024RaterId,
  LEE2024_SCALE,
  type Lee2024LoadOptions,
} from '../studies/lee2024/data';
export { loadLongRatings, parseLongRatings, type LongColumns, type LongRatingsOptions, type RaterIdScheme } from './long';
export { writeTidyLee2024, TIDY_FILES } from '../studies/lee2024/tidy';
export { parseLiwcOutput, loadLee2024Study1Liwc, type LiwcRecord, type LiwcParseOptions } from './liwc';
