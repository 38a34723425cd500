/**
 * How much raters agree, from long rating rows {rater, item, rating, group?}: the intraclass
 * correlation for a single rating and for the mean of k ratings, and Krippendorff's alpha (interval and
 * ordinal), each with a seeded percentile bootstrap interval over items, per group (e.g. per source of
 * the rated responses) and for all groups pooled.
 *
 * The headline forms:
 * - icc_single  = ICC(2,1), absolute agreement (psych "ICC2", Shrout & Fleiss case 2):
 *                 s2_item / (s2_item + s2_rater + s2_e), REML variances of the crossed random-effects
 *                 model rating ~ 1 + (1 | item) + (1 | rater) (performance::icc(by_group = TRUE) "item");
 * - icc_average = ICC(2,k) = s2_item / (s2_item + (s2_rater + s2_e) / k), the reliability of an item's
 *                 mean over k ratings from random raters, k = mean number of ratings per item (option k);
 * - alpha_interval, alpha_ordinal: Krippendorff's alpha (see alpha.ts), missing ratings allowed.
 * The model handles fully crossed designs, incomplete ones (each rater rates a subset) and raters nested
 * in rater groups that rate different items, as long as some raters rate two or more items (which
 * separates rater from residual variance).
 *
 * Pooled ("overall"): an item is the pair (group, item), e.g. one source's response to one post, and
 * raters keep their ids across groups; differences between groups then count as item variance.
 *
 * Intervals: items are resampled with replacement (within the group; pooled: the (group, item) pairs),
 * raters are not: the intervals leave out the uncertainty from sampling raters (with few raters they are
 * too narrow for ICC(2), whose denominator holds the rater variance). The same resamples serve all four
 * statistics. Alpha's replicates use the per-unit coincidences; the ICC's replicates use moment
 * estimates of the variance components by default (fast; equal to REML on complete data when no
 * component is zero) or REML refits (`iccBootstrap: 'refit'`: ~40 ms per refit of 6,000 ratings, so 2,000
 * replicates take minutes; in simulations their intervals were as wide and covered as often).
 *
 * @example
 *   const a = raterAgreement(rows, { seed: 1, replicates: 2000, scale: { min: 1, max: 5 } });
 *   a.overall.icc_single   // { estimate, lower, upper, failed }
 *   a.groups.map((g) => [g.group, g.alpha_ordinal.estimate])
 */
import type { LmmFit } from '../model/index';
import { alphaOfUnits, checkAlphaLevel, unitValueCounts, unitValueCountsFromLists, type AlphaLevel, type AlphaResult, type ReliabilityInput, type UnitValueCounts } from './alpha';
import { alphaOfWeightedUnits, alphaScratch } from './alphaWeighted';
import { checkBootstrapSettings, itemBootstrap, percentileEstimate, seedFor, type BootstrapEstimate, type BootstrapSettings, type Estimate } from './bootstrap';
import { crossedComponentsOf, momentComponents, momentData, remlComponents, remlCrossed, type CrossedComponents, type MomentData, type VarianceComponents } from './components';
import { ICC_DESCRIPTIONS, ICC_TYPES, iccCrossed, iccFromComponents, type IccType } from './icc';
import { checkRatingRows, countRatings, indexRatings, pooledItemKey, type CheckedRow, type IndexedRatings, type RatingCounts, type RatingRow, type RatingScale } from './ratings';

/** How the ICC's bootstrap replicates are estimated. */
export type IccBootstrapMethod = 'moments' | 'refit';

/** Options of {@link raterAgreement}. */
export interface RaterAgreementOptions extends BootstrapSettings {
  /** Allowed ratings (checked; errors name the row). */
  scale?: RatingScale;
  /** k of icc_average (default: mean number of ratings per item, in each group and pooled). */
  k?: number;
  /** ICC bootstrap replicates by moment estimates (default) or REML refits. */
  iccBootstrap?: IccBootstrapMethod;
}

/** Counts of one analysis: the ratings' counts and alpha's pairable values. */
export interface AgreementCounts extends RatingCounts {
  /** Values in units (items) with two or more ratings: alpha's n. */
  pairableValues: number;
}

/** Agreement in one group (or pooled: group null). The four headline fields match results.json. */
export interface AgreementResult {
  group: string | null;
  icc_single: BootstrapEstimate;
  icc_average: BootstrapEstimate;
  alpha_interval: BootstrapEstimate;
  alpha_ordinal: BootstrapEstimate;
  /** k used for icc_average. */
  k: number;
  /** REML variances of rating ~ 1 + (1 | item) + (1 | rater). */
  components: CrossedComponents;
  /** Moment estimates of the same variances (what the default bootstrap resamples). */
  momentComponents: CrossedComponents;
  counts: AgreementCounts;
  /** Messages from the model fit (e.g. a singular fit: rater variance estimated as 0). */
  warnings: string[];
}

/** Result of {@link raterAgreement}. */
export interface RaterAgreement {
  /** All groups pooled (or all rows when there are no groups). */
  overall: AgreementResult;
  /** One per group, in order of first appearance (empty without groups). */
  groups: AgreementResult[];
  settings: { seed: number; replicates: number; level: number; iccBootstrap: IccBootstrapMethod; resampled: 'items' };
  /** The methods in words, for a caption. */
  method: string;
}

/** The four headline numbers of a result, as results.json's "agreement" object has them. */
export function agreementHeadline(r: AgreementResult): Record<'icc_single' | 'icc_average' | 'alpha_interval' | 'alpha_ordinal', Estimate> {
  const pick = (e: BootstrapEstimate): Estimate => ({ estimate: e.estimate, lower: e.lower, upper: e.upper });
  return { icc_single: pick(r.icc_single), icc_average: pick(r.icc_average), alpha_interval: pick(r.alpha_interval), alpha_ordinal: pick(r.alpha_ordinal) };
}

/** Per-item value lists of indexed ratings, as alpha's units. */
function unitsOf(d: IndexedRatings): UnitValueCounts {
  const lists: number[][] = d.items.map(() => []);
  d.y.forEach((v, o) => lists[d.item[o]!]!.push(v));
  const values = [...new Set(d.y)].sort((a, b) => a - b);
  return unitValueCountsFromLists(lists, values, d.y.length, d.missing);
}

/**
 * Number of pairable values (alpha's n); throws when alpha is undefined (no item with two ratings, or
 * every pairable rating the same). Alpha itself is computed per unit in O(ratings), so continuous
 * ratings with thousands of distinct values cost no V x V matrix.
 */
function pairableValueCount(units: UnitValueCounts, where: string): number {
  const seen = new Set<number>();
  let n = 0;
  for (let u = 0; u < units.m.length; u++) {
    if (units.m[u]! < 2) continue;
    n += units.m[u]!;
    for (let p = units.start[u]!; p < units.start[u + 1]!; p++) seen.add(units.valueIndex[p]!);
  }
  if (n === 0) throw new Error(`${where}: alpha is undefined: no item has two or more ratings`);
  if (seen.size < 2) throw new Error(`${where}: alpha is undefined: every rating of the items with two or more ratings is ${units.values[[...seen][0]!]} (no variation)`);
  return n;
}

/** Throws unless the crossed model's components can be estimated; `where` names the data. */
function requireCrossedDesign(c: RatingCounts, where: string): void {
  if (c.items < 2) throw new Error(`${where}: agreement needs at least 2 rated items, got ${c.items}`);
  if (c.raters < 2) throw new Error(`${where}: agreement needs at least 2 raters, got ${c.raters}`);
  if (c.pairableItems === 0) throw new Error(`${where}: no item has two or more ratings (${c.items} items, ${c.ratings} ratings): raters cannot be compared`);
  if (c.ratersWithSeveralItems === 0) throw new Error(`${where}: no rater rated two or more items, so rater and residual variance cannot be separated (ICC(2)); each item has its own raters: use iccTable's ICC1 (one-way model)`);
}

/** Ratings with items duplicated by weight (copy c of item i is a new item), for a refit. */
function resampledRatings(d: IndexedRatings, byItem: number[][], weights: Float64Array): IndexedRatings {
  const items: string[] = [];
  const item: number[] = [];
  const rater: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    for (let c = 0; c < weights[i]!; c++) {
      const id = items.push(`${i}.${c}`) - 1;
      for (const o of byItem[i]!) {
        item.push(id);
        rater.push(d.rater[o]!);
        y.push(d.y[o]!);
      }
    }
  }
  return { items, raters: d.raters, item: Int32Array.from(item), rater: Int32Array.from(rater), y: Float64Array.from(y), missing: 0, rows: y.length };
}

/** ICC replicate function by moments or REML refits. */
function iccReplicate(d: IndexedRatings, md: MomentData, method: IccBootstrapMethod, fit: LmmFit): (w: Float64Array) => CrossedComponents {
  if (method === 'moments') return (w) => momentComponents(md, w).crossed;
  const byItem: number[][] = d.items.map(() => []);
  d.item.forEach((i, o) => byItem[i]!.push(o));
  return (w) => {
    try {
      return crossedComponentsOf(remlCrossed(resampledRatings(d, byItem, w), fit.theta));
    } catch {
      return { item: NaN, rater: NaN, residual: NaN };
    }
  };
}

function agreementOf(d: IndexedRatings, group: string | null, settings: Required<BootstrapSettings>, options: RaterAgreementOptions): AgreementResult {
  const where = group === null ? 'raterAgreement (all ratings)' : `raterAgreement (group "${group}")`;
  const counts = countRatings(d);
  requireCrossedDesign(counts, where);
  const k = options.k ?? counts.meanRatingsPerItem;
  // alpha's check first: with every rating the same there is nothing to agree on (and no model to fit)
  const units = unitsOf(d);
  const pairable = pairableValueCount(units, where);
  const fit = remlCrossed(d);
  const components = crossedComponentsOf(fit);
  const icc = iccCrossed(components, k);
  const ones = new Float64Array(units.m.length).fill(1);
  const scratch = alphaScratch(units);
  const alphaI = alphaOfWeightedUnits(units, ones, 'interval', scratch);
  const alphaO = alphaOfWeightedUnits(units, ones, 'ordinal', scratch);
  const md = momentData(d);
  const moments = momentComponents(md).crossed;
  const iccOf = iccReplicate(d, md, options.iccBootstrap ?? 'moments', fit);
  const reps = itemBootstrap(
    d.items.length,
    (w) => {
      const c = iccOf(w);
      const r = iccCrossed(c, k);
      return [r.ICC2, r.ICC2k, alphaOfWeightedUnits(units, w, 'interval', scratch), alphaOfWeightedUnits(units, w, 'ordinal', scratch)];
    },
    { seed: seedFor(settings.seed, group === null ? 'overall' : `group:${group}`), replicates: settings.replicates, level: settings.level },
  );
  const L = settings.level;
  return {
    group,
    icc_single: percentileEstimate(icc.ICC2, reps[0]!, L),
    icc_average: percentileEstimate(icc.ICC2k, reps[1]!, L),
    alpha_interval: percentileEstimate(alphaI, reps[2]!, L),
    alpha_ordinal: percentileEstimate(alphaO, reps[3]!, L),
    k,
    components,
    momentComponents: moments,
    counts: { ...counts, pairableValues: pairable },
    warnings: fit.warnings.slice(),
  };
}

/**
 * Rater agreement per group and pooled (see the module comment for the forms and the bootstrap).
 * Missing ratings are allowed and counted; errors name the row, rater and item (or the group).
 * @example
 *   const a = raterAgreement(rows, { seed: 2024, replicates: 2000, scale: { min: 1, max: 5 } });
 *   agreementHeadline(a.overall)   // { icc_single: { estimate, lower, upper }, icc_average, alpha_interval, alpha_ordinal }
 */
export function raterAgreement(rows: readonly RatingRow[], options: RaterAgreementOptions): RaterAgreement {
  const settings = checkBootstrapSettings(options, 'raterAgreement');
  const method = options.iccBootstrap ?? 'moments';
  if (method !== 'moments' && method !== 'refit') throw new Error(`raterAgreement: iccBootstrap must be 'moments' or 'refit', got ${JSON.stringify(method)}`);
  if (options.k !== undefined && !(options.k >= 1)) throw new Error(`raterAgreement: k must be a number >= 1, got ${options.k}`);
  const checked = checkRatingRows(rows, { scale: options.scale, who: 'raterAgreement' });
  const grouped = checked[0]!.group !== null;
  const groupNames: string[] = [];
  const byGroup = new Map<string, CheckedRow[]>();
  if (grouped) {
    for (const r of checked) {
      let list = byGroup.get(r.group!);
      if (!list) byGroup.set(r.group!, (list = [])), groupNames.push(r.group!);
      list.push(r);
    }
  }
  const overall = agreementOf(indexRatings(checked, grouped ? pooledItemKey : (r) => r.item), null, settings, options);
  const groups = groupNames.map((g) => agreementOf(indexRatings(byGroup.get(g)!), g, settings, options));
  const pct = Math.round(settings.level * 1000) / 10;
  return {
    overall,
    groups,
    settings: { ...settings, iccBootstrap: method, resampled: 'items' },
    method:
      `ICC(2,1) and ICC(2,k) (absolute agreement; k = ${options.k === undefined ? 'mean ratings per item' : options.k}) from REML variances of rating ~ 1 + (1 | item) + (1 | rater); ` +
      `Krippendorff's alpha (interval, ordinal); ${pct}% percentile bootstrap CIs over items (${settings.replicates} resamples, seed ${settings.seed}; raters not resampled; ` +
      `ICC replicates by ${method === 'moments' ? 'moment estimates' : 'REML refits'})`,
  };
}

/** One row of {@link iccTable}. */
export interface IccTableRow {
  type: IccType;
  description: string;
  /** From REML components. */
  estimate: number;
  /** Percentile bootstrap interval (when a bootstrap was asked for). */
  lower?: number;
  upper?: number;
  failed?: number;
}

/** Result of {@link iccTable}. */
export interface IccTable {
  rows: IccTableRow[];
  k: number;
  /** REML and moment components of the crossed and one-way models. */
  reml: VarianceComponents;
  moments: VarianceComponents;
  counts: RatingCounts;
  /** The fits (crossed: null when the design cannot separate rater from residual variance). */
  fits: { crossed: LmmFit | null; oneWay: LmmFit };
  /** What could not be computed, and why. */
  notes: string[];
}

/**
 * All six ICC forms (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k; see icc.ts) of long rating rows from REML
 * fits of the crossed and one-way models, with optional item-bootstrap intervals (moment replicates).
 * With groups, rows are pooled with an item being the pair (group, item). When no rater rated two
 * items (Shrout & Fleiss case 1: each item has its own raters) only ICC1 and ICC1k are estimable; the
 * other forms are NaN and `notes` says why.
 * @example iccTable(rows, { bootstrap: { seed: 1, replicates: 1000 } }).rows.find((r) => r.type === 'ICC2')
 */
export function iccTable(rows: readonly RatingRow[], options: { k?: number; scale?: RatingScale; bootstrap?: BootstrapSettings } = {}): IccTable {
  const checked = checkRatingRows(rows, { scale: options.scale, who: 'iccTable' });
  const grouped = checked[0]!.group !== null;
  const d = indexRatings(checked, grouped ? pooledItemKey : (r) => r.item);
  const counts = countRatings(d);
  if (counts.items < 2) throw new Error(`iccTable: ICCs need at least 2 rated items, got ${counts.items}`);
  if (counts.pairableItems === 0) throw new Error(`iccTable: no item has two or more ratings (${counts.items} items, ${counts.ratings} ratings)`);
  const crossed = counts.raters >= 2 && counts.ratersWithSeveralItems > 0;
  const k = options.k ?? counts.meanRatingsPerItem;
  if (!(k >= 1)) throw new Error(`iccTable: k must be a number >= 1, got ${k}`);
  const reml = remlComponents(d, { crossed });
  const md = momentData(d);
  const moments = momentComponents(md);
  const values = iccFromComponents(reml, k);
  const out: IccTableRow[] = ICC_TYPES.map((type) => ({ type, description: ICC_DESCRIPTIONS[type], estimate: values[type] }));
  if (options.bootstrap) {
    const s = checkBootstrapSettings(options.bootstrap, 'iccTable');
    const none = { item: NaN, rater: NaN, residual: NaN };
    const reps = itemBootstrap(d.items.length, (w) => {
      const m = momentComponents(md, w);
      // Without raters of several items, a resample's copies of an item would fake them: no crossed forms.
      const r = iccFromComponents(crossed ? m : { crossed: none, oneWay: m.oneWay }, k);
      return ICC_TYPES.map((t) => r[t]);
    }, s);
    out.forEach((row, j) => {
      const e = percentileEstimate(row.estimate, reps[j]!, s.level);
      Object.assign(row, { lower: e.lower, upper: e.upper, failed: e.failed });
    });
  }
  const notes = crossed ? [] : ['no rater rated two or more items (each item has its own raters): rater and residual variance cannot be separated, so ICC2, ICC3, ICC2k, ICC3k are NaN; ICC1 and ICC1k are the forms for this design'];
  return { rows: out, k, reml: { crossed: reml.crossed, oneWay: reml.oneWay }, moments, counts, fits: reml.fits, notes };
}

/**
 * Krippendorff's alpha of reliability data (raters x units) at one or more levels, with a seeded
 * percentile bootstrap over units (columns), resampled with replacement.
 * @example krippendorffAlphaBootstrap(data, ['interval', 'ordinal'], { seed: 1 }).ordinal.lower
 */
export function krippendorffAlphaBootstrap(data: ReliabilityInput, levels: AlphaLevel | readonly AlphaLevel[], settings: BootstrapSettings): Partial<Record<AlphaLevel, BootstrapEstimate & { result: AlphaResult }>> {
  const list = typeof levels === 'string' ? [levels] : [...levels];
  if (list.length === 0) throw new Error('krippendorffAlphaBootstrap: no level given');
  list.forEach((l) => checkAlphaLevel(l, 'krippendorffAlphaBootstrap'));
  const s = checkBootstrapSettings(settings, 'krippendorffAlphaBootstrap');
  const units = unitValueCounts(data, 'krippendorffAlphaBootstrap');
  const results = list.map((l) => alphaOfUnits(units, l, 'krippendorffAlphaBootstrap'));
  const scratch = alphaScratch(units);
  const reps = itemBootstrap(units.m.length, (w) => list.map((l) => alphaOfWeightedUnits(units, w, l, scratch)), s);
  const out: Partial<Record<AlphaLevel, BootstrapEstimate & { result: AlphaResult }>> = {};
  list.forEach((l, j) => (out[l] = { ...percentileEstimate(results[j]!.alpha, reps[j]!, s.level), result: results[j]! }));
  return out;
}
