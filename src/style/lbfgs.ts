/**
 * Limited-memory BFGS minimisation of a smooth function (Nocedal & Wright, Numerical Optimization,
 * 2nd ed.: two-loop recursion, Algorithm 7.4; line search satisfying the strong Wolfe conditions,
 * Algorithms 3.5 and 3.6 with safeguarded cubic interpolation). Near the optimum, where changes of f
 * drown in rounding, a step is also accepted under Hager & Zhang's (2005) approximate Wolfe conditions:
 * f(step) <= f(0) + 1e-12 |f(0)| and c2 f'(0) <= f'(step) <= (2 c1 - 1) f'(0).
 */

/** Value and gradient of the function at x. The gradient array may be reused by the caller. */
export type ValueAndGradient = (x: Float64Array) => { value: number; gradient: Float64Array };

/** Options of the minimiser. */
export interface LbfgsOptions {
  /** Stop when max |gradient_j| <= gradientTolerance (default 1e-6). */
  gradientTolerance?: number;
  /** Maximum number of iterations (default 1000). */
  maxIterations?: number;
  /** Number of stored correction pairs (default 10). */
  memory?: number;
}

/** Result of a minimisation. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** max |gradient_j| at x. */
  gradientMaxAbs: number;
  iterations: number;
  /** Number of function/gradient evaluations. */
  evaluations: number;
  converged: boolean;
  /** Why it stopped: 'gradient' (converged), 'maxIterations', or 'noProgress' (line search could not decrease f). */
  reason: 'gradient' | 'maxIterations' | 'noProgress';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Minimiser of the cubic interpolating f and f' at a and b, kept inside [lo + 10%, hi - 10%] of the interval. */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let t = NaN;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    t = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
  }
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) t = (lo + hi) / 2;
  return t;
}

interface LineSearchResult {
  step: number;
  value: number;
  gradient: Float64Array;
  evaluations: number;
  ok: boolean;
}

function strongWolfeLineSearch(fg: ValueAndGradient, x: Float64Array, f0: number, g0: Float64Array, dir: Float64Array, step0: number): LineSearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  const d0 = dot(g0, dir);
  const xt = new Float64Array(x.length);
  let evaluations = 0;
  const evalAt = (a: number) => {
    for (let i = 0; i < x.length; i++) xt[i] = x[i]! + a * dir[i]!;
    evaluations++;
    const r = fg(xt);
    return { value: r.value, gradient: Float64Array.from(r.gradient), slope: dot(r.gradient, dir) };
  };
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = d0;
  let a = step0;
  const approxWolfe = (value: number, slope: number) =>
    value <= f0 + 1e-12 * Math.abs(f0) && slope >= c2 * d0 && slope <= (2 * c1 - 1) * d0;
  const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): LineSearchResult => {
    for (let j = 0; j < 60; j++) {
      const t = cubicStep(lo, flo, dlo, hi, fhi, dhi);
      const e = evalAt(t);
      if (approxWolfe(e.value, e.slope)) return { step: t, value: e.value, gradient: e.gradient, evaluations, ok: true };
      if (e.value > f0 + c1 * t * d0 || e.value >= flo) {
        hi = t;
        fhi = e.value;
        dhi = e.slope;
      } else {
        if (Math.abs(e.slope) <= -c2 * d0) return { step: t, value: e.value, gradient: e.gradient, evaluations, ok: true };
        if (e.slope * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dhi = dlo;
        }
        lo = t;
        flo = e.value;
        dlo = e.slope;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Could not meet the curvature condition: accept the best point if it decreases f.
    if (flo < f0 && lo > 0) {
      const e = evalAt(lo);
      return { step: lo, value: e.value, gradient: e.gradient, evaluations, ok: true };
    }
    return { step: 0, value: f0, gradient: g0, evaluations, ok: false };
  };
  for (let i = 0; i < 50; i++) {
    const e = evalAt(a);
    if (!Number.isFinite(e.value)) {
      a = (aPrev + a) / 2;
      continue;
    }
    if (approxWolfe(e.value, e.slope)) return { step: a, value: e.value, gradient: e.gradient, evaluations, ok: true };
    if (e.value > f0 + c1 * a * d0 || (i > 0 && e.value >= fPrev)) return zoom(aPrev, fPrev, dPrev, a, e.value, e.slope);
    if (Math.abs(e.slope) <= -c2 * d0) return { step: a, value: e.value, gradient: e.gradient, evaluations, ok: true };
    if (e.slope >= 0) return zoom(a, e.value, e.slope, aPrev, fPrev, dPrev);
    aPrev = a;
    fPrev = e.value;
    dPrev = e.slope;
    a *= 2;
  }
  return { step: 0, value: f0, gradient: g0, evaluations, ok: false };
}

/**
 * The L-BFGS direction dir = -H g by the two-loop recursion (Nocedal & Wright, Algorithm 7.4) over the
 * stored pairs S[j], Y[j] (oldest first; rho[j] = 1 / sy[j], sy[j] = S[j] . Y[j], yy[j] = Y[j] . Y[j]);
 * returns g . dir. `alpha` is scratch of length >= S.length. Each dot product is fused with the update
 * of dir that precedes it: the same operations in the same order as computing them one after the other.
 * @example const slope = lbfgsDirection(dir, g, [], [], [], [], [], new Float64Array(0)); // dir = -g
 */
export function lbfgsDirection(dir: Float64Array, g: Float64Array, S: readonly Float64Array[], Y: readonly Float64Array[], rho: readonly number[], sy: readonly number[], yy: readonly number[], alpha: Float64Array): number {
  const n = g.length;
  const L = S.length;
  if (L === 0) {
    for (let i = 0; i < n; i++) dir[i] = -g[i]!;
    return dot(g, dir);
  }
  let acc = 0;
  const sLast = S[L - 1]!;
  for (let i = 0; i < n; i++) {
    const d = -g[i]!;
    dir[i] = d;
    acc += sLast[i]! * d;
  }
  for (let j = L - 1; j >= 0; j--) {
    const a = rho[j]! * acc;
    alpha[j] = a;
    const yj = Y[j]!;
    if (j > 0) {
      const sn = S[j - 1]!;
      acc = 0;
      for (let i = 0; i < n; i++) {
        const d = dir[i]! - a * yj[i]!;
        dir[i] = d;
        acc += sn[i]! * d;
      }
    } else for (let i = 0; i < n; i++) dir[i] = dir[i]! - a * yj[i]!;
  }
  const gamma = sy[L - 1]! / yy[L - 1]!;
  acc = 0;
  const y0 = Y[0]!;
  for (let i = 0; i < n; i++) {
    const d = dir[i]! * gamma;
    dir[i] = d;
    acc += y0[i]! * d;
  }
  let slope = 0;
  for (let j = 0; j < L; j++) {
    const c = alpha[j]! - rho[j]! * acc;
    const sj = S[j]!;
    if (j + 1 < L) {
      const yn = Y[j + 1]!;
      acc = 0;
      for (let i = 0; i < n; i++) {
        const d = dir[i]! + c * sj[i]!;
        dir[i] = d;
        acc += yn[i]! * d;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = dir[i]! + c * sj[i]!;
        dir[i] = d;
        slope += g[i]! * d;
      }
    }
  }
  return slope;
}

/**
 * Minimises a smooth function with L-BFGS from x0.
 * @example minimizeLbfgs((x) => ({ value: x[0] ** 2, gradient: Float64Array.of(2 * x[0]) }), Float64Array.of(3))
 */
export function minimizeLbfgs(fg: ValueAndGradient, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const gtol = options.gradientTolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 1000;
  const m = options.memory ?? 10;
  const n = x0.length;
  let x = Float64Array.from(x0);
  const first = fg(x);
  let f = first.value;
  let g = Float64Array.from(first.gradient);
  let evaluations = 1;
  // Stored correction pairs, oldest first, with rho = 1 / s.y, s.y and y.y of each.
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const sy: number[] = [];
  const yy: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Float64Array(m);
  let xNext = new Float64Array(n);
  let sNext = new Float64Array(n);
  let yNext = new Float64Array(n);
  let iterations = 0;
  let reason: LbfgsResult['reason'] = 'maxIterations';
  for (;;) {
    if (maxAbs(g) <= gtol) {
      reason = 'gradient';
      break;
    }
    if (iterations >= maxIterations) break;
    let slope = lbfgsDirection(dir, g, S, Y, rho, sy, yy, alpha);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      sy.length = 0;
      yy.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i]!;
      slope = dot(g, dir);
    }
    const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const ls = strongWolfeLineSearch(fg, x, f, g, dir, step0);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      reason = 'noProgress';
      break;
    }
    const xNew = xNext;
    const s = sNext;
    const y = yNext;
    let sDotY = 0;
    let sDotS = 0;
    let yDotY = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const v = xi + ls.step * dir[i]!;
      xNew[i] = v;
      const si = v - xi;
      const yi = ls.gradient[i]! - g[i]!;
      s[i] = si;
      y[i] = yi;
      sDotY += si * yi;
      sDotS += si * si;
      yDotY += yi * yi;
    }
    if (sDotY > 1e-12 * Math.sqrt(sDotS * yDotY)) {
      if (S.length === m) {
        // The oldest pair's arrays take the next pair's values.
        sNext = S.shift()!;
        yNext = Y.shift()!;
        rho.shift();
        sy.shift();
        yy.shift();
      } else {
        sNext = new Float64Array(n);
        yNext = new Float64Array(n);
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sDotY);
      sy.push(sDotY);
      yy.push(yDotY);
    }
    xNext = x;
    x = xNew;
    f = ls.value;
    g = ls.gradient;
    iterations++;
  }
  const gmax = maxAbs(g);
  return { x, value: f, gradient: g, gradientMaxAbs: gmax, iterations, evaluations, converged: reason === 'gradient', reason };
}
