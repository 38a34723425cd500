/**
 * Long rating rows ({rater, item, rating} and an optional group such as the response's source) checked
 * and indexed for the agreement statistics. Missing ratings (null, undefined, NaN) are allowed and
 * counted; everything else that is wrong throws an error naming the row (1-based), its rater and item.
 */

/** One rating: who rated, what was rated, the value (missing: null, undefined or NaN), optional group. */
export interface RatingRow {
  rater: string | number;
  item: string | number;
  rating: number | null | undefined;
  /** E.g. the source of the rated response; rows of a study either all have a group or none has. */
  group?: string | number | null;
}

/** Allowed ratings: a list of values, or an inclusive range. */
export type RatingScale = readonly number[] | { readonly min: number; readonly max: number };

/**
 * Ratings of one set of items, indexed: observation o has item item[o], rater rater[o], value y[o]
 * (missing ratings are not observations, only counted).
 */
export interface IndexedRatings {
  /** Item labels (first appearance order). */
  items: string[];
  /** Rater labels (first appearance order). */
  raters: string[];
  item: Int32Array;
  rater: Int32Array;
  y: Float64Array;
  /** Rows whose rating is missing. */
  missing: number;
  /** Input rows (ratings + missing). */
  rows: number;
}

/** Counts of a set of ratings, as reported with every agreement result. */
export interface RatingCounts {
  /** Input rows, with and without a rating. */
  rows: number;
  /** Rows with a rating. */
  ratings: number;
  /** Rows whose rating is missing (null, undefined or NaN). */
  missing: number;
  /** Items with at least one rating. */
  items: number;
  /** Raters with at least one rating. */
  raters: number;
  /** Items with two or more ratings (the units alpha can use). */
  pairableItems: number;
  /** Items with a single rating (in the mixed model; no pair for alpha). */
  singleRatingItems: number;
  /** Mean, smallest and largest number of ratings per item. */
  meanRatingsPerItem: number;
  minRatingsPerItem: number;
  maxRatingsPerItem: number;
  /** Raters who rated two or more items (they separate rater from residual variance). */
  ratersWithSeveralItems: number;
}

/** An error in the rating rows; the message names the row, rater and item. */
export class RatingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RatingDataError';
  }
}

function isMissingRating(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function label(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v;
  return null;
}

function describeScale(scale: RatingScale): string {
  return 'min' in scale ? `${scale.min}..${scale.max}` : `{${scale.join(', ')}}`;
}

function onScale(v: number, scale: RatingScale): boolean {
  return 'min' in scale ? v >= scale.min && v <= scale.max : scale.includes(v);
}

/** A checked row: labels as strings, rating a finite number or NaN (missing). */
export interface CheckedRow {
  rater: string;
  item: string;
  group: string | null;
  rating: number;
  /** 1-based input row. */
  row: number;
}

/**
 * Checks rating rows: rater and item present (non-empty string or finite number), rating a finite number
 * or missing, on `scale` when given, group on every row or on none, and at most one rating per rater,
 * item (and group). `who` prefixes messages (the calling function's name).
 * @example checkRatingRows([{ rater: 'a', item: 1, rating: 4 }], { scale: { min: 1, max: 5 } })
 */
export function checkRatingRows(rows: readonly RatingRow[], options: { scale?: RatingScale; who?: string } = {}): CheckedRow[] {
  const who = options.who ?? 'ratings';
  if (!Array.isArray(rows)) throw new RatingDataError(`${who}: expected an array of {rater, item, rating} rows`);
  if (rows.length === 0) throw new RatingDataError(`${who}: no rows`);
  const scale = options.scale;
  if (scale && 'min' in scale && !(scale.min <= scale.max)) throw new RatingDataError(`${who}: scale min ${scale.min} is above max ${scale.max}`);
  if (scale && !('min' in scale) && scale.length === 0) throw new RatingDataError(`${who}: the scale lists no values`);
  const firstGroup = rows[0] && (rows[0] as RatingRow).group;
  const grouped = firstGroup !== undefined && firstGroup !== null;
  const seen = new Map<string, number>();
  const out: CheckedRow[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    if (typeof r !== 'object' || r === null) throw new RatingDataError(`${who}: row ${row} is not an object`);
    const rater = label(r.rater);
    const item = label(r.item);
    if (rater === null) throw new RatingDataError(`${who}: row ${row} has no rater (got ${JSON.stringify(r.rater)})`);
    if (item === null) throw new RatingDataError(`${who}: row ${row} (rater "${rater}") has no item (got ${JSON.stringify(r.item)})`);
    const where = `row ${row} (rater "${rater}", item "${item}")`;
    const g = r.group;
    const hasGroup = g !== undefined && g !== null;
    if (hasGroup !== grouped) {
      throw new RatingDataError(grouped ? `${who}: ${where} has no group, but row 1 has group "${String(firstGroup)}": give every row a group or none` : `${who}: ${where} has group "${String(g)}", but row 1 has none: give every row a group or none`);
    }
    const group = hasGroup ? label(g) : null;
    if (hasGroup && group === null) throw new RatingDataError(`${who}: ${where} has an empty group`);
    const v = r.rating as unknown;
    let rating: number;
    if (isMissingRating(v)) rating = NaN;
    else if (typeof v === 'number' && Number.isFinite(v)) rating = v;
    else throw new RatingDataError(`${who}: ${where}: rating ${JSON.stringify(v)} is not a number (missing ratings are null, undefined or NaN)`);
    if (!Number.isNaN(rating) && scale && !onScale(rating, scale)) {
      throw new RatingDataError(`${who}: ${where}: rating ${rating} is outside the scale ${describeScale(scale)}`);
    }
    if (!Number.isNaN(rating)) {
      const key = JSON.stringify([group, item, rater]);
      const first = seen.get(key);
      if (first !== undefined) {
        throw new RatingDataError(`${who}: ${where}${group !== null ? ` in group "${group}"` : ''} repeats a rating of row ${first}: each rater rates an item once (give repeated ratings their own rater id, or average them first)`);
      }
      seen.set(key, row);
    }
    out.push({ rater, item, group, rating, row });
  });
  return out;
}

/** The item of a row when groups are pooled: the pair (group, item), as the label '["gpt4","7"]'. */
export function pooledItemKey(r: CheckedRow): string {
  return JSON.stringify([r.group, r.item]);
}

/** Indexes checked rows (items and raters in order of first appearance). */
export function indexRatings(rows: readonly CheckedRow[], itemKey: (r: CheckedRow) => string = (r) => r.item): IndexedRatings {
  const items: string[] = [];
  const raters: string[] = [];
  const itemIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  const item: number[] = [];
  const rater: number[] = [];
  const y: number[] = [];
  let missing = 0;
  for (const r of rows) {
    if (Number.isNaN(r.rating)) {
      missing++;
      continue;
    }
    const ik = itemKey(r);
    let ii = itemIndex.get(ik);
    if (ii === undefined) itemIndex.set(ik, (ii = items.push(ik) - 1));
    let ri = raterIndex.get(r.rater);
    if (ri === undefined) raterIndex.set(r.rater, (ri = raters.push(r.rater) - 1));
    item.push(ii);
    rater.push(ri);
    y.push(r.rating);
  }
  return { items, raters, item: Int32Array.from(item), rater: Int32Array.from(rater), y: Float64Array.from(y), missing, rows: rows.length };
}

/** Counts of indexed ratings. */
export function countRatings(d: IndexedRatings): RatingCounts {
  const perItem = new Int32Array(d.items.length);
  for (const i of d.item) perItem[i]!++;
  const itemsOfRater = d.raters.map(() => new Set<number>());
  d.rater.forEach((j, o) => itemsOfRater[j]!.add(d.item[o]!));
  let pairable = 0;
  let single = 0;
  let min = Infinity;
  let max = 0;
  for (const n of perItem) {
    if (n >= 2) pairable++;
    if (n === 1) single++;
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  return {
    rows: d.rows,
    ratings: d.y.length,
    missing: d.missing,
    items: d.items.length,
    raters: d.raters.length,
    pairableItems: pairable,
    singleRatingItems: single,
    meanRatingsPerItem: d.items.length ? d.y.length / d.items.length : NaN,
    minRatingsPerItem: d.items.length ? min : NaN,
    maxRatingsPerItem: d.items.length ? max : NaN,
    ratersWithSeveralItems: itemsOfRater.filter((s) => s.size >= 2).length,
  };
}

/**
 * Long rows as Krippendorff's reliability data: a raters x units matrix (rows = raters, columns =
 * items), null where a rater gave no rating. Groups are ignored unless `byGroup` (then a unit is the
 * pair (group, item), labelled '["group","item"]').
 * @example reliabilityMatrix([{ rater: 'a', item: 1, rating: 3 }, { rater: 'b', item: 1, rating: 4 }]).values  // [[3], [4]]
 */
export function reliabilityMatrix(rows: readonly RatingRow[], options: { byGroup?: boolean; scale?: RatingScale } = {}): { raters: string[]; units: string[]; values: (number | null)[][] } {
  const checked = checkRatingRows(rows, { scale: options.scale, who: 'reliabilityMatrix' });
  const grouped = options.byGroup && checked[0]!.group !== null;
  const d = indexRatings(checked, grouped ? pooledItemKey : (r) => r.item);
  if (!grouped) {
    // Without the group in the key, one rater may have rated the same item label in two groups.
    const seen = new Set<string>();
    d.item.forEach((i, o) => {
      const key = `${i}:${d.rater[o]}`;
      if (seen.has(key)) throw new RatingDataError(`reliabilityMatrix: rater "${d.raters[d.rater[o]!]}" rated item "${d.items[i]}" more than once (in different groups): pass { byGroup: true }`);
      seen.add(key);
    });
  }
  const values = d.raters.map(() => new Array<number | null>(d.items.length).fill(null));
  d.y.forEach((v, o) => (values[d.rater[o]!]![d.item[o]!] = v));
  return { raters: d.raters, units: d.items, values };
}
