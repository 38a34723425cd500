/**
 * Brent's root finder (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4), in the form of
 * the classic `zeroin` routine that R's `uniroot` runs: bisection safeguarded by secant / inverse quadratic
 * interpolation. Written from the published algorithm, so a root found with the same bracket and tolerance
 * follows the same steps as R's.
 */

/** Result of {@link uniroot}. */
export interface UnirootResult {
  /** The approximate root. */
  root: number;
  /** f(root). */
  fRoot: number;
  /** Number of iterations used. */
  iterations: number;
  /** Width of the final bracket (an error bound). */
  estimPrecision: number;
}

/**
 * Finds a root of `f` in [lower, upper], where f(lower) and f(upper) have opposite signs (R's `uniroot`).
 * @param tol absolute tolerance on the root (R's default `.Machine$double.eps^0.25`)
 * @example uniroot((x) => x * x - 2, 0, 2).root // 1.41421...
 */
export function uniroot(f: (x: number) => number, lower: number, upper: number, tol = Math.pow(2.220446049250313e-16, 0.25), maxIter = 1000): UnirootResult {
  if (!(lower < upper)) throw new Error(`uniroot: lower < upper is not fulfilled (lower = ${lower}, upper = ${upper})`);
  const fLower = f(lower);
  const fUpper = f(upper);
  if (Number.isNaN(fLower) || Number.isNaN(fUpper)) throw new Error('uniroot: f() is NaN at an end point');
  if (fLower * fUpper > 0) throw new Error('uniroot: f() values at end points not of opposite sign');
  const EPS = 2.220446049250313e-16;
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, fRoot: 0, iterations: 0, estimPrecision: 0 };
  if (fb === 0) return { root: b, fRoot: 0, iterations: 0, estimPrecision: 0 };
  for (let iter = 0; iter <= maxIter; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return { root: b, fRoot: fb, iterations: iter, estimPrecision: Math.abs(c - b) };
    }
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qq = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1));
        q = (qq - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  throw new Error(`uniroot: no convergence in ${maxIter} iterations`);
}
