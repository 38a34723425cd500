/**
 * Seeded item bootstrap for the agreement statistics: each replicate draws as many items as there are,
 * with replacement (an item drawn twice enters as two items); raters are NOT resampled (the intervals
 * reflect the sampling of items, with the raters held as they are). Percentile intervals (R's quantile
 * type 7), NaN replicates (a statistic undefined in a resample) left out and counted.
 */
import { percentileInterval } from '../stats/quantile';
import { createRng, type Rng } from '../stats/random';

/** Bootstrap settings. */
export interface BootstrapSettings {
  /** Replicates (default 2000). */
  replicates?: number;
  /** Whole-number seed (required: the same seed gives the same intervals). */
  seed: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** An estimate with its percentile bootstrap interval. */
export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

/** An estimate with its interval and what the bootstrap did. */
export interface BootstrapEstimate extends Estimate {
  /** Replicates whose statistic was undefined (left out of the interval). */
  failed: number;
}

/** Checks settings; returns them with defaults filled in. `who` prefixes messages. */
export function checkBootstrapSettings(s: BootstrapSettings | undefined, who: string): Required<BootstrapSettings> {
  if (!s || typeof s !== 'object') throw new Error(`${who}: bootstrap settings { seed, replicates?, level? } are required`);
  const replicates = s.replicates ?? 2000;
  const level = s.level ?? 0.95;
  if (!Number.isInteger(s.seed)) throw new Error(`${who}: seed must be a whole number, got ${s.seed}`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new Error(`${who}: replicates must be a positive whole number, got ${replicates}`);
  if (!(level > 0 && level < 1)) throw new Error(`${who}: level must be between 0 and 1, got ${level}`);
  return { seed: s.seed, replicates, level };
}

/**
 * A seed for one analysis within a run: the user's seed mixed with a label (FNV-1a), so each group's
 * interval depends on the seed and its own name only, not on which other groups are present.
 * @example seedFor(1, 'group:gpt4') !== seedFor(1, 'overall')
 */
export function seedFor(seed: number, label: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}\u0000${label}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Fills `weights` with how often each of its items is drawn in one resample of the same size. */
export function drawItemWeights(rng: Rng, weights: Float64Array): Float64Array {
  const n = weights.length;
  weights.fill(0);
  for (let d = 0; d < n; d++) weights[rng.int(n)]!++;
  return weights;
}

/**
 * Runs `replicates` item resamples: `statistics(weights)` returns the statistics of one resample (item i
 * drawn weights[i] times). Returns the replicates per statistic.
 * @example itemBootstrap(40, (w) => [meanOf(w)], { seed: 1, replicates: 500 })
 */
export function itemBootstrap(nItems: number, statistics: (weights: Float64Array) => ArrayLike<number>, settings: BootstrapSettings): Float64Array[] {
  const s = checkBootstrapSettings(settings, 'itemBootstrap');
  if (!Number.isInteger(nItems) || nItems < 1) throw new Error(`itemBootstrap: need at least one item, got ${nItems}`);
  const rng = createRng(s.seed);
  const weights = new Float64Array(nItems);
  let out: Float64Array[] | null = null;
  for (let b = 0; b < s.replicates; b++) {
    const t = statistics(drawItemWeights(rng, weights));
    if (!out) out = Array.from({ length: t.length }, () => new Float64Array(s.replicates));
    for (let j = 0; j < t.length; j++) out[j]![b] = t[j]!;
  }
  return out!;
}

/** The estimate with the percentile interval of its replicates (NaN ones left out and counted). */
export function percentileEstimate(estimate: number, replicates: ArrayLike<number>, level = 0.95): BootstrapEstimate {
  let failed = 0;
  for (let b = 0; b < replicates.length; b++) if (Number.isNaN(replicates[b]!)) failed++;
  const [lower, upper] = failed === replicates.length ? [NaN, NaN] : percentileInterval(replicates, level);
  return { estimate, lower, upper, failed };
}
