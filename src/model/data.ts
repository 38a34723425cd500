/**
 * Data input for model fitting: rows (array of records), columns (record of arrays) or a danfojs
 * DataFrame, read column by column without copying the whole table.
 *
 * Conventions (as R's model.frame with na.action = na.omit):
 * - missing values are `null`, `undefined`, `NaN`, `''` and `'NA'`; rows with a missing value in any
 *   variable the formula uses are dropped (and counted);
 * - JavaScript numbers (and booleans) make a numeric column (a covariate in the fixed part), strings make a
 *   factor; the response must be numeric (numeric strings such as "3" are accepted there);
 * - row numbers in messages are 1-based data rows plus `rowOffset` (default 0, so the first data row is
 *   row 1; pass 1 for a CSV file whose header is row 1).
 */

/** Rows, columns, or a danfojs DataFrame (anything with `columns` and `column(name).values`). */
export type DataInput =
  | readonly object[]
  | Readonly<Record<string, readonly unknown[]>>
  | { columns: readonly string[]; column(name: string): { values: readonly unknown[] } };

/** Column-wise view of a data input. */
export interface DataColumns {
  /** Number of rows. */
  nrow: number;
  /** Column names. */
  names: string[];
  /** Values of one column (throws for an unknown name). */
  column(name: string): readonly unknown[];
  /** True when the column exists. */
  has(name: string): boolean;
}

/** A data problem: the message names the file (when there is one), the row where it applies, and the column. */
export class ModelDataError extends Error {
  readonly file?: string;
  readonly column?: string;
  readonly row?: number;
  constructor(message: string, where: { file?: string; column?: string; row?: number } = {}) {
    const loc = [where.file ?? '', where.row !== undefined ? `row ${where.row}` : '', where.column !== undefined ? `column '${where.column}'` : '']
      .filter(Boolean)
      .join(', ');
    super(loc ? `${loc}: ${message}` : message);
    this.name = 'ModelDataError';
    this.file = where.file;
    this.column = where.column;
    this.row = where.row;
  }
}

function isFrameLike(x: unknown): x is { columns: readonly string[]; column(name: string): { values: readonly unknown[] } } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { column?: unknown }).column === 'function' && Array.isArray((x as { columns?: unknown }).columns);
}

/** Wraps rows, columns or a DataFrame as {@link DataColumns}. */
export function toColumns(data: DataInput): DataColumns {
  if (Array.isArray(data)) {
    const rows = data as readonly Record<string, unknown>[];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of rows.slice(0, 1000)) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
    const cache = new Map<string, unknown[]>();
    return {
      nrow: rows.length,
      names,
      has: (name) => seen.has(name) || rows.some((r) => Object.prototype.hasOwnProperty.call(r, name)),
      column(name) {
        let c = cache.get(name);
        if (!c) {
          c = rows.map((r) => r[name]);
          cache.set(name, c);
        }
        return c;
      },
    };
  }
  if (isFrameLike(data)) {
    const names = [...data.columns];
    const nrow = names.length ? data.column(names[0]!).values.length : 0;
    return {
      nrow,
      names,
      has: (name) => names.includes(name),
      column: (name) => {
        if (!names.includes(name)) throw new ModelDataError(`unknown column`, { column: name });
        return data.column(name).values;
      },
    };
  }
  const cols = data as Readonly<Record<string, readonly unknown[]>>;
  const names = Object.keys(cols);
  let nrow = -1;
  for (const n of names) {
    const len = cols[n]!.length;
    if (nrow >= 0 && len !== nrow) throw new ModelDataError(`has ${len} values but column '${names[0]}' has ${nrow}`, { column: n });
    nrow = len;
  }
  return {
    nrow: Math.max(nrow, 0),
    names,
    has: (name) => Object.prototype.hasOwnProperty.call(cols, name),
    column: (name) => cols[name]!,
  };
}

/** True for the values treated as missing: null, undefined, NaN, '' and 'NA'. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '' || v === 'NA';
}

/** Parses a numeric cell: numbers, booleans (1/0) and numeric strings; NaN otherwise. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return NaN;
    const x = Number(s);
    return x;
  }
  return NaN;
}

/** Label of a factor level: strings as they are, numbers as R prints them (1, 2.5, 1e-08). */
export function levelLabel(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return String(v);
}

const NUMERIC_LABEL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Sorts factor levels the way R's factor() does for the data a user would have: numeric-looking labels
 * numerically (R reads such columns as numbers), other labels by Unicode code point (R's C locale;
 * deliberately locale-independent, so the same data give the same reference level everywhere).
 */
export function sortLevels(labels: Iterable<string>): string[] {
  const xs = [...new Set(labels)];
  if (xs.length > 0 && xs.every((x) => NUMERIC_LABEL.test(x))) {
    return xs.sort((a, b) => Number(a) - Number(b) || compareCodePoints(a, b));
  }
  return xs.sort(compareCodePoints);
}

/** Locale-independent string comparison by Unicode code points (R's sort in the C locale). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
