/**
 * Fitting linear mixed models (lme4's lmer + lmerTest's summary), staged as in lme4:
 * buildDesign (lFormula) -> createDevianceFunction (mkLmerDevfun) -> minimizeBounded (optimizeLmer)
 * -> LmmFit (mkMerMod). Use {@link fitLmm} for the whole pipeline.
 */
import { Satterthwaite, type ContrastTest } from './satterthwaite';
import type { BlockedSystem } from './blocked';
import type { DataTable } from '../data/table';
import { ModelDataError, type DataInput } from './data';
import type { ModelFrame } from './frame';
import { buildDesign, type DesignOptions, type LmmDesign } from './design';
import { createDevianceFunction, type DevianceFunction } from './deviance';
import { cholBlock, spdSolve, symmetricEigen } from '../linalg/index';
import { minimizeBounded } from './optimizer';
import { momentStart } from './start';
import { countWork, workKey } from '../util/work-count';
import { summaryHtml, summaryText } from './summary';

/** Options of {@link fitLmm}. */
export interface FitOptions extends DesignOptions {
  /** REML (default true) or maximum likelihood (false). */
  reml?: boolean;
  /**
   * Starting theta (default: moment estimates for scalar terms, see momentStart; lme4's 1 on diagonals and 0
   * off them for vector-valued terms).
   */
  start?: ArrayLike<number>;
  /**
   * Optimizer settings: initial and final trust-region radius in theta (default initial radius 0.05 from the
   * moment start of an all-scalar model, else 0.2), maximum evaluations.
   */
  optimizer?: { rhoBeg?: number; rhoEnd?: number; maxEval?: number };
  /**
   * Compute derivatives at the optimum (default: when nobs < 10,000, as lme4): they polish theta by Newton
   * steps and give lme4's gradient convergence check.
   */
  derivatives?: boolean;
  /** Name of the data shown by summary() ("Data: ..."). */
  dataName?: string;
}

export type { FixefRow, VarCorrSd, VarCorrCor, RanefGroup, OptimizerInfo, LmmFitJson } from './fitTypes';
import type { FixefRow, VarCorrSd, VarCorrCor, RanefGroup, OptimizerInfo, LmmFitJson } from './fitTypes';

/** lme4's isSingular tolerance and check.boundary tolerance. */
const SINGULAR_TOL = 1e-4;
const BOUNDARY_TOL = 1e-5;
const DEFAULT_RHO_END = 1e-7;
const POLISHED_RHO_END = 1e-5;

/**
 * A fitted linear mixed model. Numbers follow lme4/lmerTest: `beta` (fixef), `vcov`, `theta`, `sigma`,
 * `fixef()` with Satterthwaite df, `varcorr()`, `ranef()`, `logLik()`, `aic()`, `bic()`.
 *
 * Internals for further inference (marginal means, Kenward-Roger) are public and documented: `design`
 * (X, Z terms, response), `system` (blocked cross-products A and factor L, left at theta-hat), `u`
 * (spherical random effects), `lambda()` (the Lambda blocks).
 */
export class LmmFit {
  /** The formula as given. */
  readonly formula: string;
  /** The design (X, random-effect terms, response). */
  readonly design: LmmDesign;
  /** Blocked cross-products and Cholesky factor, at theta-hat. */
  readonly system: BlockedSystem;
  /** The profiled deviance function (evaluating it moves `system`; call it at `theta` to restore). */
  readonly devfun: DevianceFunction;
  /** Fitted by REML (true) or ML (false). */
  readonly reml: boolean;
  /** Relative covariance parameters (lme4's theta). */
  readonly theta: Float64Array;
  /** Fixed effects. */
  readonly beta: Float64Array;
  /** Names of the fixed effects (R's column names). */
  readonly fixefNames: string[];
  /** Residual standard deviation. */
  readonly sigma: number;
  /** Var(beta), p x p row-major. */
  readonly vcov: Float64Array;
  /** Standard errors of beta. */
  readonly se: Float64Array;
  /** Spherical random effects u per term (levels x k row-major). */
  readonly u: Float64Array[];
  /** Conditional modes b = Lambda u per term (levels x k row-major). */
  readonly b: Float64Array[];
  /** REML criterion (REML fits) or deviance (ML fits) at the optimum. */
  readonly criterion: number;
  /** Number of observations used. */
  readonly nobs: number;
  /** Number of levels per grouping factor, e.g. { 'post:rater': 1448, rater: 97, post: 15 }. */
  readonly ngrps: Record<string, number>;
  /** Optimizer report. */
  readonly optimizer: OptimizerInfo;
  /** True when the optimizer converged and the gradient check (if run) passed. */
  readonly converged: boolean;
  /** True when a variance parameter is on its boundary (lme4's isSingular, tol 1e-4). */
  readonly singular: boolean;
  /** Messages and warnings, with lme4's wording where lme4 has one. */
  readonly warnings: string[];
  /** Data name shown in the summary. */
  readonly dataName: string;
  private readonly ldL2: number;
  private readonly ldRX2: number;
  private readonly pwrss: number;
  private satt: Satterthwaite | null = null;

  constructor(devfun: DevianceFunction, theta: Float64Array, optimizer: OptimizerInfo, options: { dataName?: string; derivatives?: { gradient: Float64Array; hessian: Float64Array } } = {}) {
    const design = devfun.design;
    this.devfun = devfun;
    this.design = design;
    this.system = devfun.system;
    this.reml = devfun.reml;
    this.formula = design.formula.text;
    this.theta = Float64Array.from(theta);
    this.criterion = devfun(this.theta);
    const sys = this.system;
    this.ldL2 = sys.logdetL();
    this.ldRX2 = sys.logdetRX();
    this.pwrss = sys.pwrss();
    const { beta, u } = sys.solve();
    this.beta = beta;
    this.u = u;
    this.fixefNames = design.fixefNames.slice();
    this.nobs = design.n;
    this.sigma = Math.sqrt(this.pwrss / (this.reml ? design.n - design.p : design.n));
    const m = sys.unscaledVcov();
    const s2 = this.sigma * this.sigma;
    this.vcov = Float64Array.from(m, (v) => v * s2);
    this.se = Float64Array.from({ length: design.p }, (_, i) => Math.sqrt(this.vcov[i * design.p + i]!));
    this.b = design.reterms.map((t, ti) => {
      const lam = sys.lambda[ti]!;
      const k = t.k;
      const ut = u[ti]!;
      const bt = new Float64Array(ut.length);
      for (let l = 0; l < t.levels.length; l++) {
        for (let r = 0; r < k; r++) {
          let s = 0;
          for (let c = 0; c <= r; c++) s += lam[r * k + c]! * ut[l * k + c]!;
          bt[l * k + r] = s;
        }
      }
      return bt;
    });
    this.ngrps = {};
    for (const t of design.reterms) if (!(t.factor in this.ngrps)) this.ngrps[t.factor] = t.levels.length;
    this.optimizer = optimizer;
    this.dataName = options.dataName ?? 'data';
    const warnings = design.messages.slice();
    let converged = optimizer.converged;
    if (!optimizer.converged) warnings.push(`convergence failure: ${optimizer.message}`);
    this.singular = design.lowerBounds.some((lo, i) => lo === 0 && Math.abs(this.theta[i]!) < SINGULAR_TOL);
    if (options.derivatives) {
      const msg = gradientCheckMessage(options.derivatives.gradient, options.derivatives.hessian, this.singular);
      if (msg) {
        warnings.push(msg);
        converged = false;
      }
    }
    if (this.singular) warnings.push("boundary (singular) fit: see help('isSingular')");
    this.converged = converged;
    this.warnings = warnings;
  }

  /** Number of fixed-effect coefficients. */
  get p(): number {
    return this.design.p;
  }

  /** The REML criterion (REML fits) or null (ML fits). */
  get remlCriterion(): number | null {
    return this.reml ? this.criterion : null;
  }

  /**
   * Deviance: -2 logLik for ML fits; for REML fits the ML deviance at the REML estimates of theta
   * (lme4's deviance(fit, REML = FALSE)), log|L|^2 + n (1 + log(2 pi r2 / n)).
   */
  deviance(): number {
    const n = this.nobs;
    return this.ldL2 + n * (1 + Math.log((2 * Math.PI * this.pwrss) / n));
  }

  /** Number of parameters: p + length(theta) + 1. */
  get npar(): number {
    return this.design.p + this.theta.length + 1;
  }

  /** Log-likelihood (REML fits: the REML log-likelihood, -criterion / 2, as lme4's logLik()). */
  logLik(): number {
    return -this.criterion / 2;
  }

  /** AIC = -2 logLik + 2 npar (REML fits use the REML criterion, as lme4). */
  aic(): number {
    return this.criterion + 2 * this.npar;
  }

  /** BIC = -2 logLik + log(n) npar. */
  bic(): number {
    return this.criterion + Math.log(this.nobs) * this.npar;
  }

  /** The Lambda blocks (k x k lower triangular, row-major) per term at theta-hat. */
  lambda(): Float64Array[] {
    return this.system.lambda.map((l) => Float64Array.from(l));
  }

  /**
   * Satterthwaite t-test of a contrast L (same as contrast(L)), or, without L, the Satterthwaite machinery
   * (Hessian of the deviance in (theta, sigma), Jacobian of vcov; computed once, on first use).
   */
  satterthwaite(): Satterthwaite;
  satterthwaite(L: readonly number[] | Float64Array | Record<string, number>): ContrastTest;
  satterthwaite(L?: readonly number[] | Float64Array | Record<string, number>): Satterthwaite | ContrastTest {
    if (L !== undefined) return this.contrast(L);
    return this.machinery();
  }

  private machinery(): Satterthwaite {
    if (!this.satt) {
      const sys = this.system;
      this.satt = new Satterthwaite({
        n: this.nobs,
        p: this.design.p,
        reml: this.reml,
        theta: this.theta,
        sigma: this.sigma,
        evaluate: (th) => {
          sys.update(th);
          return { logdet: sys.logdetL() + (this.reml ? sys.logdetRX() : 0), r2: sys.pwrss(), unscaledVcov: sys.unscaledVcov() };
        },
      });
      sys.update(this.theta);
    }
    return this.satt;
  }

  /** Fixed-effects table: estimate, SE, Satterthwaite df, t, two-sided p (lmerTest's summary). */
  fixef(): FixefRow[] {
    const s = this.machinery();
    return this.fixefNames.map((term, i) => {
      const L = new Float64Array(this.p);
      L[i] = 1;
      const r = s.test(L, this.beta);
      return { term, estimate: this.beta[i]!, se: this.se[i]!, df: r.df, t: r.t, p: r.p };
    });
  }

  /**
   * t-test of a contrast L beta (lmerTest's contest1D): L as numbers in fixefNames order, or as
   * { term: weight }. Returns estimate, SE, Satterthwaite df, t, two-sided p.
   * @example fit.contrast({ sourcegpt4: 1, sourcellama2: -1 })  // GPT-4 vs Llama 2
   */
  contrast(L: readonly number[] | Float64Array | Record<string, number>, level = 0.95): ContrastTest {
    let vec: Float64Array;
    if (Array.isArray(L) || L instanceof Float64Array) {
      vec = Float64Array.from(L as ArrayLike<number>);
    } else {
      vec = new Float64Array(this.p);
      for (const [term, w] of Object.entries(L as Record<string, number>)) {
        const i = this.fixefNames.indexOf(term);
        if (i < 0) throw new Error(`unknown fixed-effect term '${term}' (terms: ${this.fixefNames.join(', ')})`);
        vec[i] = w;
      }
    }
    if (vec.length !== this.p) throw new Error(`contrast has ${vec.length} entries; the model has ${this.p} fixed effects (${this.fixefNames.join(', ')})`);
    return this.machinery().test(vec, this.beta, level);
  }

  /** Variance components as lme4's VarCorr: SD rows per term (then correlations), then the residual. */
  varcorr(): { sd: VarCorrSd[]; cor: VarCorrCor[] } {
    const sd: VarCorrSd[] = [];
    const cor: VarCorrCor[] = [];
    this.design.reterms.forEach((t, ti) => {
      const k = t.k;
      const lam = this.system.lambda[ti]!;
      // Covariance = sigma^2 Lambda Lambda'.
      const cov = new Float64Array(k * k);
      for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) {
        let s = 0;
        for (let x = 0; x < k; x++) s += lam[a * k + x]! * lam[c * k + x]!;
        cov[a * k + c] = s * this.sigma * this.sigma;
      }
      for (let a = 0; a < k; a++) sd.push({ group: t.group, term: t.cnames[a]!, sd: Math.sqrt(cov[a * k + a]!), variance: cov[a * k + a]! });
      for (let c = 0; c < k; c++) for (let a = c + 1; a < k; a++) {
        const den = Math.sqrt(cov[a * k + a]! * cov[c * k + c]!);
        cor.push({ group: t.group, term1: t.cnames[c]!, term2: t.cnames[a]!, cor: den > 0 ? cov[a * k + c]! / den : NaN });
      }
    });
    sd.push({ group: 'Residual', term: null, sd: this.sigma, variance: this.sigma * this.sigma });
    return { sd, cor };
  }

  /** VarCorr rows in one list as the JSON output has them: per term its SDs then its correlations, then Residual. */
  varcorrRows(): (VarCorrSd | VarCorrCor)[] {
    const { sd, cor } = this.varcorr();
    const rows: (VarCorrSd | VarCorrCor)[] = [];
    for (const t of this.design.reterms) {
      rows.push(...sd.filter((r) => r.group === t.group));
      rows.push(...cor.filter((r) => r.group === t.group));
    }
    rows.push(sd[sd.length - 1]!);
    return rows;
  }

  /**
   * Conditional modes of the random effects per grouping factor (lme4's ranef), with conditional SDs
   * (sqrt of the diagonal of sigma^2 Lambda (Lambda'Z'Z Lambda + I)^-1 Lambda') when condVar is true.
   */
  ranef(options: { condVar?: boolean } = {}): RanefGroup[] {
    const inv = options.condVar ? this.system.inverseDiagBlocks() : null;
    const groups: RanefGroup[] = [];
    this.design.reterms.forEach((t, ti) => {
      let g = groups.find((x) => x.group === t.factor);
      if (!g) {
        g = { group: t.factor, terms: [], levels: t.levels.slice(), values: t.levels.map(() => []), ...(inv ? { condsd: t.levels.map(() => []) } : {}) };
        groups.push(g);
      }
      g.terms.push(...t.cnames);
      const k = t.k;
      const bt = this.b[ti]!;
      const lam = this.system.lambda[ti]!;
      for (let l = 0; l < t.levels.length; l++) {
        for (let c = 0; c < k; c++) g.values[l]!.push(bt[l * k + c]!);
        if (inv) {
          const M = inv[ti]!;
          for (let c = 0; c < k; c++) {
            // (Lambda M Lambda')_cc
            let s = 0;
            for (let x = 0; x < k; x++) for (let y = 0; y < k; y++) s += lam[c * k + x]! * M[l * k * k + x * k + y]! * lam[c * k + y]!;
            g.condsd![l]!.push(this.sigma * Math.sqrt(s));
          }
        }
      }
    });
    return groups;
  }

  /** Fitted values X beta + Z b, one per observation (in data order, rows with missing values excluded). */
  fitted(): Float64Array {
    const d = this.design;
    const out = new Float64Array(d.n);
    for (let i = 0; i < d.n; i++) {
      let s = 0;
      for (let c = 0; c < d.p; c++) s += d.X[i * d.p + c]! * this.beta[c]!;
      d.reterms.forEach((t, ti) => {
        const l = t.refs[i]!;
        for (let c = 0; c < t.k; c++) s += t.z[i * t.k + c]! * this.b[ti]![l * t.k + c]!;
      });
      out[i] = s;
    }
    return out;
  }

  /** Response residuals y - fitted. */
  residuals(): Float64Array {
    const f = this.fitted();
    return Float64Array.from(this.design.y, (y, i) => y - f[i]!);
  }

  /** Residuals divided by sigma (lme4's residuals(fit, "pearson", scaled = TRUE) for unweighted fits). */
  scaledResiduals(): Float64Array {
    return this.residuals().map((r) => r / this.sigma);
  }

  /** Correlation matrix of the fixed effects, p x p row-major. */
  fixefCorrelation(): Float64Array {
    const p = this.p;
    return Float64Array.from(this.vcov, (v, x) => v / (this.se[Math.floor(x / p)]! * this.se[x % p]!));
  }

  /** The summary as text, laid out like R's summary() of an lmerTest fit. */
  summary(): string {
    return summaryText(this);
  }

  /** The summary as an HTML fragment (for notebooks). */
  toHTML(): string {
    return summaryHtml(this);
  }

  /** Same as summary(). */
  toString(): string {
    return this.summary();
  }

  /** The JSON object of `empathy-lab fit --json`. */
  toJSON(): LmmFitJson {
    const satWarnings = this.machinery().warnings;
    return {
      formula: this.formula,
      reml: this.reml,
      nobs: this.nobs,
      fixef: this.fixef(),
      varcorr: this.varcorrRows(),
      sigma: this.sigma,
      reml_criterion: this.remlCriterion,
      deviance: this.deviance(),
      loglik: this.logLik(),
      aic: this.aic(),
      bic: this.bic(),
      converged: this.converged,
      singular: this.singular,
      dropped: this.design.frame.report.dropsByReason,
      warnings: [...this.warnings, ...satWarnings],
    };
  }
}

/** Central-difference gradient and Hessian of the profiled deviance at theta (lme4's deriv12, step 1e-4). */
export function devianceDerivatives(devfun: DevianceFunction, theta: Float64Array, h = 1e-4): { f: number; gradient: Float64Array; hessian: Float64Array } {
  const k = theta.length;
  const f0 = devfun(theta);
  const fAt = (d: number[]) => devfun(Float64Array.from(theta, (v, i) => v + d[i]!));
  const g = new Float64Array(k);
  const H = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const e = new Array(k).fill(0);
    e[i] = h;
    const fp = fAt(e);
    e[i] = -h;
    const fm = fAt(e);
    g[i] = (fp - fm) / (2 * h);
    H[i * k + i] = (fp - 2 * f0 + fm) / (h * h);
  }
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
    const d = new Array(k).fill(0);
    d[i] = h;
    d[j] = h;
    const fpp = fAt(d);
    d[j] = -h;
    const fpm = fAt(d);
    d[i] = -h;
    const fmm = fAt(d);
    d[j] = h;
    const fmp = fAt(d);
    H[i * k + j] = H[j * k + i] = (fpp - fpm - fmp + fmm) / (4 * h * h);
  }
  return { f: f0, gradient: g, hessian: H };
}

/**
 * lme4's gradient check (checkConv, run when nobs < 1e4): with H = R'R, the scaled gradient R^-1 g; warns
 * when max(min(|scaled|, |g|)) > 0.002. Returns lme4's message or null.
 */
function gradientCheckMessage(g: Float64Array, H: Float64Array, singular: boolean): string | null {
  const k = g.length;
  const L = Float64Array.from(H);
  if (!cholBlock(L, 0, k)) {
    if (singular) return null;
    const neg = symmetricEigen(H, k).values.filter((v) => v < -1e-6).length;
    return neg > 0 ? `Model failed to converge: degenerate  Hessian with ${neg} negative eigenvalues` : 'unable to evaluate scaled gradient';
  }
  const sc = Float64Array.from(g);
  for (let i = k - 1; i >= 0; i--) {
    let s = sc[i]!;
    for (let j = i + 1; j < k; j++) s -= L[j * k + i]! * sc[j]!;
    sc[i] = s / L[i * k + i]!;
  }
  let worst = 0;
  let comp = 0;
  for (let i = 0; i < k; i++) {
    const v = Math.min(Math.abs(sc[i]!), Math.abs(g[i]!));
    if (v > worst) {
      worst = v;
      comp = i + 1;
    }
  }
  return worst > 2e-3 ? `Model failed to converge with max|grad| = ${Number(worst.toPrecision(6))} (tol = 0.002, component ${comp})` : null;
}

/**
 * Newton polish of an optimum found by the derivative-free optimizer. Near the optimum the profiled deviance
 * is flat and its rounding noise (~1e-11) limits a derivative-free search to ~1e-5 in theta; central
 * differences with step 1e-4 average that noise out, and one or two Newton steps on the free (non-bound)
 * parameters bring theta to ~1e-7. A step is kept only when it does not raise the deviance beyond noise.
 */
function newtonPolish(devfun: DevianceFunction, theta: Float64Array, fval: number): { theta: Float64Array; f: number; gradient: Float64Array; hessian: Float64Array; evaluations: number } {
  let th = Float64Array.from(theta);
  let f = fval;
  let evaluations = 0;
  const k = th.length;
  let der = devianceDerivatives(devfun, th);
  evaluations += 2 * k * k + 1;
  for (let iter = 0; iter < 3; iter++) {
    const free: number[] = [];
    for (let i = 0; i < k; i++) if (!(devfun.lower[i] === 0 && th[i]! <= 0 && der.gradient[i]! >= 0)) free.push(i);
    if (free.length === 0) break;
    const nf = free.length;
    const Hf = new Float64Array(nf * nf);
    free.forEach((i, a) => free.forEach((j, b) => (Hf[a * nf + b] = der.hessian[i * k + j]!)));
    // Solve Hf step = -g.
    const y = spdSolve(Hf, Float64Array.from(free, (i) => -der.gradient[i]!), nf);
    if (!y) break;
    let size = 0;
    for (const v of y) size = Math.max(size, Math.abs(v));
    if (size < 1e-8 || size > 1e-2) break;
    const cand = Float64Array.from(th);
    free.forEach((i, a) => (cand[i] = Math.max(cand[i]! + y[a]!, devfun.lower[i]!)));
    const fc = devfun(cand);
    evaluations++;
    // Accept unless the deviance rose beyond its rounding noise (~1e-12 relative for large designs).
    if (!(fc <= f + 1e-11 * Math.max(1, Math.abs(f)))) break;
    th = cand;
    f = Math.min(f, fc);
    // A small step from an accurate Hessian lands within the noise: no need to differentiate again.
    if (size < 1e-4) break;
    der = devianceDerivatives(devfun, th);
    evaluations += 2 * k * k + 1;
  }
  return { theta: th, f, gradient: der.gradient, hessian: der.hessian, evaluations };
}

/**
 * Optimizes the profiled deviance of a design and returns the fit (lme4's optimizeLmer + mkMerMod),
 * including lme4's boundary check (a theta within 1e-5 of its bound is set to the bound if that is no worse).
 */
export function fitDesign(design: LmmDesign, options: FitOptions = {}, system?: BlockedSystem): LmmFit {
  countWork('LMM fit', () => workKey(design.formula.text, options.reml === false ? 'ML' : 'REML', design.y, design.X, ...design.reterms.map((t) => t.refs)));
  const devfun = createDevianceFunction(design, { reml: options.reml ?? true, system });
  // Without a given start: moment estimates for scalar terms (lme4's 1 / 0 for vector-valued ones); they
  // are usually close to the optimum, so the first trust region is smaller than from lme4's start.
  const start = options.start ? Array.from(options.start) : momentStart(devfun.system);
  const nearStart = !options.start && design.reterms.every((t) => t.k === 1);
  if (start.length !== design.nTheta) throw new Error(`start has ${start.length} values; the model has ${design.nTheta} (${design.thetaNames.join(', ')})`);
  // With derivatives (small data) the optimizer only needs to get close: Newton steps finish the job.
  const polish = options.derivatives ?? design.n < 1e4;
  const rhoEnd = options.optimizer?.rhoEnd ?? (polish ? POLISHED_RHO_END : DEFAULT_RHO_END);
  const opt = minimizeBounded((x) => devfun(x), start, { lower: devfun.lower, rhoBeg: options.optimizer?.rhoBeg ?? (nearStart ? 0.05 : 0.2), rhoEnd, maxEval: options.optimizer?.maxEval });
  let theta = opt.x;
  let fval = opt.f;
  if (!Number.isFinite(fval)) {
    throw new ModelDataError(
      `the ${options.reml ?? true ? 'REML criterion' : 'deviance'} is not finite at every variance parameter tried (got ${fval}): ` +
        'the data are too large or too small in scale for double precision, or degenerate; rescale the response and covariates',
      { file: design.frame.file },
    );
  }
  // lme4's check.boundary.
  const near = devfun.lower.map((lo, i) => lo === 0 && theta[i]! > 0 && theta[i]! < BOUNDARY_TOL);
  if (near.some(Boolean)) {
    const t2 = Float64Array.from(theta, (v, i) => (near[i] ? 0 : v));
    const f2 = devfun(t2);
    if (f2 < fval) {
      theta = t2;
      fval = f2;
    }
  }
  let evaluations = opt.evaluations;
  let derivatives: { gradient: Float64Array; hessian: Float64Array } | undefined;
  if (polish) {
    const pol = newtonPolish(devfun, theta, fval);
    theta = pol.theta;
    fval = pol.f;
    evaluations += pol.evaluations;
    derivatives = pol;
  }
  return new LmmFit(devfun, theta, { evaluations, converged: opt.converged, message: opt.message, rhoEnd }, { dataName: options.dataName, derivatives });
}

/**
 * Fits a linear mixed model by REML (default) or ML.
 * @example
 *   const fit = fitLmm('rating ~ source + (1|post:rater) + (1|post) + (1|rater)', rows, { reference: { source: 'human' } });
 *   console.log(fit.summary());  fit.fixef();  fit.contrast({ sourcegpt4: 1, sourcellama2: -1 });
 */
export function fitLmm(formula: string, data: DataInput | DataTable | ModelFrame, options: FitOptions = {}): LmmFit {
  const design = buildDesign(formula, data, options);
  return fitDesign(design, options);
}
