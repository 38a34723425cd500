/**
 * Satterthwaite degrees of freedom for t-tests of linear contrasts of the fixed effects of a linear mixed
 * model, as lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017, J. Stat. Softw. 82(13);
 * lmerTest R/lmer.R and R/contest.R):
 *
 * - variance parameters varpar = (theta, sigma), sigma the residual standard deviation;
 * - deviance in varpar (REML: log|L|^2 + log|R_X|^2 + r2(theta)/sigma^2 + (n - p) log(2 pi sigma^2);
 *   ML: log|L|^2 + r2(theta)/sigma^2 + n log(2 pi sigma^2));
 * - A = 2 H^-1 with H its Hessian at the estimate (pseudo-inverse over eigenvalues > 1e-8, as lmerTest);
 * - C(varpar) = sigma^2 (R_X' R_X)^-1(theta) = Var(beta); for a contrast L: v = L C L', g = d v / d varpar;
 * - df = 2 v^2 / (g' A g); t = L beta / sqrt(v); p = 2 P(T_df > |t|).
 *
 * Derivatives in sigma are analytic; derivatives in theta are central differences (step 5e-3 max(|theta|, 1), with Richardson extrapolation)
 * of the two theta-only parts, log-determinants and r2, and of (R_X' R_X)^-1. lmerTest uses numDeriv's
 * Richardson extrapolation; both approximate the same derivatives (agreement ~1e-6 relative in df).
 */
import { pTwoSidedT, qt } from '../stats/distributions';
import { quadForm, symmetricEigen } from '../linalg/index';

/** Base step of the central differences in theta (scaled by max(|theta|, 1)); halved for Richardson. */
const STEP = 5e-3;

/** What the Satterthwaite computation needs from a fitted model. */
export interface VarianceParameterModel {
  /** Number of observations. */
  n: number;
  /** Number of fixed-effect coefficients. */
  p: number;
  /** REML (true) or ML (false) deviance. */
  reml: boolean;
  /** Estimated theta. */
  theta: Float64Array;
  /** Estimated residual standard deviation. */
  sigma: number;
  /**
   * At theta: the log-determinant part of the deviance (log|L|^2, plus log|R_X|^2 for REML), the penalized
   * residual sum of squares r2, and (R_X' R_X)^-1 (p x p row-major).
   */
  evaluate(theta: Float64Array): { logdet: number; r2: number; unscaledVcov: Float64Array };
}

/** One t-test of a contrast: estimate L beta, its standard error, Satterthwaite df, t, two-sided p, Wald-t CI. */
export interface ContrastTest {
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  /** Confidence limits estimate -/+ qt((1 + level) / 2, df) se (level 0.95 unless given). */
  lower: number;
  upper: number;
}

/**
 * Precomputes the Hessian of the deviance in (theta, sigma) and the Jacobian of Var(beta), then gives the
 * df of any contrast. Costs 2 k^2 + 1 deviance evaluations for k = length(theta).
 */
export class Satterthwaite {
  /** Hessian of the deviance in varpar = (theta, sigma), (k+1) x (k+1) row-major. */
  readonly hessian: Float64Array;
  /** A = 2 H^-1: asymptotic covariance of varpar (lmerTest's vcov_varpar). */
  readonly varparVcov: Float64Array;
  /** d Var(beta) / d varpar_a, one p x p row-major matrix per varpar component. */
  readonly jacobian: Float64Array[];
  /** Var(beta) at the estimate. */
  readonly vcov: Float64Array;
  /** lmerTest's warnings about negative or near-zero eigenvalues of H. */
  readonly warnings: string[] = [];
  private readonly p: number;

  constructor(model: VarianceParameterModel) {
    const { theta, sigma, p } = model;
    const k = theta.length;
    const N = model.reml ? model.n - model.p : model.n;
    const at = (th: Float64Array) => model.evaluate(th);
    const center = at(theta);
    const base = Array.from(theta, (t) => STEP * Math.max(Math.abs(t), 1));
    // Central differences at steps h and h/2, combined by Richardson extrapolation (error O(h^4)).
    const differences = (h: number[]) => {
      const shifted = (i: number, si: number, j = -1, sj = 0) => {
        const th = Float64Array.from(theta);
        th[i] += si * h[i]!;
        if (j >= 0) th[j] += sj * h[j]!;
        return at(th);
      };
      const plus = Array.from({ length: k }, (_, i) => shifted(i, 1));
      const minus = Array.from({ length: k }, (_, i) => shifted(i, -1));
      const ld2 = new Float64Array(k * k);
      const r22 = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        ld2[i * k + i] = (plus[i]!.logdet - 2 * center.logdet + minus[i]!.logdet) / (h[i]! * h[i]!);
        r22[i * k + i] = (plus[i]!.r2 - 2 * center.r2 + minus[i]!.r2) / (h[i]! * h[i]!);
      }
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const pp = shifted(i, 1, j, 1);
          const pm = shifted(i, 1, j, -1);
          const mp = shifted(i, -1, j, 1);
          const mm = shifted(i, -1, j, -1);
          const den = 4 * h[i]! * h[j]!;
          ld2[i * k + j] = ld2[j * k + i] = (pp.logdet - pm.logdet - mp.logdet + mm.logdet) / den;
          r22[i * k + j] = r22[j * k + i] = (pp.r2 - pm.r2 - mp.r2 + mm.r2) / den;
        }
      }
      const r2grad = Array.from({ length: k }, (_, i) => (plus[i]!.r2 - minus[i]!.r2) / (2 * h[i]!));
      const vgrad = Array.from({ length: k }, (_, i) => Float64Array.from(plus[i]!.unscaledVcov, (v, x) => (v - minus[i]!.unscaledVcov[x]!) / (2 * h[i]!)));
      return { ld2, r22, r2grad, vgrad };
    };
    const coarse = differences(base);
    const fine = differences(base.map((h) => h / 2));
    const rich = (a: number, b: number) => (4 * b - a) / 3;
    const ld2 = Float64Array.from(fine.ld2, (v, x) => rich(coarse.ld2[x]!, v));
    const r22 = Float64Array.from(fine.r22, (v, x) => rich(coarse.r22[x]!, v));
    const r2grad = fine.r2grad.map((v, i) => rich(coarse.r2grad[i]!, v));
    const vgrad = fine.vgrad.map((g, i) => Float64Array.from(g, (v, x) => rich(coarse.vgrad[i]![x]!, v)));
    const s2 = sigma * sigma;
    const K = k + 1;
    const H = new Float64Array(K * K);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) H[i * K + j] = ld2[i * k + j]! + r22[i * k + j]! / s2;
      H[i * K + k] = H[k * K + i] = (-2 * r2grad[i]!) / (s2 * sigma);
    }
    H[k * K + k] = (6 * center.r2) / (s2 * s2) - (2 * N) / s2;
    this.hessian = H;
    // A = 2 H^+ over eigenvalues > tol (lmerTest tol = 1e-8).
    const tol = 1e-8;
    const { values, vectors } = symmetricEigen(H, K);
    const neg = values.filter((v) => v < -tol);
    const zero = values.filter((v) => v > -tol && v < tol);
    if (neg.length > 0) {
      this.warnings.push(`Model failed to converge with ${neg.length} negative ${neg.length > 1 ? 'eigenvalues' : 'eigenvalue'}: ${neg.map((v) => v.toExponential(1)).join(' ')}`);
    }
    if (zero.length > 0) {
      this.warnings.push(`Model may not have converged with ${zero.length} ${zero.length > 1 ? 'eigenvalues' : 'eigenvalue'} close to zero: ${zero.map((v) => v.toExponential(1)).join(' ')}`);
    }
    const A = new Float64Array(K * K);
    values.forEach((ev, c) => {
      if (!(ev > tol)) return;
      for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) A[a * K + b] += (2 * vectors[a * K + c]! * vectors[b * K + c]!) / ev;
    });
    this.varparVcov = A;
    // Jacobian of C = sigma^2 M(theta).
    this.jacobian = [];
    for (let i = 0; i < k; i++) {
      const J = new Float64Array(p * p);
      for (let x = 0; x < p * p; x++) J[x] = s2 * vgrad[i]![x]!;
      this.jacobian.push(J);
    }
    this.jacobian.push(Float64Array.from(center.unscaledVcov, (v) => 2 * sigma * v));
    this.vcov = Float64Array.from(center.unscaledVcov, (v) => s2 * v);
    this.p = p;
  }

  /** Satterthwaite df of the contrast L (length p). */
  df(L: ArrayLike<number>): number {
    const v = quadForm(L, this.vcov, L, this.p);
    const g = this.jacobian.map((J) => quadForm(L, J, L, this.p));
    const denom = quadForm(g, this.varparVcov, g, g.length);
    return (2 * v * v) / denom;
  }

  /** t-test of L beta = 0 with Satterthwaite df and a `level` confidence interval (lmerTest's contest1D). */
  test(L: ArrayLike<number>, beta: ArrayLike<number>, level = 0.95): ContrastTest {
    if (L.length !== this.p) throw new Error(`contrast has ${L.length} entries, the model has ${this.p} fixed-effect coefficients`);
    let estimate = 0;
    for (let i = 0; i < this.p; i++) estimate += L[i]! * beta[i]!;
    const se = Math.sqrt(quadForm(L, this.vcov, L, this.p));
    const df = this.df(L);
    const t = estimate / se;
    const q = qt((1 + level) / 2, df);
    return { estimate, se, df, t, p: pTwoSidedT(t, df), lower: estimate - q * se, upper: estimate + q * se };
  }
}
