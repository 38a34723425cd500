/**
 * Agreement between our features and LIWC's own output for the same texts: per column the share of texts
 * with exactly the same value (after rounding ours to LIWC's 2 decimals) and the Pearson correlation.
 * Used by the validation tests and by `npx empathy-lab features --compare-liwc FILE`.
 */
import { sampleCorrelation } from 'simple-statistics';
import { type FeatureRow, roundHalfAway } from './extract';

/** Agreement on one column. */
export interface ColumnAgreement {
  column: string;
  /** Texts compared. */
  n: number;
  /** Texts where our value, rounded to `digits`, equals LIWC's. */
  exact: number;
  /** exact / n. */
  exactRate: number;
  /** Pearson correlation (NaN when either side is constant). */
  r: number;
  /** Means of the two columns. */
  meanOurs: number;
  meanLiwc: number;
  /** Largest absolute difference. */
  maxAbsDiff: number;
}

/** Options of {@link compareWithLiwc}. */
export interface CompareOptions {
  /** Columns to compare (default: our columns that LIWC's rows also have, except Dic). */
  columns?: readonly string[];
  /** Decimals of LIWC's output (default 2). */
  digits?: number;
}

/**
 * Compares our rows with LIWC's rows (same texts, same order). LIWC values may be strings as read from CSV.
 * @example compareWithLiwc(ours.rows, liwcRows).find((a) => a.column === 'WC')?.exactRate // 1
 */
export function compareWithLiwc(
  ours: readonly FeatureRow[],
  liwc: readonly Readonly<Record<string, string | number | undefined>>[],
  options: CompareOptions = {},
): ColumnAgreement[] {
  if (ours.length !== liwc.length) throw new Error(`compareWithLiwc: ${ours.length} rows of ours but ${liwc.length} of LIWC's`);
  const digits = options.digits ?? 2;
  const first = ours[0];
  const columns =
    options.columns ?? (first === undefined ? [] : Object.keys(first).filter((c) => c !== 'Dic' && liwc[0] !== undefined && c in liwc[0]));
  return columns.map((column) => {
    const a: number[] = [];
    const b: number[] = [];
    ours.forEach((row, i) => {
      const x = row[column];
      const y = Number(liwc[i]![column]);
      if (x === undefined || !Number.isFinite(x)) throw new Error(`compareWithLiwc: our row ${i + 1} has no value for '${column}'`);
      if (!Number.isFinite(y)) throw new Error(`compareWithLiwc: LIWC row ${i + 1}, column '${column}': '${liwc[i]![column]}' is not a number`);
      a.push(x);
      b.push(y);
    });
    const n = a.length;
    let exact = 0;
    let maxAbsDiff = 0;
    for (let i = 0; i < n; i++) {
      const x = column === 'WC' ? a[i]! : roundHalfAway(a[i]!, digits);
      if (Math.abs(x - b[i]!) < 1e-9) exact++;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i]! - b[i]!));
    }
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const constant = (v: number[]) => v.every((x) => x === v[0]);
    const r = n < 2 || constant(a) || constant(b) ? NaN : sampleCorrelation(a, b);
    return { column, n, exact, exactRate: n === 0 ? NaN : exact / n, r, meanOurs: mean(a), meanLiwc: mean(b), maxAbsDiff };
  });
}

/** The agreement table as aligned text, one line per column. */
export function formatAgreement(rows: readonly ColumnAgreement[], title = 'Agreement with LIWC-22'): string {
  const lines = [title, 'column      n  exact  exact%       r   mean ours  mean LIWC  max |diff|'];
  for (const a of rows) {
    lines.push(
      [
        a.column.padEnd(9),
        String(a.n).padStart(4),
        String(a.exact).padStart(6),
        (100 * a.exactRate).toFixed(1).padStart(7),
        (Number.isNaN(a.r) ? 'const' : a.r.toFixed(4)).padStart(7),
        a.meanOurs.toFixed(3).padStart(11),
        a.meanLiwc.toFixed(3).padStart(10),
        a.maxAbsDiff.toFixed(3).padStart(11),
      ].join(' '),
    );
  }
  return lines.join('\n');
}
