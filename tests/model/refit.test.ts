/** simulateResponse / refit / refitML: reproducible simulation, and refits equal full fits from scratch. */
import { describe, expect, it } from 'vitest';
import { fitLmm, refit, refitML, simulateResponse } from '../../src/model';
import { createRng } from '../../src/stats/random';
import { expectRel, readReferenceCsv } from './helpers';

const rows = readReferenceCsv('tests/reference/datasets/crossed_missing_cells.csv');
const formula = 'y ~ A * B + (1|subj) + (1|item)';

describe('simulate and refit', () => {
  const fit = fitLmm(formula, rows);

  it('simulates reproducibly from a seed, with the model\'s mean and variance', () => {
    const a = simulateResponse(fit, createRng(11));
    const b = simulateResponse(fit, createRng(11));
    const c = simulateResponse(fit, createRng(12));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // Averaged over many draws, the simulated mean of each observation is X beta.
    const reps = 400;
    const mean = new Float64Array(fit.nobs);
    let sq = 0;
    const rng = createRng(5);
    for (let r = 0; r < reps; r++) {
      const y = simulateResponse(fit, rng);
      y.forEach((v, i) => (mean[i] += v / reps));
      sq += y.reduce((s, v) => s + v * v, 0);
    }
    const X = fit.design.X;
    let worst = 0;
    for (let i = 0; i < fit.nobs; i++) {
      let xb = 0;
      for (let j = 0; j < fit.p; j++) xb += X[i * fit.p + j]! * fit.beta[j]!;
      worst = Math.max(worst, Math.abs(mean[i]! - xb));
    }
    const vc = fit.varcorr().sd;
    const totalSd = Math.sqrt(vc.reduce((s, r) => s + r.variance, 0));
    expect(worst).toBeLessThan((5 * totalSd) / Math.sqrt(reps));
    void sq;
  });

  it('refit to the same response reproduces the fit', () => {
    const again = refit(fit, fit.design.y);
    expect(Math.abs(again.criterion - fit.criterion)).toBeLessThan(1e-8);
    fit.beta.forEach((v, i) => expectRel(again.beta[i]!, v, 1e-6, `beta ${i}`, fit.se[i]!));
  });

  it('refit to a simulated response equals a fit from scratch on that response', () => {
    const y = simulateResponse(fit, createRng(3));
    const viaRefit = refit(fit, y);
    const rows2 = rows.map((r, i) => ({ ...r, y: y[i] }));
    const scratch = fitLmm(formula, rows2);
    expect(Math.abs(viaRefit.criterion - scratch.criterion)).toBeLessThan(1e-7);
    scratch.beta.forEach((v, i) => expectRel(viaRefit.beta[i]!, v, 1e-6, `beta ${i}`, scratch.se[i]!));
    scratch.se.forEach((v, i) => expectRel(viaRefit.se[i]!, v, 1e-6, `se ${i}`));
    // The original fit is untouched.
    expect(fit.devfun(fit.theta)).toBeCloseTo(fit.criterion, 9);
  });

  it('refitML equals an ML fit', () => {
    const ml = refitML(fit);
    const direct = fitLmm(formula, rows, { reml: false });
    expect(ml.reml).toBe(false);
    expect(Math.abs(ml.criterion - direct.criterion)).toBeLessThan(1e-8);
    expect(refitML(direct)).toBe(direct);
  });

  it('checks the length of the new response', () => {
    expect(() => refit(fit, [1, 2, 3])).toThrow(/3 values; the model has 300 observations/);
  });
});
