/**
 * Comparison of a paper-model CLMM with its R reference (used by paper-study1/2.test.ts).
 * Estimates: |ours - R| <= tol * max(|R|, SE_R) with tol = 1e-4, or 2e-4 when clmm's nlminb stopped with
 * max |gradient| > 1e-2 (its optimum is then less accurate; ours has the higher logLik, checked here).
 */
import { expect } from 'vitest';
import { fitClmm, type ClmmFit } from '../../src/ordinal/index';
import { readReference, referenceLevels, referenceRows, relErr, type ClmmReference } from './helpers';

export interface PaperComparison {
  fit: ClmmFit;
  ref: ClmmReference;
  /** Max relative errors (for the report). */
  errors: { estimate: number; estimateScaled: number; se: number; sd: number; logLik: number };
}

export function fitPaperCase(name: string): PaperComparison {
  const ref = readReference(name);
  const fit = fitClmm(ref.formula, referenceRows(ref), { reference: referenceLevels(ref) });
  const rows = [...fit.thresholdTable(), ...fit.coefficients()];
  const refRows = [...ref.thresholds, ...ref.coefficients];
  const errors = {
    estimate: Math.max(...rows.map((r, i) => relErr(r.estimate, refRows[i]!.estimate))),
    estimateScaled: Math.max(...rows.map((r, i) => Math.abs(r.estimate - refRows[i]!.estimate) / Math.max(Math.abs(refRows[i]!.estimate), refRows[i]!.se))),
    se: Math.max(...rows.map((r, i) => relErr(r.se, refRows[i]!.se))),
    sd: Math.max(...fit.randomSd().map((r) => relErr(r.sd, ref.random_sd.find((x) => x.group === r.group)!.sd))),
    logLik: relErr(fit.logLik(), ref.logLik),
  };
  return { fit, ref, errors };
}

/** The checks every paper case passes; `seFromR` false when R's stored vcov is known to be off (see clmm_extra.R). */
export function checkPaperCase(c: PaperComparison, seFromR = true): void {
  const { fit, ref, errors } = c;
  expect(fit.converged).toBe(true);
  expect(fit.thresholdNames).toEqual(ref.thresholds.map((t) => t.term));
  expect(fit.fixefNames).toEqual(ref.coefficients.map((t) => t.term));
  expect(fit.nobs).toBe(ref.nobs);
  expect(fit.ngrps).toEqual(ref.ngrps);
  const tol = ref.max_grad > 1e-2 ? 2e-4 : 1e-4;
  expect(errors.estimateScaled).toBeLessThan(tol);
  expect(errors.sd).toBeLessThan(1e-4);
  expect(errors.logLik).toBeLessThan(1e-9);
  // At least as good an optimum as R's (tight and default controls), up to rounding.
  expect(fit.logLik()).toBeGreaterThanOrEqual(ref.logLik - 1e-12 * Math.abs(ref.logLik));
  expect(fit.logLik()).toBeGreaterThanOrEqual(ref.default_control.logLik - 1e-12 * Math.abs(ref.logLik));
  if (seFromR) expect(errors.se).toBeLessThan(1e-4);
  // Predicted probabilities at zero random effects.
  const pred = fit.predictProbabilities();
  ref.predicted_probabilities_at_zero.forEach((r, i) => {
    expect(pred.rows[i]!.level).toEqual(r.level);
    pred.rows[i]!.probs.forEach((p, j) => expect(Math.abs(p - r.probs[j]!)).toBeLessThan(1e-4));
  });
  // Conditional modes (labels as the reference for the unique coding; compared by position otherwise).
  for (const g of ref.ranef) {
    const mine = fit.ranef().find((x) => x.group === g.group)!;
    expect(mine.levels.length).toBe(g.levels.length);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const a = sorted(mine.mode);
    const b = sorted(g.mode);
    a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(1e-3));
  }
}
