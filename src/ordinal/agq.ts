/**
 * Adaptive Gauss-Hermite quadrature for a cumulative link mixed model with ONE random-intercept term
 * (ordinal::clmm with nAGQ > 1). The likelihood factorises over the levels l of the grouping factor:
 *
 *   L_l = integral prod_{i in l} pi_i(sd * u) phi(u) du
 *       ~ K_l sum_k w_k exp(x_k^2) prod_{i in l} pi_i(sd * u_lk) phi(u_lk),   u_lk = u^_l + K_l x_k,  K_l = sqrt(2 / D_l)
 *
 * with u^_l the conditional mode and D_l = 1 + sd^2 sum_{i in l} w_i the curvature there (Liu & Pierce 1994;
 * Pinheiro & Bates 1995). One node gives the Laplace approximation. Parameters psi as in laplace.ts.
 */
import type { ClmmDesign } from './design';
import { gaussHermite } from './gaussHermite';
import { newObservationTerms, observationTerms } from './link';

/** Negative log-likelihood by adaptive Gauss-Hermite quadrature; keeps the modes as the next start. */
export class AgqObjective {
  readonly design: ClmmDesign;
  readonly nAGQ: number;
  readonly nTheta: number;
  readonly p: number;
  readonly npar: number;
  /** Conditional modes (spherical) and curvatures of the last evaluation. */
  readonly u: Float64Array;
  readonly D: Float64Array;
  evaluations = 0;
  innerIterations = 0;
  private readonly obsPtr: Int32Array;
  private readonly obsIdx: Int32Array;
  private readonly etaFix: Float64Array;

  constructor(design: ClmmDesign, nAGQ: number) {
    if (design.reterms.length !== 1) {
      throw new Error(`adaptive Gauss-Hermite quadrature (nAGQ = ${nAGQ}) needs exactly one random-effects term; "${design.formula.text}" has ${design.reterms.length} (use nAGQ = 1, the Laplace approximation)`);
    }
    this.design = design;
    this.nAGQ = nAGQ;
    this.nTheta = design.nCat - 1;
    this.p = design.p;
    this.npar = this.nTheta + this.p + 1;
    const refs = design.reterms[0]!.refs;
    const q = design.reterms[0]!.levels.length;
    this.u = new Float64Array(q);
    this.D = new Float64Array(q);
    const counts = new Int32Array(q + 1);
    for (let i = 0; i < design.n; i++) counts[refs[i]! + 1]++;
    for (let l = 0; l < q; l++) counts[l + 1] += counts[l]!;
    this.obsPtr = Int32Array.from(counts);
    this.obsIdx = new Int32Array(design.n);
    const fill = Int32Array.from(counts);
    for (let i = 0; i < design.n; i++) this.obsIdx[fill[refs[i]!]!++] = i;
    this.etaFix = new Float64Array(design.n);
  }

  /** sum over the level's observations of log pi at random effect b, and (optionally) s and w sums. */
  private levelTerms(l: number, theta: Float64Array, b: number, out: { logp: number; s: number; w: number }, order: 1 | 2): boolean {
    const { y } = this.design;
    const J1 = this.nTheta;
    const ot = newObservationTerms();
    let lp = 0;
    let ss = 0;
    let ww = 0;
    for (let k = this.obsPtr[l]!; k < this.obsPtr[l + 1]!; k++) {
      const i = this.obsIdx[k]!;
      const e = this.etaFix[i]! + b;
      const j = y[i]!;
      const a = j < J1 ? theta[j]! - e : Infinity;
      const bb = j > 0 ? theta[j - 1]! - e : -Infinity;
      if (!observationTerms(a, bb, order, ot)) return false;
      lp += ot.logp;
      ss += ot.s;
      ww += ot.w;
    }
    out.logp = lp;
    out.s = ss;
    out.w = ww;
    return true;
  }

  /** Negative log-likelihood at psi = (thresholds, beta, log sd). */
  evaluate(psi: ArrayLike<number>): number {
    this.evaluations++;
    const J1 = this.nTheta;
    const { n, X, p } = this.design;
    const theta = Float64Array.from({ length: J1 }, (_, j) => psi[j]!);
    for (let j = 1; j < J1; j++) if (!(theta[j]! > theta[j - 1]!)) return Infinity;
    const sd = Math.exp(psi[J1 + p]!);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let k = 0; k < p; k++) e += X[i * p + k]! * psi[J1 + k]!;
      this.etaFix[i] = e;
    }
    const { nodes, weights } = gaussHermite(this.nAGQ);
    const q = this.u.length;
    const t = { logp: 0, s: 0, w: 0 };
    let nll = 0;
    for (let l = 0; l < q; l++) {
      // Conditional mode of h(u) = -sum log pi(sd u) + u^2 / 2 by Newton's method with step halving.
      let u = this.u[l]!;
      if (!this.levelTerms(l, theta, sd * u, t, 2)) {
        u = 0;
        if (!this.levelTerms(l, theta, 0, t, 2)) return Infinity;
      }
      let h = -t.logp + (u * u) / 2;
      for (let iter = 0; iter < 100; iter++) {
        const g = sd * t.s + u;
        const D = 1 + sd * sd * t.w;
        if (Math.abs(g) < 1e-12) break;
        const step = g / D;
        let factor = 1;
        let accepted = false;
        for (let half = 0; half < 60; half++) {
          const uTry = u - factor * step;
          if (this.levelTerms(l, theta, sd * uTry, t, 2)) {
            const hTry = -t.logp + (uTry * uTry) / 2;
            if (hTry <= h + 1e-14 * Math.abs(h)) {
              u = uTry;
              h = hTry;
              accepted = true;
              break;
            }
          }
          factor /= 2;
        }
        this.innerIterations++;
        if (!accepted) {
          this.levelTerms(l, theta, sd * u, t, 2);
          break;
        }
      }
      const D = 1 + sd * sd * t.w;
      this.u[l] = u;
      this.D[l] = D;
      const K = Math.sqrt(2 / D);
      // log sum_k w_k exp(x_k^2) exp(-h(u + K x_k)) by log-sum-exp.
      const terms = new Float64Array(nodes.length);
      let mx = -Infinity;
      for (let k = 0; k < nodes.length; k++) {
        const uk = u + K * nodes[k]!;
        if (!this.levelTerms(l, theta, sd * uk, t, 1)) {
          terms[k] = -Infinity;
          continue;
        }
        terms[k] = Math.log(weights[k]!) + nodes[k]! ** 2 + t.logp - (uk * uk) / 2;
        mx = Math.max(mx, terms[k]!);
      }
      if (!Number.isFinite(mx)) return Infinity;
      let sum = 0;
      for (let k = 0; k < terms.length; k++) sum += Math.exp(terms[k]! - mx);
      // -log L_l = -(mx + log sum + log K) + log(2 pi) / 2
      nll -= mx + Math.log(sum) + Math.log(K) - 0.5 * Math.log(2 * Math.PI);
    }
    return nll;
  }

  /** Conditional modes b = sd u^ and variances sd^2 / D at psi (ordinal's ranef and condVar). */
  modes(psi: ArrayLike<number>): { mode: Float64Array[]; condVar: Float64Array[] } {
    this.evaluate(psi);
    const sd = Math.exp(psi[this.nTheta + this.p]!);
    return {
      mode: [Float64Array.from(this.u, (v) => sd * v)],
      condVar: [Float64Array.from(this.D, (d) => (sd * sd) / d)],
    };
  }
}
