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
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Array<number>(m).fill(0);
  let iterations = 0;
  let reason: LbfgsResult['reason'] = 'maxIterations';
  for (;;) {
    if (maxAbs(g) <= gtol) {
      reason = 'gradient';
      break;
    }
    if (iterations >= maxIterations) break;
    // Two-loop recursion: dir = -H g.
    for (let i = 0; i < n; i++) dir[i] = -g[i]!;
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(S[j]!, dir);
      const yj = Y[j]!;
      for (let i = 0; i < n; i++) dir[i]! -= alpha[j]! * yj[i]!;
    }
    if (S.length > 0) {
      const k = S.length - 1;
      const gamma = dot(S[k]!, Y[k]!) / dot(Y[k]!, Y[k]!);
      for (let i = 0; i < n; i++) dir[i]! *= gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j]! * dot(Y[j]!, dir);
      const sj = S[j]!;
      for (let i = 0; i < n; i++) dir[i]! += (alpha[j]! - beta) * sj[i]!;
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
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
    const xNew = new Float64Array(n);
    for (let i = 0; i < n; i++) xNew[i] = x[i]! + ls.step * dir[i]!;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = ls.gradient[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x = xNew;
    f = ls.value;
    g = ls.gradient;
    iterations++;
  }
  const gmax = maxAbs(g);
  return { x, value: f, gradient: g, gradientMaxAbs: gmax, iterations, evaluations, converged: reason === 'gradient', reason };
}
