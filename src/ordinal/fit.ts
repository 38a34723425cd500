/**
 * Fitting cumulative link mixed models (ordinal::clmm with link = "logit", threshold = "flexible"):
 *
 *   logit P(Y_i <= j) = theta_j - (x_i' beta + sum_t b_t[g_t(i)]),   b_t ~ N(0, sd_t^2) independent,
 *
 * staged like the LMM: buildClmmDesign (formula + data) -> objective (Laplace, laplace.ts, or adaptive
 * Gauss-Hermite quadrature, agq.ts) -> minimizeBfgs -> ClmmFit.
 *
 * Optimisation runs in an unconstrained parametrisation that keeps the thresholds ordered (theta_1 and
 * log(theta_j - theta_{j-1})) with the SDs on the log scale; it starts from the fixed-effects cumulative link
 * model (clm) and all SDs at 1, and ends with Newton steps on the finite-difference Hessian. Standard errors
 * come, as in ordinal, from the Hessian of the negative log-likelihood at the optimum in the natural
 * parameters (thresholds, beta, log sd): vcov = H^-1.
 */
import { pnorm } from '../stats/distributions';
import { countWork, workKey } from '../util/work-count';
import { cholBlock, cholInverse, symmetricEigen } from '../linalg/index';
import { AgqObjective } from './agq';
import { buildClmmDesign, type ClmmData, type ClmmDesign, type ClmmDesignOptions } from './design';
import { LaplaceObjective } from './laplace';
import { qlogis } from './link';
import { gradientByDifferences, hessianFromGradient, minimizeBfgs } from './optimize';
import { clmmSummaryHtml, clmmSummaryText } from './summary';
import { predictProbabilities, type PredictedProbabilities, type PredictProbabilitiesOptions } from './predict';
import { latentPairwise, type LatentPairwise, type LatentPairwiseOptions } from './contrasts';

/** Options of {@link fitClmm}. */
export interface ClmmOptions extends ClmmDesignOptions {
  /** 1 = Laplace approximation (default); K > 1 = adaptive Gauss-Hermite quadrature with K nodes (one random term only). */
  nAGQ?: number;
  /** Name of the data shown by summary() ("data: ..."). */
  dataName?: string;
  /** Starting values in the natural parameters (thresholds, beta, log sd), e.g. from an earlier fit. */
  start?: readonly number[];
  /** Optimiser settings: gradient tolerance (default 1e-7) and maximum BFGS iterations (default 500). */
  control?: { gradTol?: number; maxIter?: number };
  /** Compute the Hessian and standard errors (default true; power simulations that need only estimates may skip it). */
  hessian?: boolean;
}

export type { ClmmCoefRow, ClmmRandomSd, ClmmRanef, ClmmOptimizerInfo, ClmmFitJson } from './fitTypes';
import type { ClmmCoefRow, ClmmRandomSd, ClmmRanef, ClmmOptimizerInfo, ClmmFitJson } from './fitTypes';

/** Objective in the natural parameters (value, gradient) and the modes, for either approximation. */
interface Approximation {
  value(psi: Float64Array): number;
  valueAndGradient(psi: Float64Array): { value: number; gradient: Float64Array };
  gradient(psi: Float64Array): Float64Array;
  modes(psi: Float64Array): { mode: Float64Array[]; condVar: Float64Array[] };
  counts(): { evaluations: number; innerIterations: number };
}

function approximation(design: ClmmDesign, nAGQ: number): Approximation {
  if (nAGQ === 1) {
    const obj = new LaplaceObjective(design);
    return {
      value: (psi) => obj.evaluate(psi, false).value,
      valueAndGradient: (psi) => {
        const e = obj.evaluate(psi, true);
        return { value: e.value, gradient: e.gradient ?? new Float64Array(psi.length).fill(NaN) };
      },
      gradient: (psi) => obj.evaluate(psi, true).gradient ?? new Float64Array(psi.length).fill(NaN),
      modes: (psi) => obj.modes(psi),
      counts: () => ({ evaluations: obj.evaluations, innerIterations: obj.innerIterations }),
    };
  }
  const obj = new AgqObjective(design, nAGQ);
  const f = (psi: Float64Array) => obj.evaluate(psi);
  return {
    value: f,
    valueAndGradient: (psi) => ({ value: f(psi), gradient: gradientByDifferences(f, psi, 1e-3) }),
    gradient: (psi) => gradientByDifferences(f, psi, 1e-3),
    modes: (psi) => obj.modes(psi),
    counts: () => ({ evaluations: obj.evaluations, innerIterations: obj.innerIterations }),
  };
}

/** Natural parameters psi -> optimiser parameters phi (ordered thresholds through log increments). */
function toPhi(psi: ArrayLike<number>, nTheta: number): Float64Array {
  const phi = Float64Array.from(psi);
  for (let j = 1; j < nTheta; j++) phi[j] = Math.log(psi[j]! - psi[j - 1]!);
  return phi;
}

function toPsi(phi: ArrayLike<number>, nTheta: number): Float64Array {
  const psi = Float64Array.from(phi);
  for (let j = 1; j < nTheta; j++) psi[j] = psi[j - 1]! + Math.exp(phi[j]!);
  return psi;
}

/** Chain rule: gradient in psi -> gradient in phi. */
function gradToPhi(g: Float64Array, psi: Float64Array, nTheta: number): Float64Array {
  const out = Float64Array.from(g);
  // d psi_k / d phi_0 = 1 for all thresholds k; d psi_k / d phi_j = exp(phi_j) for k >= j >= 1.
  let tail = 0;
  for (let k = nTheta - 1; k >= 1; k--) {
    tail += g[k]!;
    out[k] = (psi[k]! - psi[k - 1]!) * tail;
  }
  tail += g[0]!;
  if (nTheta > 0) out[0] = tail;
  return out;
}

/** Inverse of a small symmetric positive definite matrix (the toolbox's Cholesky and inverse), or null when it is not positive definite. */
function invSpd(H: Float64Array, n: number): Float64Array | null {
  const L = Float64Array.from(H);
  if (!cholBlock(L, 0, n)) return null;
  const inv = new Float64Array(n * n);
  cholInverse(L, 0, n, inv);
  return inv;
}

/** Newton polish steps (max |change| in the natural parameters) below this keep the Hessian of the point before. */
const HESSIAN_REUSE_STEP = 1e-6;

/** Fixed-effects cumulative link model (no random effects) by BFGS: start values for the CLMM. */
function fitClmStart(design: ClmmDesign): Float64Array {
  const fixedOnly: ClmmDesign = { ...design, reterms: [] };
  const obj = new LaplaceObjective(fixedOnly);
  const J1 = design.nCat - 1;
  const counts = new Array<number>(design.nCat).fill(0);
  for (let i = 0; i < design.n; i++) counts[design.y[i]!]++;
  const start = new Float64Array(J1 + design.p);
  let cum = 0;
  for (let j = 0; j < J1; j++) {
    cum += counts[j]!;
    start[j] = qlogis(cum / design.n);
  }
  const res = minimizeBfgs(
    (phi, withGradient) => {
      const psi = toPsi(phi, J1);
      const e = obj.evaluate(psi, withGradient);
      return { value: e.value, gradient: e.gradient ? gradToPhi(e.gradient, psi, J1) : undefined };
    },
    toPhi(start, J1),
    { gradTol: 1e-8 },
  );
  return toPsi(res.x, J1);
}

/**
 * Fits a cumulative link mixed model with random intercepts (logit link, flexible thresholds).
 * @example
 *   const fit = fitClmm('rating ~ source + (1 | post) + (1 | rater)', rows, { reference: { source: 'gpt4' } });
 *   console.log(fit.summary());  fit.coefficients();  fit.predictProbabilities();
 */
export function fitClmm(formula: string, data: ClmmData, options: ClmmOptions = {}): ClmmFit {
  const design = buildClmmDesign(formula, data, options);
  return fitClmmDesign(design, options);
}

/** Fits a CLMM to a prepared design (see {@link buildClmmDesign}); used by refits in simulations. */
export function fitClmmDesign(design: ClmmDesign, options: ClmmOptions = {}): ClmmFit {
  countWork('CLMM fit', () => workKey(design.formula.text, `nAGQ=${options.nAGQ ?? 1}`, design.y, design.X, ...design.reterms.map((t) => t.refs)));
  const nAGQ = options.nAGQ ?? 1;
  if (!Number.isInteger(nAGQ) || nAGQ < 1) throw new Error(`nAGQ must be a positive integer (got ${nAGQ}); 1 = Laplace`);
  const J1 = design.nCat - 1;
  const T = design.reterms.length;
  const npar = J1 + design.p + T;
  let psi0: Float64Array;
  if (options.start) {
    if (options.start.length !== npar) throw new Error(`start has ${options.start.length} values; the model has ${npar} (thresholds, coefficients, log sd per random term)`);
    psi0 = Float64Array.from(options.start);
  } else {
    const clm = fitClmStart(design);
    psi0 = new Float64Array(npar);
    psi0.set(clm);
  }
  const approx = approximation(design, nAGQ);
  const opt = minimizeBfgs(
    (phi, withGradient) => {
      const psi = toPsi(phi, J1);
      if (!withGradient) return { value: approx.value(psi) };
      const e = approx.valueAndGradient(psi);
      return { value: e.value, gradient: gradToPhi(e.gradient, psi, J1) };
    },
    toPhi(psi0, J1),
    { gradTol: options.control?.gradTol ?? 1e-7, maxIter: options.control?.maxIter ?? 500 },
  );
  let psi = toPsi(opt.x, J1);
  let value = opt.value;
  let hessian: Float64Array | null = null;
  let newtonSteps = 0;
  const wantHessian = options.hessian ?? true;
  const hessStep = nAGQ === 1 ? 1e-4 : 2e-3;
  let grad = approx.gradient(psi);
  if (wantHessian) {
    hessian = hessianFromGradient((x) => approx.gradient(x), psi, hessStep);
    // Newton polishing in the natural parameters.
    for (let iter = 0; iter < 3; iter++) {
      const Hinv = invSpd(hessian, npar);
      if (!Hinv) break;
      const step = new Float64Array(npar);
      let size = 0;
      for (let i = 0; i < npar; i++) {
        let s = 0;
        for (let j = 0; j < npar; j++) s -= Hinv[i * npar + j]! * grad[j]!;
        step[i] = s;
        size = Math.max(size, Math.abs(s));
      }
      if (size < 1e-10 || size > 0.1) break;
      const cand = Float64Array.from(psi, (v, i) => v + step[i]!);
      const vc = approx.value(cand);
      if (!(vc <= value + 1e-10 * Math.max(1, Math.abs(value)))) break;
      psi = cand;
      value = Math.min(value, vc);
      newtonSteps++;
      grad = approx.gradient(psi);
      // After a step below HESSIAN_REUSE_STEP the Hessian changes less than its own difference error
      // (gradient noise / difference step, ~1e-6): keep it (12 gradient evaluations for 6 parameters saved).
      if (size > HESSIAN_REUSE_STEP) hessian = hessianFromGradient((x) => approx.gradient(x), psi, hessStep);
    }
  }
  value = approx.value(psi);
  const modes = approx.modes(psi);
  const counts = approx.counts();
  return new ClmmFit({
    design,
    nAGQ,
    psi,
    negLogLik: value,
    gradient: grad,
    hessian,
    modes,
    dataName: options.dataName ?? 'data',
    optimizer: {
      iterations: opt.iterations,
      evaluations: counts.evaluations,
      innerIterations: counts.innerIterations,
      newtonSteps,
      converged: opt.converged,
      message: opt.message,
    },
  });
}

/** SDs below this are reported as on the boundary (variance component estimated as zero). */
const BOUNDARY_SD = 1e-4;

/**
 * A fitted cumulative link mixed model. Numbers follow ordinal::clmm: thresholds (alpha), coefficients
 * (beta), random-effect SDs, vcov over (thresholds, beta, log sd) from the Hessian of the negative
 * log-likelihood, logLik / AIC / BIC of the approximation used.
 */
export class ClmmFit {
  readonly design: ClmmDesign;
  readonly formula: string;
  /** 1 = Laplace; K > 1 = adaptive Gauss-Hermite with K nodes. */
  readonly nAGQ: number;
  readonly nobs: number;
  /** Response categories, lowest first. */
  readonly responseLevels: string[];
  /** Threshold names "1|2", ... and estimates. */
  readonly thresholdNames: string[];
  readonly thresholds: Float64Array;
  /** Fixed-effect names (no intercept) and estimates. */
  readonly fixefNames: string[];
  readonly beta: Float64Array;
  /** Random-effect SDs (latent logistic scale), one per term, in lme4's term order. */
  readonly sd: Float64Array;
  /** Names of all parameters: thresholds, coefficients, then "ST1", ... = log(sd) of each random term. */
  readonly parameterNames: string[];
  /** All parameters (thresholds, beta, log sd). */
  readonly parameters: Float64Array;
  /** Covariance matrix of the parameters (npar x npar row-major); NaN rows for boundary SDs. */
  readonly vcov: Float64Array;
  /** Hessian of the negative log-likelihood at the optimum (null when not computed). */
  readonly hessian: Float64Array | null;
  /** Gradient at the optimum. */
  readonly gradient: Float64Array;
  /** Negative log-likelihood (of the approximation) at the optimum. */
  readonly negLogLik: number;
  readonly optimizer: ClmmOptimizerInfo;
  readonly converged: boolean;
  readonly warnings: string[];
  readonly dataName: string;
  private readonly modeValues: { mode: Float64Array[]; condVar: Float64Array[] };

  constructor(args: {
    design: ClmmDesign;
    nAGQ: number;
    psi: Float64Array;
    negLogLik: number;
    gradient: Float64Array;
    hessian: Float64Array | null;
    modes: { mode: Float64Array[]; condVar: Float64Array[] };
    dataName: string;
    optimizer: ClmmOptimizerInfo;
  }) {
    const d = args.design;
    this.design = d;
    this.formula = d.formula.text;
    this.nAGQ = args.nAGQ;
    this.nobs = d.n;
    this.responseLevels = d.responseLevels.slice();
    this.thresholdNames = d.thresholdNames.slice();
    const J1 = d.nCat - 1;
    const p = d.p;
    const T = d.reterms.length;
    this.parameters = Float64Array.from(args.psi);
    this.thresholds = args.psi.slice(0, J1);
    this.fixefNames = d.fixefNames.slice();
    this.beta = args.psi.slice(J1, J1 + p);
    this.sd = Float64Array.from(args.psi.slice(J1 + p), Math.exp);
    this.parameterNames = [...d.thresholdNames, ...d.fixefNames, ...d.reterms.map((_, t) => `ST${t + 1}`)];
    this.negLogLik = args.negLogLik;
    this.gradient = args.gradient;
    this.hessian = args.hessian;
    this.modeValues = args.modes;
    this.dataName = args.dataName;
    this.optimizer = args.optimizer;
    const warnings = d.messages.slice();
    const npar = J1 + p + T;
    const vcov = new Float64Array(npar * npar).fill(NaN);
    const boundary = Array.from(this.sd, (s) => s < BOUNDARY_SD);
    boundary.forEach((b, t) => b && warnings.push(`random-effect SD of '${d.reterms[t]!.group}' is estimated as 0 (boundary): its variance component is not supported by the data`));
    if (args.hessian) {
      // Invert the Hessian over the parameters not on the boundary (ordinal drops those too).
      const keep = [...Array(npar).keys()].filter((k) => !(k >= J1 + p && boundary[k - J1 - p]));
      const m = keep.length;
      const Hk = new Float64Array(m * m);
      keep.forEach((a, i) => keep.forEach((b, j) => (Hk[i * m + j] = args.hessian![a * npar + b]!)));
      const inv = invSpd(Hk, m);
      if (inv) {
        keep.forEach((a, i) => keep.forEach((b, j) => (vcov[a * npar + b] = inv[i * m + j]!)));
      } else {
        warnings.push('the Hessian is not positive definite at the optimum: standard errors are not available (the model may be over-parametrised or the fit did not converge)');
      }
    }
    this.vcov = vcov;
    let converged = args.optimizer.converged;
    const maxGrad = this.maxGrad;
    if (maxGrad > 1e-3) {
      converged = false;
      warnings.push(`the optimiser stopped with max |gradient| = ${maxGrad.toPrecision(3)} (${args.optimizer.message})`);
    } else if (!args.optimizer.converged && maxGrad < 1e-5) {
      converged = true; // stopped on rounding with a small gradient
    }
    this.converged = converged;
    this.warnings = warnings;
  }

  /** Number of thresholds. */
  get nThresholds(): number {
    return this.thresholds.length;
  }

  /** Number of estimated parameters (thresholds + coefficients + SDs): R's df of logLik. */
  get npar(): number {
    return this.parameters.length;
  }

  /** Description of the approximation ("Laplace" or "adaptive Gauss-Hermite quadrature, 10 nodes"). */
  get approximation(): string {
    return this.nAGQ === 1 ? 'Laplace' : `adaptive Gauss-Hermite quadrature, ${this.nAGQ} nodes`;
  }

  /** Log-likelihood (Laplace or quadrature approximation). */
  logLik(): number {
    return -this.negLogLik;
  }

  /** AIC = -2 logLik + 2 npar. */
  aic(): number {
    return 2 * this.negLogLik + 2 * this.npar;
  }

  /** BIC = -2 logLik + log(nobs) npar. */
  bic(): number {
    return 2 * this.negLogLik + Math.log(this.nobs) * this.npar;
  }

  /** max |gradient| at the optimum (ordinal's max.grad). */
  get maxGrad(): number {
    let m = 0;
    for (const g of this.gradient) m = Math.max(m, Math.abs(g));
    return m;
  }

  /** Condition number of the Hessian (largest / smallest eigenvalue; ordinal's cond.H). */
  get condH(): number {
    if (!this.hessian) return NaN;
    const ev = symmetricEigen(this.hessian, this.npar).values;
    return ev[0]! / ev[ev.length - 1]!;
  }

  /** Standard errors of all parameters (sqrt of the vcov diagonal). */
  standardErrors(): Float64Array {
    const n = this.npar;
    return Float64Array.from({ length: n }, (_, i) => Math.sqrt(this.vcov[i * n + i]!));
  }

  private rows(offset: number, names: string[], values: Float64Array): ClmmCoefRow[] {
    const se = this.standardErrors();
    return names.map((term, k) => {
      const estimate = values[k]!;
      const s = se[offset + k]!;
      const z = estimate / s;
      return { term, estimate, se: s, z, p: 2 * pnorm(-Math.abs(z)) };
    });
  }

  /** Coefficient table: estimate, SE, Wald z, two-sided p (summary(clmm)'s "Coefficients"). */
  coefficients(): ClmmCoefRow[] {
    return this.rows(this.nThresholds, this.fixefNames, this.beta);
  }

  /** Threshold table (summary(clmm)'s "Threshold coefficients", with p added). */
  thresholdTable(): ClmmCoefRow[] {
    return this.rows(0, this.thresholdNames, this.thresholds);
  }

  /** Random-effect SDs per term (ordinal's VarCorr). */
  randomSd(): ClmmRandomSd[] {
    return this.design.reterms.map((t, k) => ({ group: t.group, term: '(Intercept)' as const, levels: t.levels.length, sd: this.sd[k]!, variance: this.sd[k]! ** 2 }));
  }

  /** Number of levels per grouping factor. */
  get ngrps(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.design.reterms) out[t.group] = t.levels.length;
    return out;
  }

  /** Conditional modes b (latent scale) and conditional variances per grouping factor. */
  ranef(): ClmmRanef[] {
    return this.design.reterms.map((t, k) => ({
      group: t.group,
      levels: t.levels.slice(),
      mode: Array.from(this.modeValues.mode[k]!),
      condVar: Array.from(this.modeValues.condVar[k]!),
    }));
  }

  /**
   * Covariance of (coefficient) estimates for a linear combination L beta (L over fixefNames): returns
   * estimate and SE on the latent scale.
   */
  linearCombination(L: ArrayLike<number>): { estimate: number; se: number } {
    const p = this.beta.length;
    if (L.length !== p) throw new Error(`the combination has ${L.length} entries; the model has ${p} coefficients (${this.fixefNames.join(', ')})`);
    const n = this.npar;
    const o = this.nThresholds;
    let est = 0;
    let v = 0;
    for (let i = 0; i < p; i++) {
      est += L[i]! * this.beta[i]!;
      for (let j = 0; j < p; j++) v += L[i]! * L[j]! * this.vcov[(o + i) * n + o + j]!;
    }
    return { estimate: est, se: Math.sqrt(v) };
  }

  /** Predicted category probabilities per condition (see predict.ts). */
  predictProbabilities(options: PredictProbabilitiesOptions = {}): PredictedProbabilities {
    return predictProbabilities(this, options);
  }

  /** Pairwise contrasts of the levels of `factor` on the latent scale (see contrasts.ts). */
  pairwise(factor: string, options: LatentPairwiseOptions = {}): LatentPairwise {
    return latentPairwise(this, factor, options);
  }

  /** Text summary laid out like R's print(summary(clmm)). */
  summary(): string {
    return clmmSummaryText(this);
  }

  /** HTML summary for notebooks. */
  toHTML(): string {
    return clmmSummaryHtml(this);
  }

  toString(): string {
    return this.summary();
  }

  toJSON(): ClmmFitJson {
    return {
      formula: this.formula,
      approximation: this.approximation,
      nobs: this.nobs,
      thresholds: this.thresholdTable(),
      coefficients: this.coefficients(),
      random_sd: this.randomSd(),
      logLik: this.logLik(),
      df: this.npar,
      AIC: this.aic(),
      BIC: this.bic(),
      max_grad: this.maxGrad,
      cond_H: this.condH,
      converged: this.converged,
      warnings: this.warnings,
    };
  }
}
