/**
 * Bound-constrained derivative-free minimization by quadratic models in a trust region (in the family of
 * Powell's BOBYQA, which lme4 uses through NLopt; written from the method's description, not ported).
 *
 * - The model interpolates f at 2n + 1 points. When there are fewer points than a full quadratic needs,
 *   the model's Hessian changes as little as possible (least Frobenius norm) from the previous one; the
 *   interpolation system is solved directly (it is small: 3n + 2 unknowns).
 * - Each iteration minimizes the model over the box {|d_i| <= Delta} intersected with the bounds (a small
 *   box-constrained quadratic program), evaluates f there and replaces the interpolation point whose
 *   Lagrange function is largest at the new point (weighted by distance).
 * - rho, a lower bound on the trust radius, decreases from rhoBeg to rhoEnd as the model stops making
 *   progress; geometry steps keep the points well spread at scale rho.
 *
 * It is tuned for the profiled deviance of mixed models: smooth, 1-10 parameters, lower bounds of 0 on the
 * diagonal of Lambda, an optimum on the bound for singular fits.
 */
import { luSolve, symmetricEigen } from '../linalg/index';

/** Options of {@link minimizeBounded}. */
export interface MinimizeOptions {
  /** Lower bounds (default -Infinity). */
  lower?: readonly number[];
  /** Upper bounds (default +Infinity). */
  upper?: readonly number[];
  /** Initial trust-region radius (default 0.2). */
  rhoBeg?: number;
  /** Final radius: the precision in x (default 1e-8). */
  rhoEnd?: number;
  /** Maximum number of function evaluations (default 100 * (n + 1)^2). */
  maxEval?: number;
  /** Number of interpolation points, 2n + 1 ... (n + 1)(n + 2) / 2 (default 2n + 1). */
  npt?: number;
  /** Rescale the variables by the curvature seen at the start (default false). */
  scaleVariables?: boolean;
  /** Trust-region subproblem: truncated conjugate gradients (default, as Powell's TRSBOX) or the exact ball solution. */
  subproblem?: 'cg' | 'exact';
}

/** Result of {@link minimizeBounded}. */
export interface MinimizeResult {
  /** The best point found. */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** Number of function evaluations. */
  evaluations: number;
  /** True when rho reached rhoEnd (normal termination); false when maxEval stopped it. */
  converged: boolean;
  /** How it stopped. */
  message: string;
}

/**
 * Minimizes f over the box [lower, upper] starting from x0 (projected into the box).
 * @example minimizeBounded(([a, b]) => (a - 1) ** 2 + 10 * (b + 0.5) ** 2, [0, 0], { lower: [0, 0] })
 *   // x = [1, 0] (b on its bound), f = 2.5
 */
export function minimizeBounded(f: (x: Float64Array) => number, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const lower = Float64Array.from({ length: n }, (_, i) => options.lower?.[i] ?? -Infinity);
  const upper = Float64Array.from({ length: n }, (_, i) => options.upper?.[i] ?? Infinity);
  const rhoEnd = options.rhoEnd ?? 1e-8;
  let rho = options.rhoBeg ?? 0.2;
  for (let i = 0; i < n; i++) if (upper[i]! - lower[i]! < 2 * rho) rho = Math.max((upper[i]! - lower[i]!) / 2, rhoEnd);
  const maxEval = options.maxEval ?? 100 * (n + 1) * (n + 1);
  let nf = 0;
  const evaluate = (x: Float64Array): number => {
    nf++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  const xStart = Float64Array.from(x0, (v, i) => Math.min(Math.max(v, lower[i]!), upper[i]!));
  const { Y, F } = coordinatePoints(evaluate, xStart, rho, lower, upper);
  // Diagonal scaling from the curvatures seen at the start (the 2n + 1 points give them exactly for a
  // quadratic): variables with little curvature (a factor with few levels) get stretched so that the trust
  // region is not a thin needle in the flat direction. Scales are normalized to geometric mean 1.
  const scale = new Float64Array(n).fill(1);
  if (options.scaleVariables ?? false) {
    const curv = Array.from({ length: n }, (_, i) => {
      const a = Y[1 + 2 * i]!;
      const b = Y[2 + 2 * i]!;
      const fa = F[1 + 2 * i]!;
      const fb = F[2 + 2 * i]!;
      const ha = a[i]! - xStart[i]!;
      const hb = b[i]! - xStart[i]!;
      // Second divided difference through (x0 + hb, x0, x0 + ha).
      return (2 * ((fa - F[0]!) / ha - (fb - F[0]!) / hb)) / (ha - hb);
    });
    if (curv.every((c) => Number.isFinite(c) && c > 0)) {
      const gm = Math.exp(curv.reduce((acc, c) => acc + Math.log(c), 0) / n);
      for (let i = 0; i < n; i++) scale[i] = Math.min(Math.max(Math.sqrt(gm / curv[i]!), 1e-2), 1e2);
    }
  }
  const toX = (z: Float64Array) => Float64Array.from(z, (v, i) => v * scale[i]!);
  const res = trustRegionCore((z) => evaluate(toX(z)), Y.map((y) => Float64Array.from(y, (v, i) => v / scale[i]!)), F, {
    lower: Float64Array.from(lower, (v, i) => v / scale[i]!),
    upper: Float64Array.from(upper, (v, i) => v / scale[i]!),
    rho,
    rhoEnd: rhoEnd / Math.max(...scale),
    maxEval,
    evaluations: () => nf,
    npt: options.npt,
    subproblem: options.subproblem,
  });
  return { x: toX(res.x), f: res.f, evaluations: nf, converged: res.converged, message: res.message };
}

/** x0 and x0 +- rho e_i (2 rho on the other side when a bound is in the way), evaluated. */
function coordinatePoints(evaluate: (x: Float64Array) => number, center: Float64Array, r: number, lower: Float64Array, upper: Float64Array): { Y: Float64Array[]; F: number[] } {
  const n = center.length;
  const Y: Float64Array[] = [Float64Array.from(center)];
  for (let i = 0; i < n; i++) {
    for (const sgn of [1, -1]) {
      const y = Float64Array.from(center);
      let v = center[i]! + sgn * r;
      if (v > upper[i]!) v = center[i]! - 2 * r;
      if (v < lower[i]!) v = center[i]! + 2 * r;
      y[i] = Math.min(Math.max(v, lower[i]!), upper[i]!);
      Y.push(y);
    }
  }
  return { Y, F: Y.map(evaluate) };
}

interface CoreOptions {
  lower: Float64Array;
  upper: Float64Array;
  rho: number;
  rhoEnd: number;
  maxEval: number;
  evaluations: () => number;
  npt?: number;
  subproblem?: 'cg' | 'exact';
}

/** The trust-region iteration from 2n + 1 evaluated points (Y, F). */
function trustRegionCore(evaluate: (x: Float64Array) => number, Y: Float64Array[], F: number[], o: CoreOptions): { x: Float64Array; f: number; converged: boolean; message: string } {
  const n = Y[0]!.length;
  const { lower, upper, rhoEnd, maxEval } = o;
  let rho = o.rho;
  const nFull = ((n + 1) * (n + 2)) / 2;
  const npt = Math.min(Math.max(o.npt ?? 2 * n + 1, 2 * n + 1), nFull);
  const initialPoints = (center: Float64Array, r: number) => {
    const pts = coordinatePoints(evaluate, center, r, lower, upper);
    Y.length = 0;
    F.length = 0;
    Y.push(...pts.Y);
    F.push(...pts.F);
    addCrossPoints(center);
  };
  // Extra points x0 + s_p r e_p + s_q r e_q (when npt > 2n + 1), signs towards the lower coordinate point.
  const addCrossPoints = (center: Float64Array) => {
    for (let p = 0; p < n && Y.length < npt; p++) {
      for (let q = p + 1; q < n && Y.length < npt; q++) {
        const y = Float64Array.from(center);
        y[p] = F[1 + 2 * p]! <= F[2 + 2 * p]! ? Y[1 + 2 * p]![p]! : Y[2 + 2 * p]![p]!;
        y[q] = F[1 + 2 * q]! <= F[2 + 2 * q]! ? Y[1 + 2 * q]![q]! : Y[2 + 2 * q]![q]!;
        Y.push(y);
        F.push(evaluate(y));
      }
    }
  };
  addCrossPoints(Y[0]!);

  let delta = rho;
  let Hx = new Float64Array(n * n); // model Hessian in x units, carried between iterations
  let message = '';
  let converged = false;

  const best = (): number => {
    let k = 0;
    for (let j = 1; j < F.length; j++) if (F[j]! < F[k]!) k = j;
    return k;
  };
  const distInf = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (a[i]! - b[i]!) ** 2;
    return Math.sqrt(s);
  };

  for (let iter = 0; ; iter++) {
    if (o.evaluations() >= maxEval) {
      message = `stopped after ${o.evaluations()} evaluations (maxEval)`;
      break;
    }
    const kopt = best();
    const xk = Y[kopt]!;
    const fk = F[kopt]!;
    // Scaled displacements s_j = (y_j - xk) / scale.
    let scale = 0;
    for (const y of Y) scale = Math.max(scale, distInf(y, xk));
    if (scale === 0) scale = rho;
    const S = Y.map((y) => Float64Array.from(y, (v, i) => (v - xk[i]!) / scale));
    const model = buildModel(S, F, fk, Hx, scale, n);
    if (model === null) {
      // Degenerate geometry: restart the points around the best point at radius rho.
      initialPoints(Float64Array.from(xk), rho);
      continue;
    }
    const { g, H, Kinv } = model; // g, H in x units
    Hx = H;
    // Trust-region step: the model's minimum in the ball ||d|| <= delta within the bounds.
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lo[i] = lower[i]! - xk[i]!;
      hi[i] = upper[i]! - xk[i]!;
    }
    const d = o.subproblem === 'exact' ? trustRegionStep(g, H, delta, lo, hi, n) : truncatedCgStep(g, H, delta, lo, hi, n);
    const dnorm = Math.sqrt(dot(d, d, n));
    const pred = -(dot(g, d, n) + 0.5 * quad(H, d, n));

    /** The point farthest from xk, if it is farther than `limit`; else -1. */
    const far = (limit: number): { t: number; dist: number } => {
      let t = -1;
      let dist = limit;
      for (let j = 0; j < Y.length; j++) {
        if (j === kopt) continue;
        const dj = distInf(Y[j]!, xk);
        if (dj > dist) {
          dist = dj;
          t = j;
        }
      }
      return { t, dist };
    };
    /** Replaces point t by a point at distance adelt from xk that keeps the interpolation well posed. */
    const geometryStep = (t: number, adelt: number): void => {
      const dGeo = lagrangeMaximizer(Kinv, S, t, scale, lower, upper, xk, adelt, n);
      const xNew = Float64Array.from(xk, (v, i) => v + dGeo[i]!);
      Y[t] = xNew;
      F[t] = evaluate(xNew);
    };
    /** Next rho (and delta) when the work at this resolution is done; false when rho = rhoEnd already. */
    const reduceRho = (): boolean => {
      if (rho <= rhoEnd * (1 + 1e-12)) return false;
      delta = 0.5 * rho;
      const ratio = rho / rhoEnd;
      rho = ratio <= 16 ? rhoEnd : ratio <= 250 ? Math.sqrt(ratio) * rhoEnd : 0.1 * rho;
      delta = Math.max(delta, rho);
      return true;
    };

    if (dnorm < 0.5 * rho || !(pred > 0)) {
      // The model predicts (almost) no progress at this resolution: fix the geometry or refine rho.
      const { t, dist } = far(10 * rho);
      if (t >= 0) {
        delta = Math.min(0.1 * delta, 0.5 * dist);
        if (delta <= 1.5 * rho) delta = rho;
        geometryStep(t, Math.max(Math.min(0.1 * dist, delta), rho));
        continue;
      }
      if (!reduceRho()) {
        converged = true;
        message = 'rho reached rhoEnd';
        break;
      }
      continue;
    }
    const xNew = Float64Array.from(xk, (v, i) => v + d[i]!);
    const fNew = evaluate(xNew);
    const ratio = (fk - fNew) / pred;
    if (ratio <= 0.1) delta = Math.min(0.5 * delta, dnorm);
    else if (ratio <= 0.7) delta = Math.max(0.5 * delta, dnorm);
    else delta = Math.max(0.5 * delta, 2 * dnorm);
    if (delta <= 1.5 * rho) delta = rho;
    // Replace the point whose Lagrange function is largest at xNew (weighted by its distance).
    const sNew = Float64Array.from(xNew, (v, i) => (v - xk[i]!) / scale);
    const ell = lagrangeValues(Kinv, S, sNew, n);
    let t = -1;
    let wBest = -1;
    for (let j = 0; j < Y.length; j++) {
      if (j === kopt && !(fNew < fk)) continue;
      const dist = distInf(Y[j]!, xk);
      const w = Math.abs(ell[j]!) * Math.max(1, (dist / delta) ** 4);
      if (w > wBest) {
        wBest = w;
        t = j;
      }
    }
    if (t >= 0 && wBest > 1e-12) {
      Y[t] = xNew;
      F[t] = fNew;
    }
    if (ratio >= 0.1) continue; // sufficient decrease: another trust-region step
    const farPoint = far(Math.max(2 * delta, 10 * rho));
    if (farPoint.t >= 0) {
      geometryStep(farPoint.t, Math.max(Math.min(0.1 * farPoint.dist, delta), rho));
      continue;
    }
    if (ratio > 0) continue;
    if (Math.max(delta, dnorm) > rho) continue;
    if (!reduceRho()) {
      converged = true;
      message = 'rho reached rhoEnd';
      break;
    }
    void iter;
  }
  const k = best();
  return { x: Float64Array.from(Y[k]!), f: F[k]!, converged, message };
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

function quad(H: Float64Array, d: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += d[i]! * H[i * n + j]! * d[j]!;
  return s;
}

function maxAbs(d: Float64Array): number {
  let s = 0;
  for (const v of d) s = Math.max(s, Math.abs(v));
  return s;
}

/**
 * Least-Frobenius-change quadratic model through the points: Q(s) = c + g's + s'(Hs_old + sum_j lambda_j s_j s_j')s / 2
 * with Q(s_j) = F_j, sum lambda_j = 0, sum lambda_j s_j = 0 (scaled coordinates s = (x - xk) / scale).
 * Returns g and H in x units and the inverse of the interpolation (KKT) matrix for Lagrange functions.
 */
function buildModel(S: Float64Array[], F: number[], fk: number, Hx: Float64Array, scale: number, n: number): { g: Float64Array; H: Float64Array; Kinv: Float64Array } | null {
  const npt = S.length;
  const size = npt + n + 1;
  const K = new Float64Array(size * size);
  for (let i = 0; i < npt; i++) {
    for (let j = 0; j < npt; j++) {
      const sij = dot(S[i]!, S[j]!, n);
      K[i * size + j] = 0.5 * sij * sij;
    }
    K[i * size + npt] = 1;
    K[npt * size + i] = 1;
    for (let a = 0; a < n; a++) {
      K[i * size + npt + 1 + a] = S[i]![a]!;
      K[(npt + 1 + a) * size + i] = S[i]![a]!;
    }
  }
  const ident = new Float64Array(size * size);
  for (let i = 0; i < size; i++) ident[i * size + i] = 1;
  const Kinv = luSolve(K, ident, size, size, 1e-13);
  if (Kinv === null) return null;
  // Old Hessian in scaled units.
  const Hs = Float64Array.from(Hx, (v) => v * scale * scale);
  const rhs = new Float64Array(size);
  for (let j = 0; j < npt; j++) rhs[j] = F[j]! - fk - 0.5 * quad(Hs, S[j]!, n);
  const sol = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (let j = 0; j < size; j++) s += Kinv[i * size + j]! * rhs[j]!;
    sol[i] = s;
  }
  const H = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    let s = Hs[a * n + b]!;
    for (let j = 0; j < npt; j++) s += sol[j]! * S[j]![a]! * S[j]![b]!;
    H[a * n + b] = s / (scale * scale);
  }
  const g = new Float64Array(n);
  for (let a = 0; a < n; a++) g[a] = sol[npt + 1 + a]! / scale;
  if (!H.every(Number.isFinite) || !g.every(Number.isFinite)) return null;
  return { g, H, Kinv };
}

/** Values of all Lagrange functions at the scaled point s: the first npt entries of Kinv [(s_j's)^2/2; 1; s]. */
function lagrangeValues(Kinv: Float64Array, S: Float64Array[], s: Float64Array, n: number): Float64Array {
  const npt = S.length;
  const size = npt + n + 1;
  const v = new Float64Array(size);
  for (let j = 0; j < npt; j++) {
    const d = dot(S[j]!, s, n);
    v[j] = 0.5 * d * d;
  }
  v[npt] = 1;
  for (let a = 0; a < n; a++) v[npt + 1 + a] = s[a]!;
  const out = new Float64Array(npt);
  for (let i = 0; i < npt; i++) {
    let acc = 0;
    for (let j = 0; j < size; j++) acc += Kinv[i * size + j]! * v[j]!;
    out[i] = acc;
  }
  return out;
}

/** A step d (x units, |d_i| <= rho, within bounds) that makes |Lagrange function t| large: a geometry step. */
function lagrangeMaximizer(Kinv: Float64Array, S: Float64Array[], t: number, scale: number, lower: Float64Array, upper: Float64Array, xk: Float64Array, rho: number, n: number): Float64Array {
  const npt = S.length;
  const size = npt + n + 1;
  // Lagrange function t in scaled units: c + g's + s' (sum_j lambda_j s_j s_j') s / 2.
  const lam = new Float64Array(npt);
  for (let j = 0; j < npt; j++) lam[j] = Kinv[j * size + t]!;
  const gS = new Float64Array(n);
  for (let a = 0; a < n; a++) gS[a] = Kinv[(npt + 1 + a) * size + t]!;
  const HS = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    let s = 0;
    for (let j = 0; j < npt; j++) s += lam[j]! * S[j]![a]! * S[j]![b]!;
    HS[a * n + b] = s;
  }
  const g = Float64Array.from(gS, (v) => v / scale);
  const H = Float64Array.from(HS, (v) => v / (scale * scale));
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(-rho, lower[i]! - xk[i]!);
    hi[i] = Math.min(rho, upper[i]! - xk[i]!);
  }
  const negG = Float64Array.from(g, (v) => -v);
  const negH = Float64Array.from(H, (v) => -v);
  const d1 = boxQp(g, H, lo, hi, n);
  const d2 = boxQp(negG, negH, lo, hi, n);
  const v1 = Math.abs(dot(g, d1, n) + 0.5 * quad(H, d1, n));
  const v2 = Math.abs(dot(g, d2, n) + 0.5 * quad(H, d2, n));
  let d = v1 >= v2 ? d1 : d2;
  if (maxAbs(d) === 0) {
    // Flat Lagrange function: step along the coordinate with the most room.
    d = new Float64Array(n);
    let best = 0;
    let bi = 0;
    for (let i = 0; i < n; i++) {
      const room = Math.max(hi[i]!, -lo[i]!);
      if (room > best) {
        best = room;
        bi = i;
      }
    }
    d[bi] = hi[bi]! >= -lo[bi]! ? hi[bi]! : lo[bi]!;
  }
  return d;
}

/**
 * Approximately minimizes g'd + d'Hd/2 over the ball ||d|| <= delta intersected with lo <= d <= hi
 * (lo <= 0 <= hi): the exact ball solution on the free variables; when it leaves the box, move to the bound
 * along the segment, fix that variable and solve again on the others.
 */
export function trustRegionStep(g: Float64Array, H: Float64Array, delta: number, lo: Float64Array, hi: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const fixed = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (lo[i]! >= 0 && hi[i]! <= 0) fixed[i] = 1;
  for (let round = 0; round <= n; round++) {
    const free: number[] = [];
    for (let i = 0; i < n; i++) if (!fixed[i]) free.push(i);
    if (free.length === 0) break;
    let used = 0;
    for (let i = 0; i < n; i++) if (fixed[i]) used += d[i]! * d[i]!;
    const r2 = delta * delta - used;
    if (r2 <= 0) break;
    const nf = free.length;
    const gF = new Float64Array(nf);
    const HF = new Float64Array(nf * nf);
    free.forEach((i, a) => {
      let s = g[i]!;
      for (let j = 0; j < n; j++) if (fixed[j]) s += H[i * n + j]! * d[j]!;
      gF[a] = s;
      free.forEach((j, b) => (HF[a * nf + b] = H[i * n + j]!));
    });
    const p = ballStep(gF, HF, nf, Math.sqrt(r2));
    // Move from the current d towards the ball solution; stop at the first bound.
    let alpha = 1;
    let hit = -1;
    free.forEach((i, a) => {
      const step = p[a]! - d[i]!;
      if (d[i]! + step > hi[i]! && step > 0) {
        const t = (hi[i]! - d[i]!) / step;
        if (t < alpha) ((alpha = t), (hit = i));
      } else if (d[i]! + step < lo[i]! && step < 0) {
        const t = (lo[i]! - d[i]!) / step;
        if (t < alpha) ((alpha = t), (hit = i));
      }
    });
    free.forEach((i, a) => (d[i] = d[i]! + alpha * (p[a]! - d[i]!)));
    if (hit < 0) break;
    d[hit] = d[hit]! > 0 ? hi[hit]! : lo[hit]!;
    fixed[hit] = 1;
  }
  return d;
}

/**
 * Truncated conjugate gradients for g'd + d'Hd/2 over ||d|| <= delta and lo <= d <= hi (Steihaug-Toint with
 * bounds, the idea of Powell's TRSBOX): CG from d = 0, stopping at the trust-region boundary or at negative
 * curvature; a variable that reaches a bound is fixed there and CG restarts on the others.
 */
export function truncatedCgStep(g: Float64Array, H: Float64Array, delta: number, lo: Float64Array, hi: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const fixed = new Uint8Array(n);
  const gnorm0 = Math.sqrt(dot(g, g, n));
  for (let i = 0; i < n; i++) {
    if ((lo[i]! >= 0 && g[i]! > 0) || (hi[i]! <= 0 && g[i]! < 0)) fixed[i] = 1;
  }
  for (let restart = 0; restart <= n; restart++) {
    const gr = modelGradient(g, H, d, n);
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = fixed[i] ? 0 : -gr[i]!;
    let rr = dot(r, r, n);
    if (Math.sqrt(rr) <= 1e-12 * Math.max(gnorm0, 1e-300)) break;
    const p = Float64Array.from(r);
    let hitBound = -1;
    let done = false;
    for (let it = 0; it < n; it++) {
      const Hp = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (fixed[i]) continue;
        let s = 0;
        for (let j = 0; j < n; j++) if (!fixed[j]) s += H[i * n + j]! * p[j]!;
        Hp[i] = s;
      }
      const pHp = dot(p, Hp, n);
      // Largest step to the trust-region boundary along p.
      const dd = dot(d, d, n);
      const dp = dot(d, p, n);
      const pp = dot(p, p, n);
      const aTr = (-dp + Math.sqrt(Math.max(dp * dp + pp * (delta * delta - dd), 0))) / pp;
      let aBox = Infinity;
      let which = -1;
      for (let i = 0; i < n; i++) {
        if (fixed[i] || p[i] === 0) continue;
        const a = p[i]! > 0 ? (hi[i]! - d[i]!) / p[i]! : (lo[i]! - d[i]!) / p[i]!;
        if (a < aBox) {
          aBox = a;
          which = i;
        }
      }
      const aCg = pHp > 0 ? rr / pHp : Infinity;
      const a = Math.min(aCg, aTr, aBox);
      for (let i = 0; i < n; i++) d[i] += a * p[i]!;
      if (a === aBox && aBox <= aTr && aBox < aCg) {
        d[which] = p[which]! > 0 ? hi[which]! : lo[which]!;
        fixed[which] = 1;
        hitBound = which;
        break;
      }
      if (a === aTr && aTr < aCg) {
        done = true;
        break;
      }
      for (let i = 0; i < n; i++) r[i] -= a * Hp[i]!;
      const rrNew = dot(r, r, n);
      if (Math.sqrt(rrNew) <= 1e-12 * Math.max(gnorm0, 1e-300)) {
        done = true;
        break;
      }
      const beta = rrNew / rr;
      rr = rrNew;
      for (let i = 0; i < n; i++) p[i] = fixed[i] ? 0 : r[i]! + beta * p[i]!;
    }
    if (done || hitBound < 0) break;
  }
  return d;
}

/** g + H d (the gradient of the quadratic model at d). */
function modelGradient(g: Float64Array, H: Float64Array, d: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = g[i]!;
    for (let j = 0; j < n; j++) s += H[i * n + j]! * d[j]!;
    r[i] = s;
  }
  return r;
}

/** Exact minimizer of g'p + p'Hp/2 over ||p|| <= radius (Moré-Sorensen via the eigen-decomposition of H). */
function ballStep(g: Float64Array, H: Float64Array, n: number, radius: number): Float64Array {
  const { values, vectors } = symmetricEigen(H, n);
  const gt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += vectors[k * n + i]! * g[k]!;
    gt[i] = s;
  }
  const lmin = values[n - 1]!;
  const norm = (lam: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const den = values[i]! + lam;
      s += (gt[i]! / den) ** 2;
    }
    return Math.sqrt(s);
  };
  const toX = (pt: Float64Array) => {
    const p = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += vectors[k * n + i]! * pt[i]!;
      p[k] = s;
    }
    return p;
  };
  const scaleH = Math.max(Math.abs(values[0]!), Math.abs(lmin), 1e-300);
  if (lmin > 1e-12 * scaleH && norm(0) <= radius) {
    return toX(Float64Array.from(gt, (v, i) => -v / values[i]!));
  }
  const lamLo = Math.max(0, -lmin);
  // Hard case: g has (almost) no component along the lowest eigenvector(s).
  const eps = 1e-12 * scaleH;
  let gnorm = 0;
  for (let i = 0; i < n; i++) gnorm += gt[i]! * gt[i]!;
  gnorm = Math.sqrt(gnorm);
  const nearLow = (i: number) => values[i]! - lmin <= eps;
  let lowComp = 0;
  for (let i = 0; i < n; i++) if (nearLow(i)) lowComp += gt[i]! * gt[i]!;
  if (Math.sqrt(lowComp) <= 1e-12 * Math.max(gnorm, 1e-300)) {
    const pt = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (nearLow(i)) continue;
      pt[i] = -gt[i]! / (values[i]! + lamLo);
      s += pt[i]! * pt[i]!;
    }
    if (Math.sqrt(s) <= radius) {
      const tau = Math.sqrt(Math.max(radius * radius - s, 0));
      pt[n - 1] = tau;
      return toX(pt);
    }
  }
  // Secular equation ||p(lam)|| = radius on (lamLo, lamHi], by bisection in log space + Newton on 1/||p||.
  let a = lamLo;
  let b = lamLo + gnorm / radius + scaleH;
  while (norm(b) > radius) b *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = a > 0 ? Math.sqrt(a * b) : (a + b) / 2;
    const m = mid > a && mid < b ? mid : (a + b) / 2;
    if (norm(m) > radius) a = m;
    else b = m;
    if (b - a <= 1e-14 * b) break;
  }
  return toX(Float64Array.from(gt, (v, i) => -v / (values[i]! + b)));
}

/**
 * Approximately minimizes g'd + d'Hd/2 over lo <= d <= hi (lo <= 0 <= hi), H symmetric, possibly
 * indefinite: projected Newton steps on the free variables, projected steepest descent or negative-curvature
 * steps when the free Hessian is not positive definite.
 */
export function boxQp(g: Float64Array, H: Float64Array, lo: Float64Array, hi: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const grad = new Float64Array(n);
  const free: number[] = [];
  let qCur = 0;
  for (let it = 0; it < 100; it++) {
    for (let i = 0; i < n; i++) {
      let s = g[i]!;
      for (let j = 0; j < n; j++) s += H[i * n + j]! * d[j]!;
      grad[i] = s;
    }
    free.length = 0;
    for (let i = 0; i < n; i++) {
      const atLo = d[i]! <= lo[i]! + 1e-15 * Math.max(1, Math.abs(lo[i]!));
      const atHi = d[i]! >= hi[i]! - 1e-15 * Math.max(1, Math.abs(hi[i]!));
      if ((atLo && grad[i]! > 0) || (atHi && grad[i]! < 0) || (atLo && atHi)) continue;
      free.push(i);
    }
    if (free.length === 0) break;
    const dirs = boxQpDirections(grad, H, lo, hi, n, free);
    let bestD: Float64Array | null = null;
    let bestQ = qCur;
    for (const p of dirs) {
      let step = 1;
      for (let ls = 0; ls < 30; ls++) {
        const cand = projectedStep(d, step, p, lo, hi, n);
        const qc = dot(g, cand, n) + 0.5 * quad(H, cand, n);
        if (qc < bestQ - 1e-16 * Math.max(1, Math.abs(bestQ))) {
          bestQ = qc;
          bestD = cand;
          break;
        }
        step *= 0.5;
      }
    }
    if (!bestD) break;
    const change = Math.abs(qCur - bestQ);
    d.set(bestD);
    qCur = bestQ;
    if (change <= 1e-15 * Math.max(1, Math.abs(qCur))) break;
  }
  return d;
}

/** min(max(d + step p, lo), hi), a new array. */
function projectedStep(d: Float64Array, step: number, p: Float64Array, lo: Float64Array, hi: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(Math.max(d[i]! + step * p[i]!, lo[i]!), hi[i]!);
  return x;
}

/**
 * Search directions of boxQp on the free variables: the Newton step when the free Hessian is positive
 * definite, else a downhill negative-curvature direction; then the steepest-descent step (exact line
 * minimum when the curvature along it is positive).
 */
function boxQpDirections(grad: Float64Array, H: Float64Array, lo: Float64Array, hi: Float64Array, n: number, free: number[]): Float64Array[] {
  const nfr = free.length;
  let gnorm = 0;
  for (let a = 0; a < nfr; a++) gnorm = Math.max(gnorm, Math.abs(grad[free[a]!]!));
  let span = 0;
  for (let i = 0; i < n; i++) span = Math.max(span, hi[i]! - lo[i]!);
  const Hf = new Float64Array(nfr * nfr);
  for (let a = 0; a < nfr; a++) for (let b = 0; b < nfr; b++) Hf[a * nfr + b] = H[free[a]! * n + free[b]!]!;
  const eig = symmetricEigen(Hf, nfr);
  const minEig = eig.values[nfr - 1]!;
  const maxEig = Math.max(eig.values[0]!, 0);
  const dirs: Float64Array[] = [];
  if (minEig > 1e-14 * Math.max(maxEig, 1e-300)) {
    const gf = new Float64Array(nfr);
    for (let a = 0; a < nfr; a++) gf[a] = -grad[free[a]!]!;
    const sol = luSolve(Hf, gf, nfr, 1, 1e-15);
    if (sol) {
      const p = new Float64Array(n);
      for (let a = 0; a < nfr; a++) p[free[a]!] = sol[a]!;
      dirs.push(p);
    }
  } else {
    // Negative-curvature direction, oriented downhill.
    const p = new Float64Array(n);
    let gp = 0;
    for (let a = 0; a < nfr; a++) {
      const i = free[a]!;
      p[i] = eig.vectors[a * nfr + nfr - 1]!;
      gp += grad[i]! * p[i]!;
    }
    if (gp > 0) for (let i = 0; i < n; i++) p[i] = -p[i]!;
    for (let i = 0; i < n; i++) p[i] *= span;
    dirs.push(p);
  }
  if (gnorm > 0) {
    const p = new Float64Array(n);
    for (let a = 0; a < nfr; a++) p[free[a]!] = -grad[free[a]!]!;
    const pHp = quad(H, p, n);
    const gp = -dot(p, p, n);
    const alpha = pHp > 0 ? -gp / pHp : span / Math.max(gnorm, 1e-300);
    for (let i = 0; i < n; i++) p[i] = p[i]! * alpha;
    dirs.push(p);
  }
  return dirs;
}
