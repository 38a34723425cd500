/**
 * A feature matrix as one row-major Float64Array (rows = texts, columns = features): the form the
 * logistic and ridge fits work on, so that cross-validation hands a fold's features over without
 * building arrays of arrays. designFromRows / designToRows convert from and to number[][].
 */

/** A rows x cols matrix; entry (i, j) is values[i * cols + j]. */
export interface DesignMatrix {
  rows: number;
  cols: number;
  values: Float64Array;
}

/**
 * Copies an array of equal-length rows into a DesignMatrix; a ragged or non-finite entry is an error
 * prefixed by `where`.
 * @example designFromRows([[1, 2], [3, 4]]).values // Float64Array [1, 2, 3, 4]
 */
export function designFromRows(X: readonly (readonly number[])[], where = 'design'): DesignMatrix {
  const n = X.length;
  const p = n > 0 ? X[0]!.length : 0;
  const values = new Float64Array(n * p);
  X.forEach((row, i) => {
    if (row.length !== p) throw new Error(`${where}: row ${i} of X has ${row.length} columns, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) throw new Error(`${where}: X[${i}][${j}] is not a finite number (${v})`);
      values[i * p + j] = v;
    }
  });
  return { rows: n, cols: p, values };
}

/** The rows of a DesignMatrix as number[][]. */
export function designToRows(d: DesignMatrix): number[][] {
  return Array.from({ length: d.rows }, (_, i) => Array.from(d.values.subarray(i * d.cols, (i + 1) * d.cols)));
}

/** The non-zero entries of a matrix by row (compressed sparse rows), column indices increasing within a row. */
export interface SparseRows {
  /** Row i's entries are start[i] .. start[i + 1] - 1. */
  start: Int32Array;
  col: Int32Array;
  value: Float64Array;
}

/** Number of non-zero entries of a DesignMatrix. */
export function countNonZero(d: DesignMatrix): number {
  let nz = 0;
  for (let k = 0; k < d.values.length; k++) if (d.values[k] !== 0) nz++;
  return nz;
}

/**
 * The non-zero entries of a DesignMatrix by row.
 * @example sparseRows({ rows: 2, cols: 2, values: Float64Array.of(0, 5, 7, 0) }) // start [0, 1, 2], col [1, 0], value [5, 7]
 */
export function sparseRows(d: DesignMatrix): SparseRows {
  const { rows, cols, values } = d;
  const nz = countNonZero(d);
  const start = new Int32Array(rows + 1);
  const col = new Int32Array(nz);
  const value = new Float64Array(nz);
  let e = 0;
  for (let i = 0; i < rows; i++) {
    start[i] = e;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j]!;
      if (v !== 0) {
        col[e] = j;
        value[e] = v;
        e++;
      }
    }
  }
  start[rows] = e;
  return { start, col, value };
}
