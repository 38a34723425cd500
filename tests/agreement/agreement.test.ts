/**
 * raterAgreement: the four headline numbers per source and pooled against R (performance::icc's ICC(2,1)
 * from lme4 REML components; ICC(2,k) from the same components), alpha against krippendorffAlpha on the
 * same rows, seeded bootstrap (deterministic, per-group streams, moment vs REML-refit replicates on
 * complete data, sanity coverage), counts and errors.
 */
import { describe, expect, it } from 'vitest';
import { agreementHeadline, iccCrossed, krippendorffAlpha, raterAgreement, reliabilityMatrix, type RatingRow } from '../../src/agreement/index';
import { createRng } from '../../src/stats/random';
import { readCase, rowsOf } from './reference';

describe('raterAgreement against R', () => {
  const ref = readCase('by_source');
  const rows = rowsOf(ref);
  const a = raterAgreement(rows, { seed: 11, replicates: 300, scale: { min: 1, max: 7 } });

  it('gives one result per source, in order of appearance, and the pooled one', () => {
    expect(a.groups.map((g) => g.group)).toEqual(ref.groups!.map((g) => g.group));
    expect(a.overall.group).toBeNull();
  });

  it('icc_single = performance::icc by_group "item" and icc_average = ICC(2,k) of the lme4 components, k = mean ratings per item (1e-6)', () => {
    const pairs = [...ref.groups!.map((g, i) => [a.groups[i]!, g] as const), [a.overall, ref.overall!] as const];
    for (const [ours, r] of pairs) {
      expect(Math.abs(ours.icc_single.estimate - r.performance.icc2_by_group_item)).toBeLessThan(1e-6);
      expect(ours.k).toBeCloseTo(r.counts.mean_ratings_per_item, 12);
      const want = iccCrossed(r.reml_crossed, r.counts.mean_ratings_per_item).ICC2k;
      expect(Math.abs(ours.icc_average.estimate - want)).toBeLessThan(1e-6);
      expect(ours.counts).toMatchObject({ rows: r.counts.rows, ratings: r.counts.ratings, missing: r.counts.missing, items: r.counts.items, raters: r.counts.raters });
    }
  });

  it('alpha_interval and alpha_ordinal equal krippendorffAlpha of the same ratings as a raters x units matrix', () => {
    for (const g of a.groups) {
      const m = reliabilityMatrix(rows.filter((r) => r.group === g.group)).values;
      expect(g.alpha_interval.estimate).toBeCloseTo(krippendorffAlpha(m, 'interval').alpha, 12);
      expect(g.alpha_ordinal.estimate).toBeCloseTo(krippendorffAlpha(m, 'ordinal').alpha, 12);
      expect(g.counts.pairableValues).toBeCloseTo(krippendorffAlpha(m, 'interval').pairableValues, 12);
    }
    const m = reliabilityMatrix(rows, { byGroup: true }).values;
    expect(a.overall.alpha_interval.estimate).toBeCloseTo(krippendorffAlpha(m, 'interval').alpha, 12);
    expect(a.overall.alpha_ordinal.estimate).toBeCloseTo(krippendorffAlpha(m, 'ordinal').alpha, 12);
  });

  it('every interval brackets its estimate, nothing failed, and the headline has exactly results.json fields', () => {
    for (const r of [a.overall, ...a.groups]) {
      for (const e of [r.icc_single, r.icc_average, r.alpha_interval, r.alpha_ordinal]) {
        expect(e.lower).toBeLessThan(e.estimate);
        expect(e.upper).toBeGreaterThan(e.estimate);
        expect(e.failed).toBe(0);
      }
    }
    const h = agreementHeadline(a.overall);
    expect(Object.keys(h)).toEqual(['icc_single', 'icc_average', 'alpha_interval', 'alpha_ordinal']);
    for (const e of Object.values(h)) expect(Object.keys(e)).toEqual(['estimate', 'lower', 'upper']);
    expect(a.method).toMatch(/95% percentile bootstrap CIs over items \(300 resamples, seed 11; raters not resampled; ICC replicates by moment estimates\)/);
  });
});

describe('raterAgreement bootstrap', () => {
  const rows = rowsOf(readCase('by_source'));

  it('is deterministic for a seed and changes with the seed', () => {
    const x = raterAgreement(rows, { seed: 3, replicates: 200 });
    const y = raterAgreement(rows, { seed: 3, replicates: 200 });
    const z = raterAgreement(rows, { seed: 4, replicates: 200 });
    expect(JSON.stringify(x.groups.map(agreementHeadline))).toBe(JSON.stringify(y.groups.map(agreementHeadline)));
    expect(agreementHeadline(x.overall)).toEqual(agreementHeadline(y.overall));
    expect(x.overall.icc_single.lower).not.toBe(z.overall.icc_single.lower);
    expect(x.overall.icc_single.estimate).toBe(z.overall.icc_single.estimate);
  });

  it("a group's intervals depend on the seed and its own rows only, not on the other groups", () => {
    const all = raterAgreement(rows, { seed: 9, replicates: 200 });
    const human = raterAgreement(rows.filter((r) => r.group === 'human'), { seed: 9, replicates: 200 });
    expect(agreementHeadline(human.groups[0]!)).toEqual(agreementHeadline(all.groups.find((g) => g.group === 'human')!));
  });

  it('on complete data, moment and REML-refit replicates give the same intervals (moments = ANOVA = REML there)', () => {
    const complete = rowsOf(readCase('complete_crossed'));
    const m = raterAgreement(complete, { seed: 2, replicates: 40 });
    const r = raterAgreement(complete, { seed: 2, replicates: 40, iccBootstrap: 'refit' });
    expect(r.settings.iccBootstrap).toBe('refit');
    for (const key of ['icc_single', 'icc_average'] as const) {
      expect(Math.abs(m.overall[key].lower - r.overall[key].lower)).toBeLessThan(1e-5);
      expect(Math.abs(m.overall[key].upper - r.overall[key].upper)).toBeLessThan(1e-5);
    }
    expect(agreementHeadline(m.overall).alpha_ordinal).toEqual(agreementHeadline(r.overall).alpha_ordinal);
  });

  it('sanity coverage: 90% intervals of ICC(2,1) and ICC(2,k) cover the true values in most of 60 simulated incomplete studies', () => {
    // 40 items, 60 raters rating 8 random items each; s2_item 0.5, s2_rater 0.3, s2_e 1.
    const truth = { item: 0.5, rater: 0.3, residual: 1 };
    let single = 0;
    let average = 0;
    const sims = 60;
    for (let s = 0; s < sims; s++) {
      const rng = createRng(500 + s);
      const a = Array.from({ length: 40 }, () => Math.sqrt(truth.item) * rng.normal());
      const rows: RatingRow[] = [];
      for (let j = 0; j < 60; j++) {
        const b = Math.sqrt(truth.rater) * rng.normal();
        const seen = new Set<number>();
        while (seen.size < 8) seen.add(rng.int(40));
        for (const i of seen) rows.push({ rater: j, item: i, rating: a[i]! + b + rng.normal() });
      }
      const r = raterAgreement(rows, { seed: s + 1, replicates: 200, level: 0.9 }).overall;
      const t = iccCrossed(truth, r.k);
      if (r.icc_single.lower <= t.ICC2 && t.ICC2 <= r.icc_single.upper) single++;
      if (r.icc_average.lower <= t.ICC2k && t.ICC2k <= r.icc_average.upper) average++;
    }
    // Binomial(60, 0.9): 95% of runs in 50..58; below 46 (77%) means a broken interval.
    expect(single).toBeGreaterThanOrEqual(46);
    expect(average).toBeGreaterThanOrEqual(46);
    expect(single).toBeLessThan(sims);
  });
});

describe('raterAgreement designs, counts and errors', () => {
  /** 3 rater groups x 5 raters, each group rating its own 10 items, 4 ratings missing. */
  function nested(): RatingRow[] {
    const c = readCase('nested_groups');
    const rows = rowsOf(c);
    [3, 40, 77, 120].forEach((i) => (rows[i] = { ...rows[i]!, rating: null }));
    rows.push({ rater: 'r01', item: 'i99', rating: undefined });
    return rows;
  }

  it('handles raters nested in groups and counts missing ratings (an item with no rating is not an item)', () => {
    const r = raterAgreement(nested(), { seed: 1, replicates: 100 }).overall;
    expect(r.counts).toMatchObject({ rows: 151, ratings: 146, missing: 5, items: 30, raters: 15, pairableItems: 30, singleRatingItems: 0, minRatingsPerItem: 4, maxRatingsPerItem: 5 });
    expect(r.k).toBeCloseTo(146 / 30, 12);
    expect(Number.isFinite(r.icc_single.lower)).toBe(true);
  });

  it('names the row, rater and item of a bad rating', () => {
    const rows = nested();
    expect(() => raterAgreement([...rows, { rater: 'x', item: 'y', rating: 'high' as unknown as number }], { seed: 1 })).toThrow(/row 152 \(rater "x", item "y"\): rating "high" is not a number/);
    expect(() => raterAgreement(rows, { seed: 1, scale: { min: 1, max: 5 } })).toThrow(/row \d+ \(rater "r\d+", item "i\d+"\): rating [67] is outside the scale 1\.\.5/);
    expect(() => raterAgreement(rows, { seed: 1, scale: [1, 2, 3, 4, 5] })).toThrow(/outside the scale \{1, 2, 3, 4, 5\}/);
    expect(() => raterAgreement([...rows, { rater: 'r01', item: 'i01', rating: 3 }], { seed: 1 })).toThrow(/row 152 \(rater "r01", item "i01"\) repeats a rating of row 1/);
    expect(() => raterAgreement([{ rater: '', item: 1, rating: 2 }], { seed: 1 })).toThrow(/row 1 has no rater/);
    expect(() => raterAgreement([{ rater: 'a', item: 1, rating: 2, group: 'g' }, { rater: 'a', item: 2, rating: 2 }], { seed: 1 })).toThrow(/row 2 .* has no group, but row 1 has group "g"/);
    expect(() => raterAgreement([], { seed: 1 })).toThrow(/no rows/);
  });

  it('names a design that cannot give ICC(2) or alpha', () => {
    const one: RatingRow[] = [1, 2, 3].flatMap((i) => [{ rater: 'a', item: i, rating: i }]);
    expect(() => raterAgreement(one, { seed: 1 })).toThrow(/at least 2 raters, got 1/);
    const perItem: RatingRow[] = [1, 2, 3].flatMap((i) => [{ rater: `a${i}`, item: i, rating: i }, { rater: `b${i}`, item: i, rating: i + 1 }]);
    expect(() => raterAgreement(perItem, { seed: 1 })).toThrow(/no rater rated two or more items, so rater and residual variance cannot be separated .*ICC1 \(one-way model\)/);
    const noPairs: RatingRow[] = [{ rater: 'a', item: 1, rating: 1 }, { rater: 'a', item: 2, rating: 2 }, { rater: 'b', item: 3, rating: 1 }, { rater: 'b', item: 4, rating: 3 }];
    expect(() => raterAgreement(noPairs, { seed: 1 })).toThrow(/no item has two or more ratings/);
    const flat: RatingRow[] = ['a', 'b'].flatMap((r) => [1, 2, 3].map((i) => ({ rater: r, item: i, rating: 4 })));
    expect(() => raterAgreement(flat, { seed: 1 })).toThrow(/alpha is undefined: every rating .* is 4/);
    const grouped = nested().map((r) => ({ ...r, group: r.item === 'i01' ? 'tiny' : 'big' }));
    expect(() => raterAgreement(grouped, { seed: 1 })).toThrow(/group "tiny"\): agreement needs at least 2 rated items, got 1/);
  });

  it('names bad options', () => {
    const rows = nested();
    expect(() => raterAgreement(rows, {} as never)).toThrow(/seed must be a whole number/);
    expect(() => raterAgreement(rows, { seed: 1, iccBootstrap: 'parametric' as never })).toThrow(/iccBootstrap must be 'moments' or 'refit'/);
    expect(() => raterAgreement(rows, { seed: 1, k: 0 })).toThrow(/k must be a number >= 1, got 0/);
  });

  it('k overrides the number of ratings averaged in icc_average', () => {
    const r = raterAgreement(nested(), { seed: 1, replicates: 50, k: 10 }).overall;
    expect(r.k).toBe(10);
    expect(r.icc_average.estimate).toBeCloseTo(iccCrossed(r.components, 10).ICC2k, 14);
  });
});
