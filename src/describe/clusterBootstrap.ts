/**
 * Bootstrap confidence intervals for group means that resample whole clusters (e.g. posts) with
 * replacement, keeping each cluster's rows together: the percentile interval of the group mean over
 * the replicates. It respects the range of the data: the bounds of a mean of non-negative values (a
 * percentage, a count) are never below zero, and a group whose values are all 0 gets [0, 0], where a
 * normal-theory interval would reach below zero.
 *
 * Example: clusterBootstrapMeans(rows.map((r) => ({ group: r.source, cluster: r.post, value: r.Emoji })), { seed: 1 })
 */
import { createRng } from '../stats/random';
import { percentileInterval } from '../stats/quantile';

/** One observation: its group (e.g. the model), its cluster (e.g. the post) and its value. */
export interface ClusteredValue {
  group: string;
  cluster: string | number;
  value: number;
}

/** Options of {@link clusterBootstrapMeans}. */
export interface ClusterBootstrapOptions {
  /** Number of replicates (default 2000). */
  replicates?: number;
  /** Whole-number seed of the generator (required: the same seed gives the same interval). */
  seed: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** A group's mean with its percentile bootstrap interval. */
export interface ClusterBootstrapMean {
  group: string;
  mean: number;
  lower: number;
  upper: number;
  /** Observations and clusters of the group. */
  n: number;
  clusters: number;
  /** The method in words, for a caption: "95% percentile bootstrap CI over 120 posts (2000 resamples)". */
  method: string;
}

/**
 * Mean of each group (groups in order of first appearance) with a percentile bootstrap interval
 * from resampling clusters. Throws on a non-finite value, naming its row (1-based).
 */
export function clusterBootstrapMeans(
  rows: readonly ClusteredValue[],
  options: ClusterBootstrapOptions,
  clusterName = 'clusters',
): ClusterBootstrapMean[] {
  const B = options.replicates ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new Error(`clusterBootstrapMeans: replicates must be a positive whole number (got ${B})`);
  if (!(level > 0 && level < 1)) throw new Error(`clusterBootstrapMeans: level must be between 0 and 1 (got ${level})`);
  if (rows.length === 0) throw new Error('clusterBootstrapMeans: no rows');
  const groups: string[] = [];
  const groupIndex = new Map<string, number>();
  const clusterIndex = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!Number.isFinite(r.value)) throw new Error(`clusterBootstrapMeans: row ${i + 1} (${r.group}, ${r.cluster}) has value ${r.value}`);
    if (!groupIndex.has(r.group)) groupIndex.set(r.group, groups.push(r.group) - 1);
    const c = String(r.cluster);
    if (!clusterIndex.has(c)) clusterIndex.set(c, clusterIndex.size);
  });
  const G = groups.length;
  const K = clusterIndex.size;
  // per cluster and group: sum and count
  const sum = new Float64Array(K * G);
  const count = new Float64Array(K * G);
  const clustersOf = Array.from({ length: G }, () => new Set<number>());
  for (const r of rows) {
    const g = groupIndex.get(r.group)!;
    const k = clusterIndex.get(String(r.cluster))!;
    sum[k * G + g]! += r.value;
    count[k * G + g]! += 1;
    clustersOf[g]!.add(k);
  }
  const rng = createRng(options.seed);
  const reps = Array.from({ length: G }, () => new Float64Array(B));
  const s = new Float64Array(G);
  const c = new Float64Array(G);
  for (let b = 0; b < B; b++) {
    s.fill(0);
    c.fill(0);
    for (let draw = 0; draw < K; draw++) {
      const k = rng.int(K);
      for (let g = 0; g < G; g++) {
        s[g]! += sum[k * G + g]!;
        c[g]! += count[k * G + g]!;
      }
    }
    // a replicate without any row of a group gives no mean for it (NaN, left out of the interval)
    for (let g = 0; g < G; g++) reps[g]![b] = c[g]! > 0 ? s[g]! / c[g]! : NaN;
  }
  const pct = Math.round(level * 1000) / 10;
  return groups.map((group, g) => {
    let total = 0;
    let n = 0;
    for (let k = 0; k < K; k++) {
      total += sum[k * G + g]!;
      n += count[k * G + g]!;
    }
    const [lower, upper] = percentileInterval(reps[g]!, level);
    const clusters = clustersOf[g]!.size;
    return { group, mean: total / n, lower, upper, n, clusters, method: `${pct}% percentile bootstrap CI over ${clusters} ${clusterName} (${B} resamples)` };
  });
}
