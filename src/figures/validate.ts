/** Input checks shared by the figure builders: errors name the builder, the row and the field. */

/** An estimate with interval ends, as every builder's rows carry. */
export interface IntervalFields {
  lower: number;
  upper: number;
}

/** Throws unless `value` is a finite number. */
export function requireFinite(value: unknown, what: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}: ${what} must be a finite number (got ${String(value)})`);
  }
  return value;
}

/** Throws unless lower <= estimate <= upper, all finite. */
export function checkInterval(estimate: number, row: IntervalFields, estimateName: string, where: string): void {
  requireFinite(estimate, estimateName, where);
  requireFinite(row.lower, 'lower', where);
  requireFinite(row.upper, 'upper', where);
  if (!(row.lower <= estimate && estimate <= row.upper)) {
    throw new Error(`${where}: interval [${row.lower}, ${row.upper}] does not contain ${estimateName} ${estimate}`);
  }
}

/** Throws unless `value` is a non-empty string. */
export function requireLabel(value: unknown, what: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${where}: ${what} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Distinct values in order of first appearance. */
export function uniqueInOrder<T>(values: Iterable<T>): T[] {
  const seen = new Set<T>();
  const out: T[] = [];
  for (const v of values) {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

/** Asymmetric error bars reaching from `estimates[i]` to `lower[i]` and `upper[i]`. */
export function errorBars(estimates: readonly number[], rows: readonly IntervalFields[], color: string) {
  return {
    type: 'data' as const,
    symmetric: false as const,
    array: rows.map((r, i) => r.upper - estimates[i]),
    arrayminus: rows.map((r, i) => estimates[i] - r.lower),
    visible: true as const,
    color,
    thickness: 1,
    width: 2.5,
  };
}
