/**
 * Descriptive summaries of tidy rating tables: cell means and SDs, per-post means, and the
 * "95% CI across posts" that the paper's Figure 2 describes (with an option that reproduces the
 * paper's defect of taking the spread from another measure).
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { qnorm, qt } from '../stats/distributions';

/** The minimal shape of a rating row these summaries need (RatingRecord satisfies it). */
export interface RatingLike {
  source: string;
  measure: string;
  post: number | string;
  rating: number;
}

/** Mean, SD and count of one group of ratings. */
export interface CellSummary {
  source: string;
  measure: string;
  n: number;
  mean: number;
  sd: number;
  /** Number of distinct posts among the ratings. */
  posts: number;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * Mean, SD (n - 1 denominator, as R's sd) and n per source and measure.
 * Rows come out ordered by `sourceOrder` (unlisted sources last, alphabetically), then measure.
 */
export function summarizeBySourceAndMeasure(rows: readonly RatingLike[], sourceOrder: readonly string[] = []): CellSummary[] {
  const groups = groupBy(rows, (r) => `${r.source}\u0000${r.measure}`);
  const out: CellSummary[] = [];
  for (const [key, g] of groups) {
    const [source, measure] = key.split('\u0000') as [string, string];
    const ratings = g.map((r) => r.rating);
    out.push({
      source,
      measure,
      n: ratings.length,
      mean: mean(ratings),
      sd: ratings.length > 1 ? sampleStandardDeviation(ratings) : NaN,
      posts: new Set(g.map((r) => String(r.post))).size,
    });
  }
  const rank = (s: string) => {
    const i = sourceOrder.indexOf(s);
    return i < 0 ? sourceOrder.length : i;
  };
  return out.sort((a, b) => rank(a.source) - rank(b.source) || a.source.localeCompare(b.source) || a.measure.localeCompare(b.measure));
}

/** Mean rating of each post (in post order) for one source and measure. */
export function perPostMeans(rows: readonly RatingLike[], source: string, measure: string): { post: string; mean: number; n: number }[] {
  const sel = rows.filter((r) => r.source === source && r.measure === measure);
  const byPost = groupBy(sel, (r) => String(r.post));
  return [...byPost.entries()]
    .map(([post, g]) => ({ post, mean: mean(g.map((r) => r.rating)), n: g.length }))
    .sort((a, b) => Number(a.post) - Number(b.post) || a.post.localeCompare(b.post));
}

/** A mean with a confidence interval. */
export interface MeanCi {
  source: string;
  measure: string;
  mean: number;
  lower: number;
  upper: number;
  /** How the interval was made, in words (shown in tables and figure captions). */
  method: string;
}

/** Options for {@link ciAcrossPosts}. */
export interface CiAcrossPostsOptions {
  level?: number;
  /** 'normal' uses z (what the paper's numbers match), 't' uses t with posts - 1 df. Default 't'. */
  quantile?: 'normal' | 't';
  /**
   * Take the spread (SD of per-post means) from this measure instead of the plotted one.
   * `'appropriateness'` for empathy reproduces the paper's Figure 2 defect.
   */
  spreadFrom?: string;
}

/**
 * "95% CI across posts": mean of all ratings of a source +/- q x SD(per-post means) / sqrt(posts).
 * Posts are the unit of replication, so this interval reflects variation between posts.
 *
 * @example ciAcrossPosts(rows, 'human', 'empathy', { quantile: 'normal', spreadFrom: 'appropriateness' }) // the paper's bars
 */
export function ciAcrossPosts(rows: readonly RatingLike[], source: string, measure: string, options: CiAcrossPostsOptions = {}): MeanCi {
  const level = options.level ?? 0.95;
  const quantile = options.quantile ?? 't';
  const spreadMeasure = options.spreadFrom ?? measure;
  const ratings = rows.filter((r) => r.source === source && r.measure === measure).map((r) => r.rating);
  if (ratings.length === 0) throw new Error(`ciAcrossPosts: no ratings for source '${source}' and measure '${measure}'.`);
  const postMeans = perPostMeans(rows, source, spreadMeasure).map((p) => p.mean);
  const k = postMeans.length;
  if (k < 2) throw new Error(`ciAcrossPosts: need at least 2 posts with ${spreadMeasure} ratings of '${source}', found ${k}.`);
  const q = quantile === 'normal' ? qnorm(1 - (1 - level) / 2) : qt(1 - (1 - level) / 2, k - 1);
  const half = (q * sampleStandardDeviation(postMeans)) / Math.sqrt(k);
  const m = mean(ratings);
  const pct = Math.round(level * 100);
  const method =
    spreadMeasure === measure
      ? `${pct}% CI across ${k} posts (${quantile === 'normal' ? 'z' : `t, ${k - 1} df`})`
      : `paper's method: ${measure} mean +/- ${quantile === 'normal' ? 'z' : 't'} x SD of per-post ${spreadMeasure} means / sqrt(${k})`;
  return { source, measure, mean: m, lower: m - half, upper: m + half, method };
}
