/**
 * The one error type the data layer throws: {@link DataError}, with the file, row, line and column where
 * the problem is.
 *
 * Row and line conventions (both 1-based):
 * - `row` counts records the way a spreadsheet shows the file: the header is row 1, the first data record
 *   row 2. A record whose quoted text spans several lines is still one row. Blank lines count as rows
 *   (a spreadsheet shows them as empty rows).
 * - `line` is the physical line of the text file where that record starts (what a text editor shows).
 *   It equals `row` unless an earlier field contains a line break.
 */
import { relative, isAbsolute } from 'node:path';

/** Machine-readable kinds of data problems. */
export type DataErrorCode =
  | 'FILE_MISSING'
  | 'FILE_EMPTY'
  | 'NO_DATA'
  | 'CSV_SYNTAX'
  | 'FIELD_COUNT'
  | 'COLUMN_MISSING'
  | 'DUPLICATE_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'NOT_NUMERIC'
  | 'OUT_OF_SCALE'
  | 'MISSING_VALUE'
  | 'DUPLICATE'
  | 'SINGLE_LEVEL'
  | 'INCONSISTENT'
  | 'CHECKSUM'
  | 'TRUNCATED'
  | 'SHAPE'
  | 'DOWNLOAD'
  | 'ENCODING'
  | 'INFINITE'
  | 'BAD_OPTION';

/** Where a problem is. Every field is optional: a missing file has no row, a checksum no column. */
export interface DataLocation {
  /** Path of the file as given to the loader. */
  file?: string;
  /** Spreadsheet row, header = 1 (see the module doc). */
  row?: number;
  /** Text line where the record starts, 1-based. */
  line?: number;
  /** Column name (header text). */
  column?: string;
}

/**
 * A problem with input data. The message names the file, row (and line when it differs) and column, e.g.
 * `study2_cleaned.csv, row 17, column s3_gpt4_emp: rating "x" is not a number`.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly file?: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;
  /** The problem without the location prefix. */
  readonly problem: string;

  constructor(code: DataErrorCode, problem: string, where: DataLocation = {}) {
    super(`${formatLocation(where)}${problem}`);
    this.name = 'DataError';
    this.code = code;
    this.problem = problem;
    if (where.file !== undefined) this.file = where.file;
    if (where.row !== undefined) this.row = where.row;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    Object.setPrototypeOf(this, DataError.prototype);
  }
}

/** True for a {@link DataError} (also across module copies, by name and code). */
export function isDataError(err: unknown): err is DataError {
  return err instanceof DataError || (err instanceof Error && err.name === 'DataError' && typeof (err as DataError).code === 'string');
}

/** A path as shown in messages: relative to the working directory when inside it, else as given. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** "file, row 3 (line 5), column x: " or "" when nothing is known. */
export function formatLocation(where: DataLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(displayPath(where.file));
  if (where.row !== undefined) {
    parts.push(where.line !== undefined && where.line !== where.row ? `row ${where.row} (line ${where.line})` : `row ${where.row}`);
  } else if (where.line !== undefined) {
    parts.push(`line ${where.line}`);
  }
  if (where.column !== undefined) parts.push(`column ${where.column}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}

/** Quotes a cell value for a message, shortened to 40 characters. */
export function quoteValue(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return JSON.stringify(short);
}
