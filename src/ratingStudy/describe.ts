/** Descriptives of a rating study per source: ratings, raters, items, mean and SD (n - 1), share at each scale point. */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { RatingStudy } from './load';

/** One source's descriptives. */
export interface SourceSummary {
  source: string;
  ratings: number;
  raters: number;
  items: number;
  mean: number;
  sd: number;
  /** Share of ratings at each point of the scale, lowest first. */
  shares: number[];
}

/** Descriptives per source, in the study's source order (reference first). */
export function describeSources(study: RatingStudy): SourceSummary[] {
  const { min, max } = study.spec.scale;
  return study.sources.map((source) => {
    const rows = study.ratings.filter((r) => r.source === source);
    const ys = rows.map((r) => r.rating);
    const shares = Array.from({ length: max - min + 1 }, (_, k) => ys.filter((y) => y === min + k).length / ys.length);
    return {
      source,
      ratings: rows.length,
      raters: new Set(rows.map((r) => r.rater)).size,
      items: new Set(rows.map((r) => r.item)).size,
      mean: mean(ys),
      sd: ys.length > 1 ? sampleStandardDeviation(ys) : NaN,
      shares,
    };
  });
}

/** The descriptives as table rows for display (shares in percent). */
export function sourceSummaryRows(study: RatingStudy): Record<string, string | number>[] {
  const { min } = study.spec.scale;
  return describeSources(study).map((s) => ({
    source: s.source,
    ratings: s.ratings,
    raters: s.raters,
    items: s.items,
    mean: Number(s.mean.toFixed(3)),
    sd: Number(s.sd.toFixed(3)),
    ...Object.fromEntries(s.shares.map((p, k) => [`% ${min + k}`, Number((100 * p).toFixed(1))])),
  }));
}
