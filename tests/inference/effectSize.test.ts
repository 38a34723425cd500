/**
 * Standardized effect sizes d = contrast / sqrt(sum of variance components):
 * - the point estimate against R (d computed from emmeans' contrast estimates in
 *   tests/reference/emmeans/crossed4_satterthwaite.json and lme4's VarCorr in tests/reference/lmm/crossed4.json);
 * - the parametric bootstrap: same seed -> same numbers, another seed -> other numbers, the progress
 *   callback sees every replicate;
 * - coverage sanity: on data simulated with a known d, the 95% percentile intervals cover it in most datasets.
 */
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { effectSizes, parametricBootstrap, percentileInterval, quantile, totalVariance } from '../../src/inference';
import { createRng } from '../../src/stats/random';
import { expectClose, fitForReference, readJson } from './helpers';

describe('effect size point estimate', () => {
  it('equals contrast / sqrt(total variance) from R', () => {
    const emmRef = readJson('tests', 'reference', 'emmeans', 'crossed4_satterthwaite.json');
    const lmmRef = readJson('tests', 'reference', 'lmm', 'crossed4.json');
    const total = lmmRef.varcorr.sd.reduce((s: number, r: { variance: number }) => s + r.variance, 0);
    const fit = fitForReference(emmRef);
    expectClose(totalVariance(fit), total, 1e-5, 0, 'total variance');
    const es = effectSizes(fit, 'cond', { replicates: 0 });
    const pairs = emmRef.contrasts.find((c: { method: string; adjust: string }) => c.method === 'pairwise' && c.adjust === 'none');
    es.rows.forEach((r, i) => {
      expect(r.contrast).toBe(pairs.rows[i].contrast);
      expectClose(r.d, pairs.rows[i].estimate / Math.sqrt(total), 1e-5, 1e-9, `d of ${r.contrast}`);
      expect(Number.isNaN(r.lower)).toBe(true);
    });
    // a subset of components: residual only
    const resid = lmmRef.varcorr.sd.find((r: { group: string }) => r.group === 'Residual').variance;
    const es2 = effectSizes(fit, 'cond', { replicates: 0, components: ['Residual'], method: 'trt.vs.ctrl' });
    const trt = emmRef.contrasts.find((c: { method: string; adjust: string }) => c.method === 'trt.vs.ctrl' && c.adjust === 'none');
    es2.rows.forEach((r, i) => expectClose(r.d, trt.rows[i].estimate / Math.sqrt(resid), 1e-5, 1e-9, `d (residual SD) of ${r.contrast}`));
    expect(() => effectSizes(fit, 'cond', { replicates: 0, components: ['nope'] })).toThrow(/unknown variance component 'nope'/);
  });
});

/** Random-intercept data with a two-level condition and a known standardized difference. */
function simulateStudy(seed: number, nSubj: number, delta: number, sdSubj: number, sdRes: number) {
  const rng = createRng(seed);
  const rows: { y: number; cond: string; subj: string }[] = [];
  for (let s = 0; s < nSubj; s++) {
    const u = sdSubj * rng.normal();
    for (let r = 0; r < 3; r++) for (const cond of ['a', 'b']) rows.push({ y: 10 + (cond === 'b' ? delta : 0) + u + sdRes * rng.normal(), cond, subj: `s${s}` });
  }
  return rows;
}

describe('effect size bootstrap', () => {
  const data = simulateStudy(3, 20, 0.6, 0.8, 1);
  const fit = fitLmm('y ~ cond + (1 | subj)', data);

  it('gives the same numbers for the same seed and reports progress', () => {
    const seen: number[] = [];
    const a = effectSizes(fit, 'cond', { replicates: 40, seed: 123, onProgress: (done, total) => seen.push(done / total) });
    const b = effectSizes(fit, 'cond', { replicates: 40, seed: 123 });
    const c = effectSizes(fit, 'cond', { replicates: 40, seed: 124 });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(Array.from(a.replicatesD[0]!)).toEqual(Array.from(b.replicatesD[0]!));
    expect(Array.from(a.replicatesD[0]!)).not.toEqual(Array.from(c.replicatesD[0]!));
    expect(seen.length).toBe(40);
    expect(seen[39]).toBe(1);
    const r = a.rows[0]!;
    expect(r.lower).toBeLessThan(r.d);
    expect(r.upper).toBeGreaterThan(r.d);
    expect(a.toString()).toMatch(/parametric bootstrap percentile interval, 40 replicates, seed 123/);
  });

  it('percentile intervals are R quantiles of type 7', () => {
    // R: quantile(c(5, 1, 4, 2, 3, 10), c(0.025, 0.975)) = 1.125, 9.375
    expect(percentileInterval([5, 1, 4, 2, 3, 10], 0.95)).toEqual([1.125, 9.375]);
    expect(quantile([3, NaN, 1, 2], 0.5)).toBe(2);
  });

  it('bootstraps any statistic of the refit', () => {
    const b = parametricBootstrap(fit, (f) => [f.sigma], { replicates: 30, seed: 9 });
    expect(b.t0[0]).toBe(fit.sigma);
    expect(b.failures).toBe(0);
    const m = b.t[0]!.reduce((s, x) => s + x, 0) / 30;
    expect(Math.abs(m - fit.sigma) / fit.sigma).toBeLessThan(0.1);
    expect(() => parametricBootstrap(fit, (f) => [f.sigma], { replicates: 0, seed: 1 })).toThrow(/replicates/);
  });

  it('covers a known d in most simulated studies, with a spread matching the sampling spread (sanity)', () => {
    const delta = 0.6;
    const dTrue = -delta / Math.sqrt(0.8 ** 2 + 1); // contrast "a - b"
    let covered = 0;
    const nData = 20;
    const ds: number[] = [];
    const ses: number[] = [];
    for (let k = 0; k < nData; k++) {
      const f = fitLmm('y ~ cond + (1 | subj)', simulateStudy(1000 + k, 24, delta, 0.8, 1));
      const r = effectSizes(f, 'cond', { replicates: 60, seed: k + 1 }).rows[0]!;
      ds.push(r.d);
      ses.push(r.bootSE);
      if (r.lower <= dTrue && dTrue <= r.upper) covered++;
    }
    // Nominal 95% (about 90% with 60 replicates): P(at most 14 of 20 cover) ~ 0.01 at 90%.
    expect(covered).toBeGreaterThanOrEqual(15);
    const mean = ds.reduce((s, x) => s + x, 0) / nData;
    const sdAcross = Math.sqrt(ds.reduce((s, x) => s + (x - mean) ** 2, 0) / (nData - 1));
    const meanSE = ses.reduce((s, x) => s + x, 0) / nData;
    expect(Math.abs(mean - dTrue)).toBeLessThan(3 * sdAcross / Math.sqrt(nData));
    expect(meanSE / sdAcross).toBeGreaterThan(0.6);
    expect(meanSE / sdAcross).toBeLessThan(1.6);
  });
});
