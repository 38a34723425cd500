/**
 * Formats a table (an array of row objects or a danfojs DataFrame) as HTML and as aligned plain
 * text, for notebook output. Pure functions: {@link showTable} in ./display sends the result.
 *
 * Conventions: numeric columns are right-aligned; a numeric column whose values are all integers
 * prints without decimals, other numeric columns with a fixed number of decimals (default 3);
 * missing values (null, undefined, NaN) print as NA, as R does.
 *
 * @example
 *   tableHtml([{ source: 'human', mean: 2.8912, n: 120 }], { decimals: 2, caption: 'Empathy' })
 *   // <table ...><caption>Empathy</caption>... <td style="text-align:right">2.89</td> ...
 */

/** Row objects, or anything shaped like a danfojs DataFrame (`columns`, `values`, `index`). */
import { escapeHtml } from '../format/index';

export type TableInput = readonly object[] | DataFrameLike;

/** The part of a danfojs DataFrame the formatter reads (no import of danfojs needed). */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[] | readonly unknown[];
  readonly index?: readonly (string | number)[];
}

/** Options of {@link tableHtml}, {@link tableText} and showTable. */
export interface TableOptions {
  /** Caption shown above the table. */
  caption?: string;
  /**
   * Decimals of numeric values. A number applies to every numeric column that holds a
   * non-integer value (integer-valued columns such as counts stay without decimals); a record
   * sets the decimals of the named columns, integer-valued or not (others keep the default 3).
   */
  decimals?: number | Readonly<Record<string, number>>;
  /** Columns to show, in this order (default: all, in first-seen order). */
  columns?: readonly string[];
  /** Header labels by column name (default: the column name). */
  labels?: Readonly<Record<string, string>>;
  /** Custom formatter per column; its text is shown as is (HTML-escaped). */
  format?: Readonly<Record<string, (value: unknown) => string>>;
  /** Rows shown at most; a note says how many were left out (default 200). */
  maxRows?: number;
  /** Show the row index (a DataFrame's index, or 0, 1, ... for rows) as the first column. */
  index?: boolean;
}

/** A table ready to print: formatted cell text plus which columns are numeric. */
export interface FormattedTable {
  caption?: string;
  /** Header labels, index column included when shown. */
  header: string[];
  /** Formatted cell text, one array per shown row. */
  cells: string[][];
  /** Per shown column: true when right-aligned (numeric). */
  numeric: boolean[];
  /** Rows in the input. */
  totalRows: number;
}

const DEFAULT_DECIMALS = 3;
const DEFAULT_MAX_ROWS = 200;

/** True when `x` looks like a danfojs DataFrame (checked by shape, not by class). */
export function isDataFrameLike(x: unknown): x is DataFrameLike {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  return Array.isArray(o.columns) && Array.isArray(o.values);
}

/** Converts the input into column names, row objects and row labels. */
function normalize(input: TableInput): { columns: string[]; rows: Readonly<Record<string, unknown>>[]; index: (string | number)[] } {
  if (isDataFrameLike(input)) {
    const columns = [...input.columns];
    const values = input.values as readonly unknown[];
    // A one-column frame (or a Series) may give a flat array of values.
    const matrix = values.map((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
    const rows = matrix.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j]])));
    const index = input.index ? [...input.index] : rows.map((_, i) => i);
    return { columns, rows, index };
  }
  if (!Array.isArray(input)) throw new TypeError('showTable: expected an array of row objects or a danfojs DataFrame.');
  const rows = input as unknown as readonly Readonly<Record<string, unknown>>[];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object') throw new TypeError(`showTable: row ${i} is not an object (got ${r === null ? 'null' : typeof r}).`);
    for (const k of Object.keys(r)) seen.add(k);
  });
  return { columns: [...seen], rows: [...rows], index: rows.map((_, i) => i) };
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Formats one number with `decimals` fixed decimals (or as an integer when decimals is null). */
export function formatNumber(v: number, decimals: number | null): string {
  if (Number.isNaN(v)) return 'NA';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  const s = decimals === null ? String(v) : v.toFixed(decimals);
  // Avoid "-0.00": a value that rounds to zero prints without a sign.
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function formatOther(v: unknown): string {
  if (isMissing(v)) return 'NA';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? String(v);
}

/** Applies the options: picks columns, decides alignment and decimals, formats every cell. */
export function formatTable(input: TableInput, options: TableOptions = {}): FormattedTable {
  const { columns: allColumns, rows, index } = normalize(input);
  const columns = options.columns ? [...options.columns] : allColumns;
  const unknown = columns.filter((c) => !allColumns.includes(c));
  if (unknown.length > 0) throw new Error(`showTable: unknown column(s) ${unknown.join(', ')}; the table has ${allColumns.join(', ')}.`);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const shown = rows.slice(0, Math.max(0, maxRows));
  const decimalsOf = (c: string, integerValued: boolean): number | null => {
    const d = options.decimals;
    if (typeof d === 'number') return integerValued ? null : d;
    if (d && d[c] !== undefined) return d[c];
    return integerValued ? null : DEFAULT_DECIMALS;
  };

  const header: string[] = [];
  const numeric: boolean[] = [];
  const columnCells: string[][] = [];
  if (options.index) {
    header.push('');
    numeric.push(shown.every((_, i) => typeof index[i] === 'number'));
    columnCells.push(shown.map((_, i) => String(index[i])));
  }
  for (const c of columns) {
    const values = rows.map((r) => r[c]);
    const present = values.filter((v) => !isMissing(v));
    const isNumeric = present.length > 0 && present.every((v) => typeof v === 'number' || typeof v === 'bigint');
    const integerValued = isNumeric && present.every((v) => typeof v === 'bigint' || Number.isInteger(v as number) || !Number.isFinite(v as number));
    const custom = options.format?.[c];
    const decimals = isNumeric ? decimalsOf(c, integerValued) : null;
    header.push(options.labels?.[c] ?? c);
    numeric.push(isNumeric);
    columnCells.push(
      shown.map((r) => {
        const v = r[c];
        if (custom) return custom(v);
        if (typeof v === 'number') return formatNumber(v, decimals);
        return formatOther(v);
      }),
    );
  }
  const cells = shown.map((_, i) => columnCells.map((col) => col[i]));
  return { caption: options.caption, header, cells, numeric, totalRows: rows.length };
}


function omittedNote(t: FormattedTable): string | null {
  const left = t.totalRows - t.cells.length;
  return left > 0 ? `${left} more row${left === 1 ? '' : 's'} not shown (${t.totalRows} in all)` : null;
}

/** The table as an HTML `<table>`: caption, header, right-aligned numeric cells. */
export function tableHtml(input: TableInput, options: TableOptions = {}): string {
  const t = formatTable(input, options);
  const align = (j: number) => (t.numeric[j] ? 'right' : 'left');
  const cellStyle = (j: number) => `text-align:${align(j)};padding:2px 8px;${t.numeric[j] ? 'font-variant-numeric:tabular-nums;' : ''}`;
  const out: string[] = ['<table class="empathy-lab-table" style="border-collapse:collapse;margin:4px 0">'];
  if (t.caption !== undefined) out.push(`<caption style="caption-side:top;text-align:left;font-weight:bold;padding:2px 0;white-space:nowrap">${escapeHtml(t.caption)}</caption>`);
  out.push('<thead><tr>' + t.header.map((h, j) => `<th style="${cellStyle(j)}border-bottom:1px solid #888">${escapeHtml(h)}</th>`).join('') + '</tr></thead>');
  out.push('<tbody>');
  for (const row of t.cells) out.push('<tr>' + row.map((v, j) => `<td style="${cellStyle(j)}">${escapeHtml(v)}</td>`).join('') + '</tr>');
  out.push('</tbody>');
  const note = omittedNote(t);
  if (note) out.push(`<tfoot><tr><td colspan="${t.header.length}" style="text-align:left;color:#666;padding:2px 8px">${escapeHtml(note)}</td></tr></tfoot>`);
  out.push('</table>');
  return out.join('');
}

/** The table as aligned plain text (numeric columns right-aligned), as R prints a data frame. */
export function tableText(input: TableInput, options: TableOptions = {}): string {
  const t = formatTable(input, options);
  const widths = t.header.map((h, j) => Math.max(h.length, ...t.cells.map((r) => r[j].length)));
  const pad = (s: string, j: number) => (t.numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const line = (r: string[]) => r.map(pad).join('  ').trimEnd();
  const lines: string[] = [];
  if (t.caption !== undefined) lines.push(t.caption);
  lines.push(line(t.header));
  for (const r of t.cells) lines.push(line(r));
  const note = omittedNote(t);
  if (note) lines.push(`... ${note}`);
  return lines.join('\n');
}
