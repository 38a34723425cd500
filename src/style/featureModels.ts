/**
 * Per-feature models of the responses' linguistic style (as Lee et al. 2024's Figure 3 and Tables): for
 * each feature, feature ~ source + (1|post) over the responses, with marginal means, all pairwise
 * contrasts, multiplicity correction across features and contrasts, bounded bootstrap intervals for a
 * figure, and the comparison of two feature sources (e.g. LIWC-22's output and the open dictionary).
 */
import type { LiwcRecord } from '../data/liwc';
import type { ResponseRecord } from '../data/types';
import { extractFeatures } from '../features/index';
import { comparePairs, emmeans } from '../inference/index';
import { pAdjust, type AdjustMethod } from '../inference/adjust';
import { fitLmm, type LmmFit } from '../model/index';
import { clusterBootstrapMeans } from '../describe/clusterBootstrap';
import type { Figure3Panel, Figure3Row } from '../figures/index';

/** A feature drawn in a Figure-3-style panel. */
export interface PanelFeature {
  feature: string;
  panel: Figure3Panel;
}

/** One response with its features (percent of words, as LIWC; WC in words). */
export interface ResponseFeatures {
  post: number;
  source: string;
  features: Record<string, number>;
}

/** Features (open dictionary) of each response. */
export function responseFeatures(responses: readonly ResponseRecord[]): ResponseFeatures[] {
  const table = extractFeatures(responses.map((r) => r.text));
  return responses.map((r, i) => ({ post: r.post, source: r.source, features: table.rows[i]! as Record<string, number> }));
}

/** The same shape from a LIWC output file (LIWC's own values; see data/liwc.ts). */
export function liwcResponseFeatures(records: readonly LiwcRecord[]): ResponseFeatures[] {
  return records.map((r) => ({ post: r.post, source: r.source, features: r.values }));
}

/** The per-feature model feature ~ source + (1|post) (REML); reference = the source's first level unless given. */
export function fitFeatureModel(rows: readonly ResponseFeatures[], feature: string, reference?: string): LmmFit {
  const data = rows.map((r) => ({ value: r.features[feature] ?? NaN, source: r.source, post: String(r.post) }));
  return fitLmm('value ~ source + (1|post)', data, { reference: reference === undefined ? {} : { source: reference }, dataName: `${feature} per response` });
}

/** Options of {@link figure3Rows}. */
export interface Figure3RowsOptions {
  /** Seed and resamples of the bootstrap (default seed 20240326, 2000 resamples). */
  bootstrap?: { seed: number; replicates: number };
  /** A source's name in the figure (default: as it is). */
  label?: (source: string) => string;
}

/**
 * Figure 3 rows: per feature and model, the mean (percent of words) with a 95% percentile bootstrap
 * CI over posts (each post's responses resampled together). Unlike a normal-theory interval it
 * never reaches below zero: a model that never uses an emoji gets [0, 0].
 */
export function figure3Rows(rows: readonly ResponseFeatures[], features: readonly PanelFeature[], options: Figure3RowsOptions = {}): Figure3Row[] {
  const bootstrap = options.bootstrap ?? { seed: 20240326, replicates: 2000 };
  const label = options.label ?? ((s: string) => s);
  return features.flatMap(({ feature, panel }) =>
    clusterBootstrapMeans(
      rows.map((r) => ({ group: r.source, cluster: r.post, value: r.features[feature] ?? NaN })),
      bootstrap,
      'posts',
    ).map((m) => ({ feature, panel, model: label(m.group), mean: m.mean, lower: m.lower, upper: m.upper, interval: m.method })),
  );
}

/** All pairwise model contrasts of one feature. */
export function featureContrasts(rows: readonly ResponseFeatures[], feature: string, adjust: AdjustMethod = 'none') {
  return comparePairs(fitFeatureModel(rows, feature), 'source', { adjust });
}

/** One pairwise contrast of one feature, with p values uncorrected (as the paper) and corrected across the whole family. */
export interface FeatureContrastRow {
  feature: string;
  /** Contrast a - b (emmeans' pairwise order of the source levels). */
  a: string;
  b: string;
  /** a - b in the feature's unit: percent of words (LIWC's unit), or words for WC and WPS. Divide by 100 for the paper's proportions. */
  estimate: number;
  se: number;
  /** Satterthwaite df. */
  df: number;
  t: number;
  /** Uncorrected two-sided p (what the paper reports). */
  p: number;
  /** Holm-adjusted across all features x contrasts of the table. */
  pHolm: number;
  /** Benjamini-Hochberg-adjusted (false discovery rate) across all features x contrasts of the table. */
  pBH: number;
}

/**
 * Every pairwise source contrast of every feature (model feature ~ source + (1|post), REML,
 * Satterthwaite df), with Holm and BH adjustment over the whole family (features x contrasts).
 * @example featureContrastTable(responseFeatures(study2), ['i', 'you', 'QMark']).filter((r) => r.pHolm < 0.05)
 */
export function featureContrastTable(rows: readonly ResponseFeatures[], features: readonly string[]): FeatureContrastRow[] {
  const out: Omit<FeatureContrastRow, 'pHolm' | 'pBH'>[] = [];
  for (const feature of features) {
    const fit = fitFeatureModel(rows, feature);
    const table = comparePairs(fit, 'source', { adjust: 'none' });
    const levels = emmeans(fit, 'source').rows.map((m) => m.level);
    const pairs: [string, string][] = [];
    for (let i = 0; i < levels.length; i++) for (let j = i + 1; j < levels.length; j++) pairs.push([levels[i]!, levels[j]!]);
    table.rows.forEach((r, k) => {
      const [a, b] = pairs[k]!;
      if (r.contrast !== `${a} - ${b}`) throw new Error(`featureContrastTable: contrast ${k} of ${feature} is '${r.contrast}', expected '${a} - ${b}'`);
      out.push({ feature, a, b, estimate: r.estimate, se: r.se, df: r.df, t: r.t, p: r.p });
    });
  }
  const p = out.map((r) => r.p);
  const holm = pAdjust(p, 'holm');
  const bh = pAdjust(p, 'BH');
  return out.map((r, i) => ({ ...r, pHolm: holm[i]!, pBH: bh[i]! }));
}

/** The same contrast from two feature sources (e.g. LIWC-22 and the open dictionary). */
export interface FeatureConclusionRow {
  feature: string;
  a: string;
  b: string;
  theirs: Pick<FeatureContrastRow, 'estimate' | 't' | 'p' | 'pHolm'>;
  ours: Pick<FeatureContrastRow, 'estimate' | 't' | 'p' | 'pHolm'>;
  /** Same conclusion at `alpha` (uncorrected p): both not significant, or both significant in the same direction. */
  agree: boolean;
  /** The same with Holm-adjusted p. */
  agreeHolm: boolean;
}

/**
 * Pairs two feature-contrast tables row by row (same feature and contrast) and says whether they reach
 * the same conclusion. Rows present in only one table are an error naming them.
 */
export function compareFeatureConclusions(theirs: readonly FeatureContrastRow[], ours: readonly FeatureContrastRow[], alpha = 0.05): FeatureConclusionRow[] {
  const key = (r: FeatureContrastRow) => `${r.feature}|${r.a}|${r.b}`;
  const mine = new Map(ours.map((r) => [key(r), r]));
  if (mine.size !== theirs.length) throw new Error(`compareFeatureConclusions: ${theirs.length} rows against ${ours.length}`);
  const decide = (r: FeatureContrastRow, p: number) => (p < alpha ? Math.sign(r.estimate) : 0);
  return theirs.map((t) => {
    const o = mine.get(key(t));
    if (!o) throw new Error(`compareFeatureConclusions: no row for ${t.feature}, ${t.a} - ${t.b} in the second table`);
    const pick = (r: FeatureContrastRow) => ({ estimate: r.estimate, t: r.t, p: r.p, pHolm: r.pHolm });
    return {
      feature: t.feature,
      a: t.a,
      b: t.b,
      theirs: pick(t),
      ours: pick(o),
      agree: decide(t, t.p) === decide(o, o.p),
      agreeHolm: decide(t, t.pHolm) === decide(o, o.pHolm),
    };
  });
}
