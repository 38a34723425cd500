import { describe, expect, it } from 'vitest';
import { clusterBootstrapMeans, type ClusteredValue } from '../../src/describe/clusterBootstrap';
import { createRng } from '../../src/stats/random';

/** 40 posts, three models; 'never' never uses the feature (all zeros), 'rare' uses it in 3 posts. */
function emojiLike(): ClusteredValue[] {
  const rows: ClusteredValue[] = [];
  for (let post = 1; post <= 40; post++) {
    rows.push({ group: 'often', cluster: post, value: post % 3 === 0 ? 0 : 1 + (post % 5) * 0.4 });
    rows.push({ group: 'rare', cluster: post, value: post % 13 === 0 ? 2.5 : 0 });
    rows.push({ group: 'never', cluster: post, value: 0 });
  }
  return rows;
}

describe('clusterBootstrapMeans', () => {
  it('gives each group its mean, in order of first appearance, with n and clusters', () => {
    const out = clusterBootstrapMeans(emojiLike(), { seed: 1, replicates: 500 });
    expect(out.map((m) => m.group)).toEqual(['often', 'rare', 'never']);
    const often = emojiLike().filter((r) => r.group === 'often').map((r) => r.value);
    expect(out[0]!.mean).toBeCloseTo(often.reduce((a, b) => a + b) / often.length, 14);
    expect(out[1]!.mean).toBeCloseTo((3 * 2.5) / 40, 14);
    expect(out.map((m) => [m.n, m.clusters])).toEqual([[40, 40], [40, 40], [40, 40]]);
    expect(out[0]!.method).toBe('95% percentile bootstrap CI over 40 posts (500 resamples)'.replace('posts', 'clusters'));
  });

  it('respects the bound of non-negative data: never below 0, [0, 0] for a group that is always 0', () => {
    const out = clusterBootstrapMeans(emojiLike(), { seed: 7 }, 'posts');
    for (const m of out) {
      expect(m.lower).toBeGreaterThanOrEqual(0);
      expect(m.lower).toBeLessThanOrEqual(m.mean);
      expect(m.upper).toBeGreaterThanOrEqual(m.mean);
    }
    expect(out[2]).toMatchObject({ mean: 0, lower: 0, upper: 0 });
    expect(out[1]!.lower).toBeGreaterThanOrEqual(0);
    expect(out[1]!.upper).toBeGreaterThan(out[1]!.mean);
    expect(out[0]!.method).toBe('95% percentile bootstrap CI over 40 posts (2000 resamples)');
  });

  it('is reproducible from its seed and changes with it', () => {
    const a = clusterBootstrapMeans(emojiLike(), { seed: 3, replicates: 300 });
    expect(clusterBootstrapMeans(emojiLike(), { seed: 3, replicates: 300 })).toEqual(a);
    expect(clusterBootstrapMeans(emojiLike(), { seed: 4, replicates: 300 })[0]!.lower).not.toBe(a[0]!.lower);
  });

  it('resamples clusters, not rows: rows of one cluster move together (interval within the range of cluster means)', () => {
    // two clusters with very different means, many rows each: a row bootstrap would give a narrow
    // interval around 5; the cluster bootstrap's replicates are 0, 5 or 10.
    const rows: ClusteredValue[] = [];
    for (let i = 0; i < 50; i++) rows.push({ group: 'g', cluster: 'a', value: 0 }, { group: 'g', cluster: 'b', value: 10 });
    const [m] = clusterBootstrapMeans(rows, { seed: 11, replicates: 1000 });
    expect(m!.mean).toBe(5);
    expect([m!.lower, m!.upper]).toEqual([0, 10]);
  });

  it('covers the true mean in about 95% of simulated studies (sanity, 200 studies)', () => {
    const rng = createRng(2024);
    let covered = 0;
    const studies = 200;
    for (let s = 0; s < studies; s++) {
      const rows: ClusteredValue[] = [];
      for (let post = 0; post < 30; post++) {
        const postEffect = rng.normal();
        for (let j = 0; j < 3; j++) rows.push({ group: 'g', cluster: post, value: 2 + postEffect + 0.5 * rng.normal() });
      }
      const [m] = clusterBootstrapMeans(rows, { seed: s + 1, replicates: 400 });
      if (m!.lower <= 2 && 2 <= m!.upper) covered++;
    }
    // percentile intervals run a little short with 30 clusters; binomial SD at 0.93 is 1.8%
    expect(covered / studies).toBeGreaterThan(0.86);
    expect(covered / studies).toBeLessThan(0.99);
  });

  it('rejects bad input with the row named', () => {
    expect(() => clusterBootstrapMeans([], { seed: 1 })).toThrow(/no rows/);
    expect(() => clusterBootstrapMeans([{ group: 'g', cluster: 1, value: 1 }, { group: 'g', cluster: 2, value: NaN }], { seed: 1 })).toThrow(/row 2 \(g, 2\) has value NaN/);
    expect(() => clusterBootstrapMeans(emojiLike(), { seed: 1, replicates: 0 })).toThrow(/replicates/);
    expect(() => clusterBootstrapMeans(emojiLike(), { seed: 1, level: 95 })).toThrow(/level/);
  });
});
