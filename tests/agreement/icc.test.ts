/**
 * ICCs against R (tests/reference/R/agreement.R): REML variance components against lme4 at its tight
 * optimum, ICC(2,1) and ICC(1,1) against performance::icc, the six psych::ICC forms against psych (from
 * psych's own variance components: the formulas; from ours: the whole path), the ANOVA forms with their
 * F tests and F-based intervals against psych::ICC(lmer = FALSE), and the moment estimates against the
 * ANOVA mean squares on complete data.
 */
import { describe, expect, it } from 'vitest';
import {
  checkRatingRows,
  iccCrossed,
  iccFromComponents,
  iccFromFit,
  iccOneWay,
  iccShroutFleiss,
  iccTable,
  ICC_TYPES,
  indexRatings,
  momentComponents,
  momentData,
  type IccType,
} from '../../src/agreement/index';
import { fitLmm } from '../../src/model/index';
import { createRng } from '../../src/stats/random';
import { ICC_CASES, readCase, rowsOf } from './reference';

/** |a - b| <= tol * max(|b|, floor). */
function expectRel(a: number, b: number, tol: number, floor = 1e-3): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), floor));
}

describe('ICC against R (psych, performance, lme4)', () => {
  for (const name of ICC_CASES) {
    const ref = readCase(name);
    const complete = ref.psych_anova !== undefined;
    describe(name, () => {
      const table = iccTable(rowsOf(ref), { k: ref.psych.nj });

      it('counts ratings, missing ratings, items and raters as R does', () => {
        expect(table.counts).toMatchObject({ rows: ref.counts.rows, ratings: ref.counts.ratings, missing: ref.counts.missing, items: ref.counts.items, raters: ref.counts.raters });
        expect(table.counts.meanRatingsPerItem).toBeCloseTo(ref.counts.mean_ratings_per_item, 12);
      });

      it('REML variance components match lme4 (tight optimum) to 1e-5 relative', () => {
        expectRel(table.reml.crossed.item, ref.reml_crossed.item, 1e-5);
        expectRel(table.reml.crossed.rater, ref.reml_crossed.rater, 1e-5);
        expectRel(table.reml.crossed.residual, ref.reml_crossed.residual, 1e-5);
        expectRel(table.reml.oneWay.item, ref.reml_oneway.item, 1e-5);
        expectRel(table.reml.oneWay.residual, ref.reml_oneway.residual, 1e-5);
      });

      it('ICC2 = performance::icc(crossed, by_group = TRUE) "item" and ICC1 = performance::icc(one-way) adjusted, to 1e-6', () => {
        const get = (t: IccType) => table.rows.find((r) => r.type === t)!.estimate;
        expect(Math.abs(get('ICC2') - ref.performance.icc2_by_group_item)).toBeLessThan(1e-6);
        expect(Math.abs(get('ICC1') - ref.performance.icc1_adjusted)).toBeLessThan(1e-6);
      });

      it("the formulas give psych's ICC2, ICC3, ICC2k, ICC3k from psych's own components (k = its columns) to 1e-10", () => {
        const r = iccCrossed({ item: ref.psych.lme.id, rater: ref.psych.lme.items, residual: ref.psych.lme.residual }, ref.psych.nj);
        for (const t of ['ICC2', 'ICC3', 'ICC2k', 'ICC3k'] as const) {
          expect(Math.abs(r[t] - ref.psych.icc.find((x) => x.type === t)!.ICC)).toBeLessThan(1e-10);
        }
      });

      it("our ICC2, ICC3, ICC2k, ICC3k match psych's (lme4's default optimizer there) to 1e-5", () => {
        for (const t of ['ICC2', 'ICC3', 'ICC2k', 'ICC3k'] as const) {
          expect(Math.abs(table.rows.find((r) => r.type === t)!.estimate - ref.psych.icc.find((x) => x.type === t)!.ICC)).toBeLessThan(1e-5);
        }
      });

      if (complete) {
        const anova = ref.psych_anova!;
        it('all six forms match psych::ICC(lmer = FALSE) on complete data to 1e-6', () => {
          for (const t of ICC_TYPES) {
            expect(Math.abs(table.rows.find((r) => r.type === t)!.estimate - anova.results.find((x) => x.type === t)!.ICC)).toBeLessThan(1e-6);
          }
        });

        it('iccShroutFleiss reproduces psych::ICC(lmer = FALSE): ICC and F to 1e-10, p to 1e-8, F-based bounds to 1e-8', () => {
          const items = [...new Set(ref.data.item)];
          const raters = [...new Set(ref.data.rater)];
          const x = items.map(() => raters.map(() => NaN));
          ref.data.item.forEach((it, i) => (x[items.indexOf(it)]![raters.indexOf(ref.data.rater[i]!)] = ref.data.rating[i]!));
          const sf = iccShroutFleiss(x);
          expectRel(sf.MSB, anova.MSB, 1e-12);
          expectRel(sf.MSJ, anova.MSJ, 1e-12);
          expectRel(sf.MSE, anova.MSE, 1e-12);
          sf.rows.forEach((row, j) => {
            const r = anova.results[j]!;
            expect(row.type).toBe(r.type);
            expectRel(row.icc, r.ICC, 1e-10);
            expectRel(row.F, r.F, 1e-10);
            expect([row.df1, row.df2]).toEqual([r.df1, r.df2]);
            expectRel(row.p, r.p, 1e-8, 1e-300);
            expect(Math.abs(row.lower - r.lower)).toBeLessThan(1e-8);
            expect(Math.abs(row.upper - r.upper)).toBeLessThan(1e-8);
          });
        });

        it('moment estimates equal the two-way ANOVA estimates on complete data (1e-10)', () => {
          const n = ref.psych.n_obs;
          const k = ref.psych.nj;
          const m = momentComponents(momentData(indexRatings(checkRatingRows(rowsOf(ref)))));
          expectRel(m.crossed.item, (anova.MSB - anova.MSE) / k, 1e-10);
          expectRel(m.crossed.rater, (anova.MSJ - anova.MSE) / n, 1e-10);
          expectRel(m.crossed.residual, anova.MSE, 1e-10);
          // one-way: MSW = (SS_J + SS_E) / (n (k - 1)); item = (MSB - MSW) / k
          const msw = (anova.MSJ * (k - 1) + anova.MSE * (n - 1) * (k - 1)) / (n * (k - 1));
          expectRel(m.oneWay.residual, msw, 1e-10);
          expectRel(m.oneWay.item, (anova.MSB - msw) / k, 1e-10);
        });
      } else {
        it("ICC1 on incomplete data is the one-way model's, not psych's crossed-components ICC1 (they differ here)", () => {
          const ours = table.rows.find((r) => r.type === 'ICC1')!.estimate;
          const psych = ref.psych.icc.find((x) => x.type === 'ICC1')!.ICC;
          expect(Math.abs(ours - ref.performance.icc1_adjusted)).toBeLessThan(1e-6);
          expect(Math.abs(ours - psych)).toBeGreaterThan(1e-3);
        });
      }
    });
  }

  it('per source and pooled (item = source:post): ICC2 = performance::icc by_group "item" to 1e-6', () => {
    const ref = readCase('by_source');
    const rows = rowsOf(ref);
    for (const g of ref.groups!) {
      const t = iccTable(rows.filter((r) => r.group === g.group));
      expect(t.counts.missing).toBe(g.counts.missing);
      expect(Math.abs(t.rows.find((r) => r.type === 'ICC2')!.estimate - g.performance.icc2_by_group_item)).toBeLessThan(1e-6);
      expect(Math.abs(t.rows.find((r) => r.type === 'ICC1')!.estimate - g.performance.icc1_adjusted)).toBeLessThan(1e-6);
    }
    const pooled = iccTable(rows);
    expect(pooled.counts.items).toBe(ref.overall!.counts.items);
    expect(Math.abs(pooled.rows.find((r) => r.type === 'ICC2')!.estimate - ref.overall!.performance.icc2_by_group_item)).toBeLessThan(1e-6);
  });

  it('one-way design (each item its own raters): ICC1 = performance::icc(one-way) to 1e-6, the two-way forms NaN with a note', () => {
    const ref = readCase('one_way');
    const t = iccTable(rowsOf(ref));
    expect(t.counts).toMatchObject({ ratings: ref.counts.ratings, missing: ref.counts.missing, items: ref.counts.items, raters: ref.counts.raters, ratersWithSeveralItems: 0 });
    expectRel(t.reml.oneWay.item, ref.reml_oneway.item, 1e-5);
    expectRel(t.reml.oneWay.residual, ref.reml_oneway.residual, 1e-5);
    expect(Math.abs(t.rows.find((r) => r.type === 'ICC1')!.estimate - ref.performance.icc1_adjusted)).toBeLessThan(1e-6);
    for (const type of ['ICC2', 'ICC3', 'ICC2k', 'ICC3k'] as const) expect(t.rows.find((r) => r.type === type)!.estimate).toBeNaN();
    expect(t.fits.crossed).toBeNull();
    expect(t.notes[0]).toMatch(/no rater rated two or more items/);
    const b = iccTable(rowsOf(ref), { bootstrap: { seed: 1, replicates: 200 } });
    const icc1 = b.rows.find((r) => r.type === 'ICC1')!;
    expect(icc1.lower!).toBeLessThan(icc1.estimate);
    expect(icc1.upper!).toBeGreaterThan(icc1.estimate);
    expect(b.rows.find((r) => r.type === 'ICC2')!.failed).toBe(200);
  });

  it('iccFromFit on the paper-style model (fixed source, post:rater term) = performance::icc by_group "post" to 1e-6', () => {
    const ref = readCase('by_source');
    const pm = ref.paper_model!;
    const data = ref.data.item.map((post, i) => ({ rating: ref.data.rating[i], source: ref.source![i]!, post, rater: ref.data.rater[i]! }));
    const fit = fitLmm(pm.formula, data, { reference: { source: pm.reference } });
    const r = iccFromFit(fit, { item: 'post', rater: 'rater' });
    expectRel(r.components.other, pm.varcorr['post:rater']!, 1e-5);
    expect(Math.abs(r.icc.ICC2! - pm.by_group.find((g) => g.group === 'post')!.ICC)).toBeLessThan(1e-6);
    // The rater's own by_group row: its variance over the same total.
    const total = r.components.item + r.components.rater! + r.components.other + r.components.residual;
    expect(Math.abs(r.components.rater! / total - pm.by_group.find((g) => g.group === 'rater')!.ICC)).toBeLessThan(1e-6);
    // Without a rater term: the ICC1 forms; k defaults to observations per item level.
    const one = iccFromFit(fitLmm('rating ~ 1 + (1 | post)', data), { item: 'post' });
    expect(Object.keys(one.icc).sort()).toEqual(['ICC1', 'ICC1k']);
    expect(one.k).toBeCloseTo(data.filter((d) => d.rating !== null).length / 20, 12);
  });
});

describe('moment estimates of the variance components', () => {
  /** Incomplete crossed design: 40 items, 30 raters rating 8 random items each. */
  function simulate(seed: number, v = { item: 0.5, rater: 0.3, residual: 1 }) {
    const rng = createRng(seed);
    const a = Array.from({ length: 40 }, () => Math.sqrt(v.item) * rng.normal());
    const rows: { rater: number; item: number; rating: number }[] = [];
    for (let j = 0; j < 30; j++) {
      const b = Math.sqrt(v.rater) * rng.normal();
      const seen = new Set<number>();
      while (seen.size < 8) seen.add(rng.int(40));
      for (const i of seen) rows.push({ rater: j, item: i, rating: a[i]! + b + Math.sqrt(v.residual) * rng.normal() });
    }
    return rows;
  }

  it('are unbiased on an incomplete design: means over 400 simulated studies within 4 standard errors of the truth', () => {
    const sims = 400;
    const est = { item: [] as number[], rater: [] as number[], residual: [] as number[], oneWayItem: [] as number[], oneWayResidual: [] as number[] };
    for (let s = 0; s < sims; s++) {
      const d = indexRatings(checkRatingRows(simulate(s + 1)));
      const m = momentComponents(momentData(d));
      est.item.push(m.crossed.item);
      est.rater.push(m.crossed.rater);
      est.residual.push(m.crossed.residual);
      // The one-way model ignores the raters: its residual estimates s2_rater + s2_e, and its item
      // variance s2_item - s2_rater (sum m_j^2 - N) / (N^2 - sum n_i^2) (raters shared across items).
      const n = d.items.map((_, i) => d.item.filter((x) => x === i).length);
      const mj = d.raters.map((_, j) => d.rater.filter((x) => x === j).length);
      const N = d.y.length;
      const bias = (0.3 * (mj.reduce((a, x) => a + x * x, 0) - N)) / (N * N - n.reduce((a, x) => a + x * x, 0));
      est.oneWayItem.push(m.oneWay.item + bias);
      est.oneWayResidual.push(m.oneWay.residual);
    }
    const check = (xs: number[], truth: number) => {
      const mean = xs.reduce((a, b) => a + b) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(mean - truth)).toBeLessThan((4 * sd) / Math.sqrt(xs.length));
    };
    check(est.item, 0.5);
    check(est.rater, 0.3);
    check(est.residual, 1);
    check(est.oneWayItem, 0.5);
    check(est.oneWayResidual, 1.3);
  });

  it('with item weights equal the estimates on the data with items copied (copies as new items)', () => {
    const rows = simulate(99);
    const d = indexRatings(checkRatingRows(rows));
    const rng = createRng(7);
    const w = Float64Array.from(d.items, () => rng.int(3));
    const copied = rows.flatMap((r) => {
      const i = d.items.indexOf(String(r.item));
      return Array.from({ length: w[i]! }, (_, c) => ({ ...r, item: `${r.item}.${c}` }));
    });
    const a = momentComponents(momentData(d), w);
    const b = momentComponents(momentData(indexRatings(checkRatingRows(copied))));
    for (const key of ['item', 'rater', 'residual'] as const) expect(a.crossed[key]).toBeCloseTo(b.crossed[key], 10);
    expect(a.oneWay.item).toBeCloseTo(b.oneWay.item, 10);
    expect(a.oneWay.residual).toBeCloseTo(b.oneWay.residual, 10);
  });
});

describe('ICC formulas', () => {
  it("Shrout & Fleiss (1979)'s published values (two decimals): .17 .29 .71 .44 .62 .91", () => {
    const x = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];
    expect(iccShroutFleiss(x).rows.map((r) => Math.round(r.icc * 100) / 100)).toEqual([0.17, 0.29, 0.71, 0.44, 0.62, 0.91]);
  });

  it('average forms are the Spearman-Brown step-up of the single forms', () => {
    const c = { crossed: { item: 0.7, rater: 0.3, residual: 1.1 }, oneWay: { item: 0.65, residual: 1.5 } };
    const k = 5.8;
    const r = iccFromComponents(c, k);
    const sb = (x: number) => (k * x) / (1 + (k - 1) * x);
    expect(r.ICC1k).toBeCloseTo(sb(r.ICC1), 14);
    expect(r.ICC2k).toBeCloseTo(sb(r.ICC2), 14);
    expect(r.ICC3k).toBeCloseTo(sb(r.ICC3), 14);
    expect(r.ICC2).toBeCloseTo(0.7 / 2.1, 14);
    expect(r.ICC3).toBeCloseTo(0.7 / 1.8, 14);
  });

  it('negative (moment) components count as 0; all zero gives NaN; k below 1 is an error', () => {
    expect(iccCrossed({ item: -0.1, rater: 0.2, residual: 1 }, 3).ICC2).toBe(0);
    expect(iccCrossed({ item: 1, rater: -0.2, residual: 1 }, 3).ICC2).toBe(0.5);
    expect(iccOneWay({ item: 0, residual: 0 }, 2).ICC1).toBeNaN();
    expect(() => iccCrossed({ item: 1, rater: 1, residual: 1 }, 0.5)).toThrow(/k .* must be a number >= 1, got 0.5/);
  });

  it('iccShroutFleiss names what is wrong', () => {
    expect(() => iccShroutFleiss([[1, 2]])).toThrow(/at least 2 items/);
    expect(() => iccShroutFleiss([[1], [2]])).toThrow(/at least 2 raters/);
    expect(() => iccShroutFleiss([[1, 2], [3]])).toThrow(/item row 2 has 1 ratings, row 1 has 2/);
    expect(() => iccShroutFleiss([[1, 2], [3, NaN]])).toThrow(/item row 2, rater 2: null is not a number .*complete data/);
  });

  it('iccFromFit names a missing item term and rejects random slopes', () => {
    const rows = readCase('complete_crossed');
    const data = rowsOf(rows).map((r) => ({ ...r, x: Number(String(r.rater).slice(1)) }));
    const fit = fitLmm('rating ~ 1 + (1 | item) + (1 | rater)', data);
    expect(() => iccFromFit(fit, { item: 'post' })).toThrow(/no random intercept for 'post' .*groups: item, rater/);
    expect(() => iccFromFit(fit, { rater: 'judge' })).toThrow(/no random intercept for 'judge'/);
    const slope = fitLmm('rating ~ x + (1 + x | item)', data);
    expect(() => iccFromFit(slope)).toThrow(/not a random intercept/);
  });
});
