/**
 * The Laplace approximation to the log-likelihood of a cumulative link mixed model with random intercepts,
 * and its exact gradient (ordinal::clmm's objective; Christensen, R package ordinal, clmm.R: getNLA).
 *
 * Parameters psi = (thresholds theta_1..theta_{J-1}, beta, tau_t = log sd_t). With spherical random effects
 * u ~ N(0, I) and b = Lambda u (Lambda = sd per term), eta_i = x_i' beta + sum_t sd_t u_t[g_t(i)],
 *
 *   h(u)   = -sum_i log pi_i(u) + u'u / 2,           pi_i = F(theta_{y_i} - eta_i) - F(theta_{y_i - 1} - eta_i)
 *   N(psi) = h(u^) + log|D| / 2,                       D = d^2 h / du du' = I + Lambda Z' W Z Lambda
 *
 * at the conditional modes u^ (Newton's method with step halving, as ordinal's update.u, warm-started; steps
 * reuse an earlier factor of D while that converges fast, see updateModes).
 * The gradient of N includes the dependence of u^ and D on psi (implicit differentiation; needs the third
 * derivative of log pi and the entries of D^-1 on the pattern of D, see structure.ts).
 */
import type { ClmmDesign } from './design';
import { newObservationTerms, observationTerms } from './link';
import { BlockedHessian, buildReStructure, type ReStructure } from './structure';

/**
 * A chord step (with the factor of an earlier D) is kept while it cuts max |dh/du| at least this many
 * times; otherwise D is factored afresh (Newton).
 */
const CHORD_CONTRACTION = 0.1;

/** Result of one evaluation. */
export interface LaplaceEvaluation {
  /** Negative log-likelihood (Laplace approximation); Infinity where the parameters are infeasible. */
  value: number;
  /** Gradient in psi (only when requested and the value is finite). */
  gradient?: Float64Array;
}

/** Settings of the conditional-mode loop. */
export interface InnerLoopOptions {
  /** Stop when max |dh/du| is below this (default 1e-10). */
  gradTol?: number;
  /** Maximum Newton iterations (default 100). */
  maxIter?: number;
}

/** Laplace objective of a design; keeps the last conditional modes as the next start. */
export class LaplaceObjective {
  readonly design: ClmmDesign;
  readonly st: ReStructure;
  readonly hess: BlockedHessian;
  /** Number of thresholds, fixed effects, random terms. */
  readonly nTheta: number;
  readonly p: number;
  readonly T: number;
  /** Total number of parameters. */
  readonly npar: number;
  /** Conditional modes u (spherical) of the last evaluation. */
  u: Float64Array;
  /** Evaluations so far and Newton iterations of the inner loop. */
  evaluations = 0;
  innerIterations = 0;
  /** The last finite evaluation: the modes, the factor of D and the work arrays refer to it. */
  private last: { psi: Float64Array; value: number; gradient?: Float64Array } | null = null;
  /** Whether this.hess holds a factor of D (at some earlier u and parameters). */
  private factorHeld = false;
  private readonly gradTol: number;
  private readonly maxIter: number;
  // Work arrays (per observation).
  private readonly etaFix: Float64Array;
  private readonly eta: Float64Array;
  private readonly s: Float64Array;
  private readonly w: Float64Array;
  private readonly logp: Float64Array;
  private readonly third: Record<'na' | 'nb' | 'sa' | 'sb' | 'wa' | 'wb' | 'w3' | 'c', Float64Array>;

  constructor(design: ClmmDesign, options: InnerLoopOptions = {}) {
    this.design = design;
    const n = design.n;
    this.st = buildReStructure(
      design.reterms.map((t) => t.refs),
      design.reterms.map((t) => t.levels.length),
      n,
    );
    this.hess = new BlockedHessian(this.st);
    this.nTheta = design.nCat - 1;
    this.p = design.p;
    this.T = design.reterms.length;
    this.npar = this.nTheta + this.p + this.T;
    this.u = new Float64Array(this.st.offset[this.T]!);
    this.gradTol = options.gradTol ?? 1e-10;
    this.maxIter = options.maxIter ?? 100;
    this.etaFix = new Float64Array(n);
    this.eta = new Float64Array(n);
    this.s = new Float64Array(n);
    this.w = new Float64Array(n);
    this.logp = new Float64Array(n);
    this.third = { na: new Float64Array(n), nb: new Float64Array(n), sa: new Float64Array(n), sb: new Float64Array(n), wa: new Float64Array(n), wb: new Float64Array(n), w3: new Float64Array(n), c: new Float64Array(n) };
  }

  /** Splits psi into thresholds, beta and the SDs. */
  unpack(psi: ArrayLike<number>): { theta: Float64Array; beta: Float64Array; sd: Float64Array } {
    const theta = new Float64Array(this.nTheta);
    const beta = new Float64Array(this.p);
    const sd = new Float64Array(this.T);
    for (let j = 0; j < this.nTheta; j++) theta[j] = psi[j]!;
    for (let k = 0; k < this.p; k++) beta[k] = psi[this.nTheta + k]!;
    for (let t = 0; t < this.T; t++) sd[t] = Math.exp(psi[this.nTheta + this.p + t]!);
    return { theta, beta, sd };
  }

  /** -sum log pi and s, w per observation at the current eta; false if some pi is 0. */
  private observationPass(theta: Float64Array, order: 1 | 2): { nll: number; ok: boolean } {
    const { n, y } = this.design;
    const J1 = this.nTheta;
    const ot = newObservationTerms();
    let nll = 0;
    for (let i = 0; i < n; i++) {
      const j = y[i]!;
      const e = this.eta[i]!;
      const a = j < J1 ? theta[j]! - e : Infinity;
      const b = j > 0 ? theta[j - 1]! - e : -Infinity;
      if (!(a > b) || !observationTerms(a, b, order, ot)) return { nll: Infinity, ok: false };
      nll -= ot.logp;
      this.logp[i] = ot.logp;
      this.s[i] = ot.s;
      this.w[i] = ot.w;
    }
    return { nll, ok: true };
  }

  private setEta(sd: Float64Array, u: Float64Array): void {
    const { n } = this.design;
    const { T, refs, offset } = this.st;
    for (let i = 0; i < n; i++) {
      let e = this.etaFix[i]!;
      for (let t = 0; t < T; t++) e += sd[t]! * u[offset[t]! + refs[t]![i]!]!;
      this.eta[i] = e;
    }
  }

  /** g = Lambda Z' s + u. */
  private gradU(sd: Float64Array, u: Float64Array, g: Float64Array): number {
    const { n } = this.design;
    const { T, refs, offset } = this.st;
    g.set(u);
    for (let i = 0; i < n; i++) {
      const si = this.s[i]!;
      for (let t = 0; t < T; t++) g[offset[t]! + refs[t]![i]!] += sd[t]! * si;
    }
    let m = 0;
    for (let k = 0; k < g.length; k++) m = Math.max(m, Math.abs(g[k]!));
    return m;
  }

  private static halfSumSq(u: Float64Array): number {
    let s = 0;
    for (let k = 0; k < u.length; k++) s += u[k]! * u[k]!;
    return s / 2;
  }

  /**
   * Conditional modes at (theta, beta, sd), from the last modes: Newton steps u <- u - D^-1 g with step
   * halving. Factoring D is the expensive part, so a step first tries the factor already held (of D at an
   * earlier u, or at the previous evaluation's parameters: a chord step, usually enough near the mode and
   * for the small parameter changes of line searches and difference Hessians) and factors D afresh only
   * when that factor does not cut max |g| at least CHORD_CONTRACTION-fold or needs step halving. The mode
   * is reached at max |g| < gradTol (then refined by cheap steps, see below), and D is factored at the
   * final u. On return s, w, logp, eta and the factor of D refer to u^. Returns h(u^), or Infinity.
   */
  private updateModes(theta: Float64Array, sd: Float64Array): number {
    const q = this.u.length;
    const u = this.u;
    this.setEta(sd, u);
    let pass = this.observationPass(theta, 2);
    if (!pass.ok) {
      // The last modes may be infeasible for these parameters: restart from 0.
      u.fill(0);
      this.setEta(sd, u);
      pass = this.observationPass(theta, 2);
      if (!pass.ok) return Infinity;
    }
    let h = pass.nll + LaplaceObjective.halfSumSq(u);
    if (q === 0) return h;
    const g = new Float64Array(q);
    const step = new Float64Array(q);
    const uTry = new Float64Array(q);
    // The factor this.hess holds: of D at the current u and parameters ('fresh'), of an earlier D ('stale'),
    // or none usable.
    let held: 'fresh' | 'stale' | 'none' = this.factorHeld ? 'stale' : 'none';
    let chordStep = false;
    let lastMaxG = Infinity;
    const refactor = (): boolean => (this.factorHeld = this.hess.factor(sd, this.w));
    for (let iter = 0; ; iter++) {
      const maxG = this.gradU(sd, u, g);
      if (iter >= this.maxIter) break;
      // Below gradTol the mode is found; cheap steps with the held factor continue while they still cut
      // max |g| CHORD_CONTRACTION-fold, down to gradTol / 1000 (chord steps converge linearly: without them
      // u would stop just below gradTol and log|D| would carry an error of that order).
      const polishing = maxG < this.gradTol;
      if (polishing && (maxG < 1e-3 * this.gradTol || held === 'none' || !(maxG < CHORD_CONTRACTION * lastMaxG))) break;
      if (!polishing && (held === 'none' || (chordStep && maxG > CHORD_CONTRACTION * lastMaxG))) {
        if (!refactor()) return Infinity;
        held = 'fresh';
      }
      chordStep = held === 'stale';
      lastMaxG = maxG;
      this.hess.solve(g, step);
      let scale = 1;
      let accepted = false;
      for (let half = 0; half < (chordStep || polishing ? 1 : 60); half++) {
        for (let k = 0; k < q; k++) uTry[k] = u[k]! - scale * step[k]!;
        this.setEta(sd, uTry);
        const p = this.observationPass(theta, 2);
        const hTry = p.ok ? p.nll + LaplaceObjective.halfSumSq(uTry) : Infinity;
        if (hTry <= h + 1e-13 * Math.abs(h)) {
          u.set(uTry);
          h = hTry;
          accepted = true;
          break;
        }
        scale /= 2;
      }
      this.innerIterations++;
      if (accepted) {
        held = 'stale';
        continue;
      }
      // Restore the state at u.
      this.setEta(sd, u);
      this.observationPass(theta, 2);
      if (chordStep && !polishing) {
        // The earlier factor is not good enough here: factor D at u and take a Newton step.
        if (!refactor()) return Infinity;
        held = 'fresh';
        chordStep = false;
        continue;
      }
      // No decrease at rounding level: u is the mode to machine precision.
      this.gradU(sd, u, g);
      break;
    }
    if (held !== 'fresh' && !refactor()) return Infinity;
    return h;
  }

  /**
   * Negative Laplace log-likelihood at psi, with its gradient when `withGradient`. A repeated call at the
   * psi of the last evaluation (optimisers ask for the gradient at a point whose value they have) reuses
   * its modes and factor: it does not count as an evaluation.
   */
  evaluate(psi: ArrayLike<number>, withGradient = false): LaplaceEvaluation {
    const last = this.last;
    if (last && last.psi.length === psi.length && last.psi.every((x, k) => x === psi[k])) {
      if (withGradient && !last.gradient) {
        const { theta, sd } = this.unpack(psi);
        last.gradient = this.gradientAtModes(theta, sd);
      }
      return withGradient ? { value: last.value, gradient: Float64Array.from(last.gradient!) } : { value: last.value };
    }
    this.last = null;
    this.evaluations++;
    const { theta, beta, sd } = this.unpack(psi);
    for (let j = 1; j < theta.length; j++) if (!(theta[j]! > theta[j - 1]!)) return { value: Infinity };
    const { n, X, p } = this.design;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let k = 0; k < p; k++) e += X[i * p + k]! * beta[k]!;
      this.etaFix[i] = e;
    }
    const h = this.updateModes(theta, sd);
    if (!Number.isFinite(h)) return { value: Infinity };
    const value = h + this.hess.logdet() / 2;
    const gradient = withGradient ? this.gradientAtModes(theta, sd) : undefined;
    this.last = { psi: Float64Array.from(psi), value, gradient };
    return gradient ? { value, gradient: Float64Array.from(gradient) } : { value };
  }

  /** Gradient of N at the current modes (see the module comment for the terms). */
  private gradientAtModes(theta: Float64Array, sd: Float64Array): Float64Array {
    const { n, y, X, p } = this.design;
    const { T, refs, offset, q } = this.st;
    const J1 = this.nTheta;
    const G = new Float64Array(this.npar);
    const u = this.u;
    // Third-order terms per observation.
    const ot = newObservationTerms();
    const { na, nb, sa, sb, wa, wb, w3 } = this.third;
    for (let i = 0; i < n; i++) {
      const j = y[i]!;
      const e = this.eta[i]!;
      const a = j < J1 ? theta[j]! - e : Infinity;
      const b = j > 0 ? theta[j - 1]! - e : -Infinity;
      observationTerms(a, b, 3, ot);
      na[i] = ot.na;
      nb[i] = ot.nb;
      sa[i] = ot.sa;
      sb[i] = ot.sb;
      wa[i] = ot.wa;
      wb[i] = ot.wb;
      w3[i] = ot.w3;
    }
    // c_i = z~_i' D^-1 z~_i (z~_i = Lambda Z' row i), trace of D^-1 per term.
    const c = this.third.c;
    c.fill(0);
    const traces = new Float64Array(T);
    let zeta: Float64Array | null = null;
    let xi: Float64Array | null = null;
    if (T > 0) {
      this.hess.selectedInverse();
      this.hess.leverages(sd, c);
      const dinv = this.hess.inverseDiagonal(new Float64Array(u.length));
      for (let t = 0; t < T; t++) for (let k = offset[t]!; k < offset[t + 1]!; k++) traces[t] += dinv[k]!;
      // rho = Lambda Z' (c o w3), xi = D^-1 rho, zeta = Z Lambda xi.
      const rho = new Float64Array(u.length);
      for (let i = 0; i < n; i++) {
        const v = c[i]! * w3[i]!;
        for (let t = 0; t < T; t++) rho[offset[t]! + refs[t]![i]!] += sd[t]! * v;
      }
      xi = this.hess.solve(rho, new Float64Array(u.length));
      zeta = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let z = 0;
        for (let t = 0; t < T; t++) z += sd[t]! * xi[offset[t]! + refs[t]![i]!]!;
        zeta[i] = z;
      }
    }
    const oBeta = J1;
    const oTau = J1 + p;
    for (let i = 0; i < n; i++) {
      const j = y[i]!;
      const ci = c[i]!;
      const zi = zeta ? zeta[i]! : 0;
      if (j < J1) G[j] += na[i]! + 0.5 * ci * wa[i]! - 0.5 * zi * sa[i]!;
      if (j > 0) G[j - 1] += nb[i]! + 0.5 * ci * wb[i]! - 0.5 * zi * sb[i]!;
      const ei = this.s[i]! + 0.5 * ci * w3[i]! - 0.5 * zi * this.w[i]!;
      for (let k = 0; k < p; k++) G[oBeta + k] += X[i * p + k]! * ei;
      for (let t = 0; t < T; t++) G[oTau + t] += sd[t]! * u[offset[t]! + refs[t]![i]!]! * ei;
    }
    if (T > 0 && xi) {
      // (q_t - tr_t(D^-1)) - xi_t' (Lambda_t Z_t' s) / 2
      const LZs = new Float64Array(u.length);
      for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) LZs[offset[t]! + refs[t]![i]!] += sd[t]! * this.s[i]!;
      for (let t = 0; t < T; t++) {
        let dot = 0;
        for (let k = offset[t]!; k < offset[t + 1]!; k++) dot += xi[k]! * LZs[k]!;
        G[oTau + t] += q[t]! - traces[t]! - 0.5 * dot;
      }
    }
    return G;
  }

  /**
   * Conditional modes b = sd * u^ and conditional variances sd^2 (D^-1)_kk per term at the last evaluated
   * parameters (ordinal's ranef and condVar).
   */
  modes(psi: ArrayLike<number>): { mode: Float64Array[]; condVar: Float64Array[] } {
    this.evaluate(psi, false);
    const { sd } = this.unpack(psi);
    const { T, offset, q } = this.st;
    this.hess.selectedInverse();
    const dinv = this.hess.inverseDiagonal(new Float64Array(this.u.length));
    const mode: Float64Array[] = [];
    const condVar: Float64Array[] = [];
    for (let t = 0; t < T; t++) {
      const m = new Float64Array(q[t]!);
      const v = new Float64Array(q[t]!);
      for (let k = 0; k < q[t]!; k++) {
        m[k] = sd[t]! * this.u[offset[t]! + k]!;
        v[k] = sd[t]! * sd[t]! * dinv[offset[t]! + k]!;
      }
      mode.push(m);
      condVar.push(v);
    }
    return { mode, condVar };
  }
}
