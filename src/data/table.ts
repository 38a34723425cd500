/**
 * A CSV file as typed columns, read the way R's `read.csv` reads it for a model:
 * `read.csv(file, na.strings = c("", "NA", "NaN", na...), strip.white = TRUE, fileEncoding = encoding)`.
 *
 * - a cell is missing when, trimmed, it is empty, `NA`, `NaN` or one of the extra `na` strings (so an
 *   empty and a whitespace-only cell are missing in every column);
 * - a column is numeric when every non-missing cell is a number (decimal or scientific notation, `07`,
 *   hexadecimal `0x1A`, or R's `Inf`, `-Inf`, `Infinity`: infinite values are kept here and refused by the
 *   model frame; `nan` in any case is missing), logical when every non-missing cell is exactly TRUE, FALSE,
 *   T or F (a factor with levels FALSE, TRUE in a model, as R's logical), otherwise text (a factor in a
 *   model, as in R), unless listed in `asText`;
 * - one deliberate difference from R: R strips white space from unquoted fields only, so a quoted "  " is a
 *   level of its own and a quoted "gpt4 " differs from "gpt4"; here every cell is trimmed, so both are
 *   what the analyst meant (missing, and gpt4);
 * - columns are typed on first use, over all rows of the file (R types a column before any subset).
 *
 * Rows are numbered as a spreadsheet shows the file: the header is row 1 (see errors.ts).
 *
 * Example: `const t = readTable('ratings.csv', { na: ['-99'] }); t.column('rating')`
 */
import { readCsv, parseCsv, type CsvOptions, type CsvTable } from './csv';
import { DataError } from './errors';

/** Strings that are missing in every column (besides the caller's `na`). */
export const DEFAULT_NA_STRINGS: readonly string[] = ['', 'NA', 'NaN'];

/** A number as R's type.convert reads it: 3, -2.5, .5, 3., 1e-3, 07, 0x1A, Inf, -Infinity, nan (missing). */
const NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|inf|infinity|nan)$/i;

/** Logical cells as R's type.convert reads them (exactly these spellings). */
const LOGICAL: Readonly<Record<string, string>> = { TRUE: 'TRUE', T: 'TRUE', FALSE: 'FALSE', F: 'FALSE' };

/** One typed column of a {@link DataTable}. */
export type TypedColumn =
  | {
      name: string;
      kind: 'numeric';
      /** Values; NaN marks a missing cell. */
      values: Float64Array;
      /** Number of missing cells. */
      missing: number;
    }
  | {
      name: string;
      kind: 'text';
      /** Trimmed values (logical columns as "TRUE" / "FALSE"); null marks a missing cell. */
      values: (string | null)[];
      /** True for a logical column (every non-missing cell TRUE, FALSE, T or F). */
      logical: boolean;
      missing: number;
      /** Share of the non-missing cells that are numbers (1 = all but none: an all-missing column). */
      numericShare: number;
      /** First non-missing cell that is not a number: its spreadsheet row and value (undefined when all are numbers). */
      firstText?: { row: number; value: string };
    };

/** Options of {@link readTable} / {@link tableFromCsv}. */
export interface ReadTableOptions extends CsvOptions {
  /** More strings that mark a missing cell (R's na.strings), e.g. ['-99', 'missing']. */
  na?: readonly string[];
  /** Columns kept as text even when every cell is a number (R's colClasses = "character"). */
  asText?: readonly string[];
}

/** A CSV file with lazily typed columns; `rowNumbers[i]` is the spreadsheet row of data row i. */
export interface DataTable {
  /** Path (or label) of the file, used in messages. */
  file: string;
  /** Column names (personal-identifier columns are never loaded). */
  header: string[];
  /** Number of data rows (blank lines excluded). */
  nrow: number;
  /** Spreadsheet row (header = 1) of each data row. */
  rowNumbers: Int32Array;
  /** Text line where each data row starts. */
  lines: Int32Array;
  /** Spreadsheet rows that were blank lines (ignored, counted). */
  blankRows: number[];
  /** Personal-identifier columns removed on read. */
  droppedColumns: string[];
  /** The missing-value strings in force. */
  naStrings: string[];
  /** True when `name` is a column. */
  has(name: string): boolean;
  /** The typed column (DataError UNKNOWN_COLUMN listing the columns when there is none). */
  column(name: string): TypedColumn;
  /** The raw (trimmed) text of one cell. */
  cell(row: number, name: string): string;
}

/** Reads a CSV file into a {@link DataTable}. */
export function readTable(path: string, options: ReadTableOptions = {}): DataTable {
  return tableFromCsv(readCsv(path, options), options);
}

/** Parses CSV text or bytes into a {@link DataTable}; `file` is used in messages. */
export function parseTable(input: string | Uint8Array, file: string, options: ReadTableOptions = {}): DataTable {
  return tableFromCsv(parseCsv(input, file, options), options);
}

/** Types the columns of a parsed CSV (see the module doc). */
export function tableFromCsv(csv: CsvTable, options: Pick<ReadTableOptions, 'na' | 'asText'> = {}): DataTable {
  const naStrings = [...new Set([...DEFAULT_NA_STRINGS, ...(options.na ?? []).map((s) => s.trim())])];
  const na = new Set(naStrings);
  const asText = new Set(options.asText ?? []);
  const index = new Map<string, number>();
  csv.header.forEach((h, j) => {
    if (!index.has(h)) index.set(h, j);
  });
  const cache = new Map<string, TypedColumn>();
  const rows = csv.rows;
  const nrow = rows.length;
  const unknown = (name: string): DataError => {
    const why = csv.droppedColumns.includes(name)
      ? `column ${name} is a personal identifier and is never loaded`
      : `no column ${name} (columns: ${csv.header.slice(0, 20).join(', ')}${csv.header.length > 20 ? ', ...' : ''})`;
    return new DataError('UNKNOWN_COLUMN', why, { file: csv.file });
  };
  const typeColumn = (name: string): TypedColumn => {
    const j = index.get(name);
    if (j === undefined) throw unknown(name);
    const cells = rows.map((r) => (r.fields[j] ?? '').trim());
    let missing = 0;
    let numbers = 0;
    let logicals = 0;
    let firstText: { row: number; value: string } | undefined;
    for (let i = 0; i < nrow; i++) {
      const c = cells[i]!;
      if (na.has(c)) missing++;
      else if (NUMBER.test(c)) numbers++;
      else {
        if (c in LOGICAL) logicals++;
        if (firstText === undefined) firstText = { row: rows[i]!.row, value: c };
      }
    }
    const present = nrow - missing;
    if (firstText === undefined && !asText.has(name)) {
      const values = new Float64Array(nrow);
      let nan = 0;
      for (let i = 0; i < nrow; i++) {
        values[i] = na.has(cells[i]!) ? NaN : parseNumber(cells[i]!);
        if (!na.has(cells[i]!) && Number.isNaN(values[i]!)) nan++;
      }
      return { name, kind: 'numeric', values, missing: missing + nan };
    }
    const logical = logicals > 0 && logicals === present && !asText.has(name);
    return {
      name,
      kind: 'text',
      values: cells.map((c) => (na.has(c) ? null : logical ? LOGICAL[c]! : c)),
      logical,
      missing,
      numericShare: present === 0 ? 1 : numbers / present,
      ...(firstText && !logical ? { firstText } : {}),
    };
  };
  return {
    file: csv.file,
    header: csv.header.slice(),
    nrow,
    rowNumbers: Int32Array.from(rows, (r) => r.row),
    lines: Int32Array.from(rows, (r) => r.line),
    blankRows: csv.blankRows.slice(),
    droppedColumns: csv.droppedColumns.slice(),
    naStrings,
    has: (name) => index.has(name),
    column(name) {
      let c = cache.get(name);
      if (!c) {
        c = typeColumn(name);
        cache.set(name, c);
      }
      return c;
    },
    cell(row, name) {
      const j = index.get(name);
      if (j === undefined) throw unknown(name);
      return (rows[row]!.fields[j] ?? '').trim();
    },
  };
}

/** A cell that matched the number pattern, as a number (R's Inf spellings included). */
function parseNumber(s: string): number {
  const t = s.toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  return Number(s);
}
