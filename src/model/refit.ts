/**
 * Refitting a model to a new response without re-parsing or rebuilding the design (lme4's refit), refitting
 * by ML (lme4's refitML), and simulating responses from a fitted model (lme4's simulate, parametric:
 * new random effects and new residuals). Used by likelihood-ratio tests, parametric bootstrap and power
 * simulation; thousands of refits reuse the blocked structure.
 */
import type { Rng } from '../stats/random';
import type { LmmDesign } from './design';
import { fitDesign, type FitOptions, type LmmFit } from './fit';

/** Options of {@link refit} and {@link refitML}: optimizer settings and whether to polish with derivatives. */
export type RefitOptions = Pick<FitOptions, 'optimizer' | 'derivatives' | 'start'>;

/**
 * Fits the same model to a new response vector (one value per observation, in the fit's row order).
 * Starts from the current theta. The design (X, Z, levels) is shared, only y-dependent products are recomputed.
 * @example const yStar = simulateResponse(fit, createRng(1)); const fitStar = refit(fit, yStar);
 */
export function refit(fit: LmmFit, y: ArrayLike<number>, options: RefitOptions = {}): LmmFit {
  if (y.length !== fit.nobs) throw new Error(`the new response has ${y.length} values; the model has ${fit.nobs} observations`);
  const yy = Float64Array.from(y);
  for (let i = 0; i < yy.length; i++) if (!Number.isFinite(yy[i]!)) throw new Error(`the new response is not finite at observation ${i + 1}`);
  const design: LmmDesign = { ...fit.design, y: yy };
  const system = fit.system.withResponse(design);
  return fitDesign(design, { reml: fit.reml, start: options.start ?? fit.theta, optimizer: options.optimizer, derivatives: options.derivatives, dataName: fit.dataName }, system);
}

/** The same model fitted by maximum likelihood (returns the fit itself when it already is ML). */
export function refitML(fit: LmmFit, options: RefitOptions = {}): LmmFit {
  if (!fit.reml) return fit;
  const system = fit.system.withResponse(fit.design);
  return fitDesign(fit.design, { reml: false, start: options.start ?? fit.theta, optimizer: options.optimizer, derivatives: options.derivatives, dataName: fit.dataName }, system);
}

/**
 * One simulated response from the fitted model: y* = X beta + Z Lambda u* + e*, with u* ~ N(0, sigma^2 I)
 * and e* ~ N(0, sigma^2 I), both drawn from `rng` (src/stats/random createRng(seed)).
 */
export function simulateResponse(fit: LmmFit, rng: Rng): Float64Array {
  const d = fit.design;
  const lambda = fit.lambda();
  // New random effects per term: b* = Lambda u*, u* ~ N(0, sigma^2 I).
  const bStar = d.reterms.map((t, ti) => {
    const k = t.k;
    const lam = lambda[ti]!;
    const out = new Float64Array(t.levels.length * k);
    const u = new Float64Array(k);
    for (let l = 0; l < t.levels.length; l++) {
      for (let c = 0; c < k; c++) u[c] = fit.sigma * rng.normal();
      for (let r = 0; r < k; r++) {
        let s = 0;
        for (let c = 0; c <= r; c++) s += lam[r * k + c]! * u[c]!;
        out[l * k + r] = s;
      }
    }
    return out;
  });
  const y = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    let s = 0;
    for (let c = 0; c < d.p; c++) s += d.X[i * d.p + c]! * fit.beta[c]!;
    d.reterms.forEach((t, ti) => {
      const l = t.refs[i]!;
      for (let c = 0; c < t.k; c++) s += t.z[i * t.k + c]! * bStar[ti]![l * t.k + c]!;
    });
    y[i] = s + fit.sigma * rng.normal();
  }
  return y;
}
