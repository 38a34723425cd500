import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { groupKFold, holdoutSplit, repeatedGroupKFold, type Fold } from '../../src/style/splits';

/** Groups that appear on both sides of a split (must be none). */
function leakedGroups(fold: Fold, groups: readonly (string | number)[]): string[] {
  const train = new Set(fold.train.map((i) => String(groups[i])));
  return [...new Set(fold.test.map((i) => String(groups[i])))].filter((g) => train.has(g));
}

describe('groupKFold', () => {
  const groups = Array.from({ length: 60 }, (_, i) => Math.floor(i / 3)); // 20 posts x 3 responses
  it('never puts a group in both train and test, and tests every row exactly once', () => {
    const folds = groupKFold(groups, 5, createRng(11));
    const tested = new Array<number>(groups.length).fill(0);
    for (const f of folds) {
      expect(leakedGroups(f, groups)).toEqual([]);
      expect(f.train.length + f.test.length).toBe(groups.length);
      expect(f.test.length).toBe(12); // 4 posts x 3
      for (const i of f.test) tested[i]!++;
    }
    expect(tested.every((c) => c === 1)).toBe(true);
  });
  it('is determined by the seed', () => {
    expect(repeatedGroupKFold(groups, { seed: 5, repeats: 3 })).toEqual(repeatedGroupKFold(groups, { seed: 5, repeats: 3 }));
    expect(repeatedGroupKFold(groups, { seed: 5, repeats: 3 })).not.toEqual(repeatedGroupKFold(groups, { seed: 6, repeats: 3 }));
    const r = repeatedGroupKFold(groups, { seed: 5, repeats: 2 });
    expect(r[0]).not.toEqual(r[1]); // repeats differ
  });
  it('has no leakage for any grouping, k and seed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 6, maxLength: 80 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 1e6 }), (gs, k, seed) => {
        fc.pre(new Set(gs).size >= k);
        const folds = groupKFold(gs, k, createRng(seed));
        const seen = new Set<number>();
        for (const f of folds) {
          if (leakedGroups(f, gs).length > 0) return false;
          for (const i of f.test) seen.add(i);
        }
        return seen.size === gs.length;
      }),
      { numRuns: 200 },
    );
  });
  it('rejects more folds than groups', () => {
    expect(() => groupKFold([1, 1, 2], 3, createRng(1))).toThrow(/only 2 distinct groups/);
  });
});

describe('holdoutSplit', () => {
  it('holds out round(10%) of rows, or whole groups when grouped', () => {
    const groups = Array.from({ length: 360 }, (_, i) => Math.floor(i / 3));
    const plain = holdoutSplit(360, createRng(1));
    expect(plain.test.length).toBe(36);
    expect(plain.train.length).toBe(324);
    const grouped = holdoutSplit(360, createRng(1), { groups });
    expect(grouped.test.length).toBe(36); // 12 of 120 posts
    expect(leakedGroups(grouped, groups)).toEqual([]);
    expect(holdoutSplit(360, createRng(1))).toEqual(plain);
  });
});
