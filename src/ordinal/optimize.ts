/**
 * Quasi-Newton minimisation (BFGS with a backtracking Armijo line search) for smooth objectives with a
 * gradient, and finite-difference Hessians. Small dense problems only (the CLMM has thresholds + fixed
 * effects + one SD per random term, typically under 20 parameters).
 */

/**
 * Relative size of the rounding noise of an objective that sums many terms (a CLMM's log-likelihood over
 * 100,000 ratings varies by ~1e-15 relative between points closer than its optimum's accuracy): line
 * searches stop when the decrease they predict is below this times |f|.
 */
const ROUNDING_FLOOR = 1e-14;

/** An objective: value and, when asked, gradient; Infinity marks an infeasible point. */
export type Objective = (x: Float64Array, withGradient: boolean) => { value: number; gradient?: Float64Array };

/** Options of {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Stop when max |gradient| is below this (default 1e-7). */
  gradTol?: number;
  /** Stop when the relative decrease of the value is below this in two successive iterations (default 1e-14). */
  relTol?: number;
  /** Maximum iterations (default 500). */
  maxIter?: number;
}

/** Result of {@link minimizeBfgs}. */
export interface BfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  converged: boolean;
  message: string;
}

function maxAbs(g: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]!));
  return m;
}

/**
 * Minimises `f` from `start` by BFGS (inverse-Hessian update, skipped when the curvature condition fails).
 * @example minimizeBfgs((x, g) => ({ value: x[0] ** 2, gradient: g ? Float64Array.of(2 * x[0]) : undefined }), Float64Array.of(3))
 */
export function minimizeBfgs(f: Objective, start: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const gradTol = options.gradTol ?? 1e-7;
  const relTol = options.relTol ?? 1e-14;
  const maxIter = options.maxIter ?? 500;
  const n = start.length;
  let x = Float64Array.from(start);
  let cur = f(x, true);
  if (!Number.isFinite(cur.value) || !cur.gradient) throw new Error(`the objective is not finite at the starting values (${Array.from(x).map((v) => v.toPrecision(4)).join(', ')})`);
  let g = cur.gradient;
  let fx = cur.value;
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let scaled = false;
  let message = 'iteration limit reached';
  let converged = false;
  let iter = 0;
  let stalls = 0;
  for (; iter < maxIter; iter++) {
    if (maxAbs(g) < gradTol) {
      converged = true;
      message = 'max |gradient| < tolerance';
      break;
    }
    // Direction d = -H g; fall back to steepest descent if it is not a descent direction.
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j]! * g[j]!;
      d[i] = s;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i]! * g[i]!;
    if (!(slope < 0)) {
      H.fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -g.reduce((a, b) => a + b * b, 0);
    }
    // Limit the first step to a unit change in the largest coordinate.
    let alpha = 1;
    if (!scaled) alpha = Math.min(1, 1 / Math.max(1e-12, maxAbs(d)));
    let next: { value: number; gradient?: Float64Array } | null = null;
    let xNew = x;
    for (let ls = 0; ls < 40; ls++) {
      // A decrease below the objective's rounding floor cannot be seen: stop instead of shrinking further.
      if (-alpha * slope < ROUNDING_FLOOR * Math.max(1, Math.abs(fx))) break;
      xNew = Float64Array.from(x, (v, i) => v + alpha * d[i]!);
      // The first trial computes the gradient with the value (BFGS accepts it almost always); later ones only the value.
      const trial = f(xNew, ls === 0);
      if (Number.isFinite(trial.value) && trial.value <= fx + 1e-4 * alpha * slope) {
        next = trial.gradient ? trial : f(xNew, true);
        break;
      }
      alpha *= Number.isFinite(trial.value) ? Math.max(0.1, Math.min(0.5, (-slope * alpha) / (2 * (trial.value - fx - slope * alpha)))) : 0.25;
    }
    if (!next || !next.gradient) {
      converged = maxAbs(g) < 1e3 * gradTol;
      message = converged ? 'no further decrease possible (at rounding level)' : 'line search failed';
      break;
    }
    const gNew = next.gradient;
    const s = Float64Array.from(xNew, (v, i) => v - x[i]!);
    const y = Float64Array.from(gNew, (v, i) => v - g[i]!);
    let sy = 0;
    for (let i = 0; i < n; i++) sy += s[i]! * y[i]!;
    if (sy > 1e-12 * Math.sqrt(s.reduce((a, b) => a + b * b, 0) * y.reduce((a, b) => a + b * b, 0))) {
      if (!scaled) {
        // Scale the initial inverse Hessian (Nocedal & Wright 6.20).
        const yy = y.reduce((a, b) => a + b * b, 0);
        for (let i = 0; i < n; i++) H[i * n + i] = sy / yy;
        scaled = true;
      }
      // H <- (I - rho s y') H (I - rho y s') + rho s s'
      const rho = 1 / sy;
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += H[i * n + j]! * y[j]!;
        Hy[i] = t;
      }
      let yHy = 0;
      for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
    const decrease = fx - next.value;
    const stepSize = maxAbs(s) / (1 + maxAbs(x));
    x = xNew;
    fx = next.value;
    g = gNew;
    // At the rounding floor of the objective (its relative precision is ~1e-16 times the number of terms)
    // further steps only move around the optimum: stop when the decrease or the step is negligible.
    if (decrease <= relTol * Math.max(1, Math.abs(fx)) || stepSize < 1e-12) {
      stalls++;
      if (stalls >= 2 || stepSize < 1e-12) {
        converged = maxAbs(g) < 1e4 * gradTol;
        message = converged ? 'relative decrease < tolerance (objective at its rounding floor)' : 'no progress: relative decrease < tolerance with a large gradient';
        iter++;
        break;
      }
    } else stalls = 0;
  }
  return { x, value: fx, gradient: g, iterations: iter, converged, message };
}

/**
 * Hessian by central differences of an analytic gradient: column j = (g(x + h_j e_j) - g(x - h_j e_j)) / 2h_j,
 * h_j = step * max(1, |x_j|), then symmetrised. Error O(h^2) plus rounding / h.
 */
export function hessianFromGradient(gradient: (x: Float64Array) => Float64Array, x: ArrayLike<number>, step = 1e-4): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const h = step * Math.max(1, Math.abs(x[j]!));
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += h;
    xm[j] -= h;
    const gp = gradient(xp);
    const gm = gradient(xm);
    for (let i = 0; i < n; i++) H[i * n + j] = (gp[i]! - gm[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const m = (H[i * n + j]! + H[j * n + i]!) / 2;
    H[i * n + j] = m;
    H[j * n + i] = m;
  }
  return H;
}

/**
 * Gradient by central differences with one Richardson extrapolation (steps h and h/2, error O(h^4)):
 * h_j = step * max(1, |x_j|).
 */
export function gradientByDifferences(f: (x: Float64Array) => number, x: ArrayLike<number>, step = 1e-3): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  const central = (j: number, h: number) => {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += h;
    xm[j] -= h;
    return (f(xp) - f(xm)) / (2 * h);
  };
  for (let j = 0; j < n; j++) {
    const h = step * Math.max(1, Math.abs(x[j]!));
    const d1 = central(j, h);
    const d2 = central(j, h / 2);
    g[j] = (4 * d2 - d1) / 3;
  }
  return g;
}
