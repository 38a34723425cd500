/**
 * Power by simulation. The key check: for a balanced design whose contrast is estimated within post:rater
 * cells, the LMM's t statistic is a noncentral t with (C - 1)(K - 1) df, so the simulated power must agree
 * with the closed form (src/power/analytic.ts, itself checked against R's pt with ncp). Monte Carlo error:
 * with 200 data sets per design the power estimate has SE sqrt(p (1 - p) / 200) ~ 0.035; the check is that
 * the closed form lies inside the 99% Clopper-Pearson interval (a fixed seed: the outcome is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { clmmEffectForDifference, clmmExpectedRating, lmmScenario, powerCurve, ratingTable, simulateRatings, withinCellContrastPower, type ClmmScenario, type LmmScenario } from '../../src/power/index';
import { marginalCategoryProbabilities } from '../../src/ordinal/index';
import { fitLmm } from '../../src/model/fit';
import { createRng } from '../../src/stats/random';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/util/paths';

const layout = { posts: 6, postsPerRater: 3, conditions: ['a', 'b', 'c'] };
const lmm: LmmScenario = { kind: 'lmm', means: { a: 0.5, b: 0, c: 0.2 }, sd: { rater: 0.5, post: 0.3, 'post:rater': 0.4 }, sigma: 1 };

describe('powerCurve (LMM analysis)', () => {
  it('agrees with the closed-form power of the within-cell contrast (noncentral t)', async () => {
    const res = await powerCurve({ scenario: lmm, layout, raters: [8, 16], nsim: 200, contrast: ['a', 'b'], seed: 11, jobs: 1, level: 0.99, log: () => undefined });
    expect(res.points.map((p) => p.raters)).toEqual([8, 16]);
    for (const p of res.points) {
      const exact = withinCellContrastPower({ effect: 0.5, sigma: 1, cells: p.raters * layout.postsPerRater, conditions: 3 });
      expect(p.nsim).toBe(200);
      expect(p.failures).toBe(0);
      expect(p.lower).toBeLessThanOrEqual(exact.power);
      expect(p.upper).toBeGreaterThanOrEqual(exact.power);
      // The mean estimate is unbiased (SE of the mean = se / sqrt(200)).
      expect(Math.abs(p.meanEstimate - 0.5)).toBeLessThan(4 * exact.se / Math.sqrt(200));
      expect(p.meanSe).toBeCloseTo(exact.se, 1);
    }
    // Power grows with the number of raters.
    expect(res.points[1]!.power).toBeGreaterThan(res.points[0]!.power);
  });

  it('gives the same numbers for the same seed with 1 or 2 worker threads, other numbers for another seed', async () => {
    const opts = { scenario: lmm, layout, raters: [6, 10], nsim: 5, contrast: ['a', 'c'] as [string, string], log: () => undefined };
    const one = await powerCurve({ ...opts, seed: 5, jobs: 1 });
    const two = await powerCurve({ ...opts, seed: 5, jobs: 2 });
    expect(two.jobs).toBe(2);
    expect(JSON.stringify(two.replicates)).toBe(JSON.stringify(one.replicates));
    const other = await powerCurve({ ...opts, seed: 6, jobs: 1 });
    expect(other.replicates.map((r) => r.p)).not.toEqual(one.replicates.map((r) => r.p));
  }, 120_000);

  it('states its running time estimate before the simulation starts, and reports progress', async () => {
    const events: string[] = [];
    await powerCurve({
      scenario: lmm, layout, raters: [6, 8], nsim: 4, contrast: ['a', 'b'], jobs: 1,
      log: (m) => events.push(`log ${m}`),
      onProgress: (done, total) => events.push(`progress ${done}/${total}`),
    });
    expect(events[0]).toMatch(/^log Power simulation: 2 designs \(6, 8 raters\) x 4 data sets = 8 fits \(LMM\) on 1 thread\. Pilot fits took .*estimated running time about \d+ (s|min)/);
    expect(events.filter((e) => e.startsWith('progress')).at(-1)).toBe('progress 8/8');
    expect(events.at(-1)).toMatch(/^log Power simulation done in/);
  });

  it('checks its input', async () => {
    await expect(powerCurve({ scenario: lmm, layout, raters: [6], contrast: ['a', 'x'], log: () => undefined })).rejects.toThrow(/'x' is not one of the conditions/);
    await expect(powerCurve({ scenario: lmm, layout, raters: [6], contrast: ['a', 'b'], analysis: 'clmm', log: () => undefined })).rejects.toThrow(/needs ordinal data/);
    await expect(powerCurve({ scenario: lmm, layout: { ...layout, postsPerRater: 9 }, raters: [6], contrast: ['a', 'b'], log: () => undefined })).rejects.toThrow(/postsPerRater/);
  });
});

describe('simulated data', () => {
  it('LMM scenario: condition means and the variance decomposition', () => {
    const table = ratingTable({ posts: 120, postsPerRater: 10, conditions: ['a', 'b', 'c'] }, 400);
    const y = simulateRatings(lmm, ['a', 'b', 'c'], 120, table, createRng(3));
    const byCond = [0, 1, 2].map((c) => y.filter((_, i) => table.condition[i] === c));
    const n = byCond[0]!.length;
    const totalSd = Math.sqrt(0.25 + 0.09 + 0.16 + 1);
    byCond.forEach((v, c) => {
      const m = v.reduce((a, b) => a + b, 0) / n;
      // SE of a condition mean is dominated by the rater and post effects: sqrt(0.25/400 + 0.09/120 + (0.16 + 1)/n)
      expect(Math.abs(m - [0.5, 0, 0.2][c]!)).toBeLessThan(4 * Math.sqrt(0.25 / 400 + 0.09 / 120 + 1.16 / n));
    });
    const resid = Array.from(y, (v, i) => v - [0.5, 0, 0.2][table.condition[i]!]!);
    const sd = Math.sqrt(resid.reduce((a, b) => a + b * b, 0) / resid.length);
    expect(Math.abs(sd - totalSd)).toBeLessThan(0.05);
  });

  it('CLMM scenario: category frequencies follow the population-averaged probabilities', () => {
    const s: ClmmScenario = { kind: 'clmm', thresholds: [-3, -1.5, 0, 1.6], effects: { a: 1, b: 0 }, sd: { rater: 0.8, post: 0.4 } };
    const table = ratingTable({ posts: 200, postsPerRater: 20, conditions: ['a', 'b'] }, 600);
    const y = simulateRatings(s, ['a', 'b'], 200, table, createRng(9));
    for (const [c, name] of [[0, 'a'], [1, 'b']] as const) {
      const v = y.filter((_, i) => table.condition[i] === c);
      const p = marginalCategoryProbabilities(s.thresholds, s.effects[name]!, Math.sqrt(0.64 + 0.16));
      for (let j = 0; j < 5; j++) {
        const f = v.filter((x) => x === j + 1).length / v.length;
        // Clustering inflates the SE of a frequency; allow 6 binomial SEs.
        expect(Math.abs(f - p[j]!)).toBeLessThan(6 * Math.sqrt((p[j]! * (1 - p[j]!)) / v.length) + 0.01);
      }
    }
  });

  it('poses an expected-rating difference on the ordinal scale', () => {
    const s: ClmmScenario = { kind: 'clmm', thresholds: [-5.3, -3.3, -1.6, 0.6], effects: { gpt4: 0, llama2: 0, mistral: -0.8 }, sd: { rater: 1.8, post: 0.5, 'post:rater': 0.6 } };
    const e = clmmEffectForDifference(s, 'gpt4', 'llama2', -0.1);
    expect(e).toBeLessThan(0);
    const moved = { ...s, effects: { ...s.effects, llama2: e } };
    expect(clmmExpectedRating(moved, 'llama2') - clmmExpectedRating(moved, 'gpt4')).toBeCloseTo(-0.1, 8);
  });

  it('a CLMM analysis of simulated ordinal data runs and gives finite tests', async () => {
    const s: ClmmScenario = { kind: 'clmm', thresholds: [-2.5, -1, 0.5, 2], effects: { a: 0.6, b: 0, c: 0.2 }, sd: { rater: 0.8, post: 0.4 } };
    const res = await powerCurve({ scenario: s, layout, raters: [20], nsim: 3, contrast: ['a', 'b'], analysis: 'clmm', formula: 'rating ~ source + (1 | post) + (1 | rater)', jobs: 1, log: () => undefined });
    expect(res.points[0]!.failures).toBe(0);
    for (const r of res.replicates) {
      expect(r.df).toBe(Infinity);
      expect(r.p).toBeGreaterThan(0);
      expect(r.p).toBeLessThanOrEqual(1);
      expect(Math.abs(r.estimate - 0.6)).toBeLessThan(5 * r.se);
    }
  });
});

describe('lmmScenario', () => {
  it('takes means and SDs from a fitted LMM, with a replaced mean and mapped group names', () => {
    const rows = parse(readFileSync(fromRoot('tests/reference/datasets/crossed4.csv')), { columns: true }) as Record<string, string>[];
    const fit = fitLmm('y ~ cond + (1 | subj) + (1 | item)', rows.map((r) => ({ ...r, y: Number(r.y) })));
    const s = lmmScenario(fit, { factor: 'cond', roles: { rater: 'subj', post: 'item' }, means: { c2: 1.5 } });
    const vc = fit.varcorr().sd;
    expect(s.sigma).toBe(fit.sigma);
    expect(s.sd.rater).toBe(vc.find((r) => r.group === 'subj')!.sd);
    expect(s.sd.post).toBe(vc.find((r) => r.group === 'item')!.sd);
    expect(s.means.c1).toBeCloseTo(fit.beta[0]!, 12);
    expect(s.means.c3).toBeCloseTo(fit.beta[0]! + fit.beta[2]!, 12);
    expect(s.means.c2).toBe(1.5);
    expect(() => lmmScenario(fit, { factor: 'cond' })).toThrow(/random effects for 'subj', 'item'/);
  });
});
