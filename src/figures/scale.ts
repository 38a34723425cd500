/**
 * Value-axis titles from what was measured: the rating scale a study declared (its lowest and
 * highest point) and the name of the measure. Nothing is assumed: without a scale the title names
 * no scale, without a measure it says "rating".
 *
 * Examples:
 *   meanRatingTitle({ scale: { min: 1, max: 3 }, measure: 'helpfulness' }) === 'Mean helpfulness rating (1–3)'
 *   differenceTitle({ scale: { min: 1, max: 3 }, measure: 'helpfulness' }) === 'Difference in mean helpfulness (points, 1–3 scale)'
 *   meanRatingTitle({}) === 'Mean rating'
 */

/**
 * A rating scale: its lowest and highest point, e.g. { min: 1, max: 5 } for a 1–5 Likert item (a
 * study's declared RatingScale of src/data is one).
 */
export interface ValueScale {
  readonly min: number;
  readonly max: number;
}

/** What a value axis shows: the declared scale and the measure's name (both optional). */
export interface ValueAxisSpec {
  /** The rating scale of the measure, e.g. { min: 1, max: 5 }. */
  scale?: ValueScale;
  /** Name of the measure in the title, e.g. 'empathy' or 'helpfulness'. */
  measure?: string;
}

/** Throws unless `scale` is absent or has finite min < max. Returns it. */
export function checkValueScale(scale: ValueScale | undefined, where: string): ValueScale | undefined {
  if (scale === undefined) return undefined;
  if (typeof scale !== 'object' || scale === null || !Number.isFinite(scale.min) || !Number.isFinite(scale.max) || !(scale.min < scale.max)) {
    throw new Error(`${where}: scale must be { min, max } with finite min < max (got ${JSON.stringify(scale)})`);
  }
  return scale;
}

function numberText(x: number): string {
  const s = String(x);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
}

/** The scale as text with an en dash: scaleText({ min: 1, max: 5 }) === '1–5'. */
export function scaleText(scale: ValueScale): string {
  return `${numberText(scale.min)}\u2013${numberText(scale.max)}`;
}

function measureText(measure: string | undefined): string {
  const m = measure?.trim() ?? '';
  return m === '' ? '' : `${m} `;
}

/** Title of an axis of mean ratings: "Mean <measure> rating (<min>–<max>)"; parts left out when not given. */
export function meanRatingTitle(spec: ValueAxisSpec): string {
  const scale = spec.scale === undefined ? '' : ` (${scaleText(spec.scale)})`;
  return `Mean ${measureText(spec.measure)}rating${scale}`;
}

/**
 * Title of an axis of differences between mean ratings: "Difference in mean <measure> (points,
 * <min>–<max> scale)"; "rating" when no measure is given, no parenthesis when no scale is.
 */
export function differenceTitle(spec: ValueAxisSpec): string {
  const measure = spec.measure?.trim() ? spec.measure.trim() : 'rating';
  const scale = spec.scale === undefined ? '' : ` (points, ${scaleText(spec.scale)} scale)`;
  return `Difference in mean ${measure}${scale}`;
}
