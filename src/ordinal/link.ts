/**
 * The logit link of a cumulative link model and the per-observation derivatives the fit needs.
 *
 * An observation in category j (0-based, of J) has probability pi = F(a) - F(b) with a = theta_j - eta and
 * b = theta_{j-1} - eta (a = +Inf for the top category, b = -Inf for the bottom one), F the logistic
 * distribution function, eta the linear predictor (fixed part + random effects). With f = F', all
 * derivatives of -log pi with respect to eta, a and b up to third order are closed forms in F(a), F(b).
 */

/** Logistic distribution function F(x) = 1 / (1 + exp(-x)), R's plogis. */
export function plogis(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Logistic quantile function log(p / (1 - p)), R's qlogis. */
export function qlogis(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * P(F(b) < Y* <= F(a)) = F(a) - F(b) without cancellation: when both are above 1/2 it is computed from the
 * upper tails, F(-b) - F(-a).
 */
export function intervalProbability(a: number, b: number): number {
  if (b >= 0) return plogis(-b) - plogis(-a);
  return plogis(a) - plogis(b);
}

/**
 * Derivatives of the negative log-probability of one observation, n(a, b) = -log(F(a) - F(b)), used by the
 * Laplace and quadrature fits. All fields are filled by {@link observationTerms}.
 */
export interface ObservationTerms {
  /** log pi. */
  logp: number;
  /** d n / d a = -f(a) / pi. */
  na: number;
  /** d n / d b = f(b) / pi. */
  nb: number;
  /** s = d n / d eta = (f(a) - f(b)) / pi. */
  s: number;
  /** d s / d a. */
  sa: number;
  /** d s / d b. */
  sb: number;
  /** w = d^2 n / d eta^2 = s^2 - (f'(a) - f'(b)) / pi (>= 0: the logistic density is log-concave). */
  w: number;
  /** d w / d a. */
  wa: number;
  /** d w / d b. */
  wb: number;
  /** d w / d eta = -(wa + wb) (third derivative of n in eta). */
  w3: number;
}

/** A reusable record for {@link observationTerms} (avoids allocation in inner loops). */
export function newObservationTerms(): ObservationTerms {
  return { logp: 0, na: 0, nb: 0, s: 0, sa: 0, sb: 0, w: 0, wa: 0, wb: 0, w3: 0 };
}

/**
 * Fills `out` with the derivatives of -log(F(a) - F(b)) for the logistic F. `order` 1 fills logp, na, nb, s;
 * 2 adds w; 3 adds sa, sb, wa, wb, w3. Returns false when pi underflows to 0 (the caller treats the point as
 * infeasible).
 */
export function observationTerms(a: number, b: number, order: 1 | 2 | 3, out: ObservationTerms): boolean {
  // F, G = 1 - F, f = F G, f' = f(G - F), f'' = f(1 - 6FG); zero at infinite arguments. F(x) and F(-x) from
  // one exp(-|x|), with the same expressions as plogis (so the same numbers).
  let Fa = 1;
  let Ga = 0;
  let fa = 0;
  let f1a = 0;
  let f2a = 0;
  if (a !== Infinity) {
    const e = Math.exp(-Math.abs(a));
    const big = 1 / (1 + e);
    const small = e / (1 + e);
    Fa = a >= 0 ? big : small;
    Ga = a >= 0 ? small : big;
    fa = Fa * Ga;
    f1a = fa * (Ga - Fa);
    f2a = fa * (1 - 6 * Fa * Ga);
  }
  let Fb = 0;
  let Gb = 1;
  let fb = 0;
  let f1b = 0;
  let f2b = 0;
  if (b !== -Infinity) {
    const e = Math.exp(-Math.abs(b));
    const big = 1 / (1 + e);
    const small = e / (1 + e);
    Fb = b >= 0 ? big : small;
    Gb = b >= 0 ? small : big;
    fb = Fb * Gb;
    f1b = fb * (Gb - Fb);
    f2b = fb * (1 - 6 * Fb * Gb);
  }
  // pi = F(a) - F(b), from the upper tails when both are above 1/2 (as intervalProbability).
  const pi = b >= 0 ? Gb - Ga : Fa - Fb;
  if (!(pi > 0)) return false;
  const inv = 1 / pi;
  out.logp = Math.log(pi);
  out.na = -fa * inv;
  out.nb = fb * inv;
  const s = (fa - fb) * inv;
  out.s = s;
  if (order === 1) return true;
  const dfp = (f1a - f1b) * inv;
  const w = s * s - dfp;
  out.w = w;
  if (order === 2) return true;
  const sa = f1a * inv - s * fa * inv;
  const sb = -f1b * inv + s * fb * inv;
  out.sa = sa;
  out.sb = sb;
  const wa = 2 * s * sa - f2a * inv + dfp * fa * inv;
  const wb = 2 * s * sb + f2b * inv - dfp * fb * inv;
  out.wa = wa;
  out.wb = wb;
  out.w3 = -(wa + wb);
  return true;
}
