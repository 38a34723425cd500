/**
 * Starting values of theta from the data (method of moments), so the optimizer starts near the optimum
 * instead of at lme4's theta = 1: for a scalar term (one column z per level, e.g. a random intercept),
 *   sigma_t^2 ~ (mean over levels of m_l^2 - s^2 mean(1 / n_l)) / (1 - mean(1 / n_l)),
 * where m_l = z'r / z'z is the level's mean OLS residual, n_l = z'z and s^2 the OLS residual variance; then
 * minus the sigma_u^2 of every coarser term u that the term is nested in (coarsest first); then
 * theta_t = sigma_t / sigma_e with sigma_e^2 = s^2 - sum_t sigma_t^2 (at least s^2 / 10), kept in
 * [0.05, 5]. Crude (terms are treated one at a time) but cheap: everything comes from the blocked
 * cross-products already built. Vector-valued terms start as lme4 does (1 on the diagonal, 0 off it).
 * The optimum found does not depend on the start (the reference tests check it); the number of deviance
 * evaluations does.
 */
import type { BlockedSystem } from './blocked';
import { luSolve } from '../linalg/index';

/** Data-based starting theta for `sys.design` (lme4's start for vector-valued terms). */
export function momentStart(sys: BlockedSystem): number[] {
  const d = sys.design;
  const start: number[] = d.lowerBounds.map((lo) => (lo === 0 ? 1 : 0));
  const { A, m, qT } = sys.tail;
  const p = d.p;
  const n = d.n;
  if (n - p < 2) return start;
  // OLS: X'X beta = X'y from the X and y rows of the tail's cross-products.
  const XtX = new Float64Array(p * p);
  const Xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    for (let c = 0; c <= a; c++) XtX[a * p + c] = XtX[c * p + a] = A[(qT + a) * m + qT + c]!;
    Xty[a] = A[(m - 1) * m + qT + a]!;
  }
  const beta = p > 0 ? luSolve(XtX, Xty, p) : new Float64Array(0);
  if (!beta) return start;
  let rss = A[m * m - 1]!;
  for (let a = 0; a < p; a++) rss -= beta[a]! * Xty[a]!;
  const s2 = rss / (n - p);
  if (!(s2 > 0)) return start;
  // Per scalar term: level sums z'r and z'z.
  const sigma2 = new Float64Array(d.reterms.length).fill(NaN);
  let total = 0;
  const chainOf = new Map(sys.chain.map((b) => [b.term, b] as const));
  d.reterms.forEach((t, ti) => {
    if (t.k !== 1) return;
    let sumM2 = 0;
    let sumInv = 0;
    let levels = 0;
    const b = chainOf.get(ti);
    for (let l = 0; l < t.levels.length; l++) {
      let nl: number;
      let zr: number;
      if (b) {
        // Chain term: Z'Z per level, and its pattern ends with the X rows then the y row.
        nl = b.Adiag[l]!;
        const end = b.ptr[l + 1]!;
        zr = b.Atail[end - 1]!;
        for (let a = 0; a < p; a++) zr -= b.Atail[end - 1 - p + a]! * beta[a]!;
      } else {
        const r = sys.tail.base[ti]![l]!;
        nl = A[r * m + r]!;
        zr = A[(m - 1) * m + r]!;
        for (let a = 0; a < p; a++) zr -= A[(qT + a) * m + r]! * beta[a]!;
      }
      if (!(nl > 0)) continue;
      sumM2 += (zr / nl) ** 2;
      sumInv += 1 / nl;
      levels++;
    }
    if (levels < 2) return;
    const meanInv = sumInv / levels;
    if (!(meanInv < 1)) return;
    const v = Math.max(0, (sumM2 / levels - s2 * meanInv) / (1 - meanInv));
    sigma2[ti] = v;
    total += v;
  });
  // A term nested in another (post:rater in rater) carries that term's variance in its level means: remove
  // it, coarsest terms first.
  const K = d.reterms.length;
  const order = Array.from({ length: K }, (_, t) => t).sort((a, b) => d.reterms[a]!.levels.length - d.reterms[b]!.levels.length);
  const raw = Float64Array.from(sigma2);
  total = 0;
  for (const t of order) {
    if (Number.isNaN(raw[t]!)) continue;
    let v = raw[t]!;
    for (const u of order) {
      if (u === t || Number.isNaN(sigma2[u]!) || d.reterms[u]!.levels.length >= d.reterms[t]!.levels.length) continue;
      if (nestedIn(d.reterms[t]!.refs, d.reterms[u]!.refs, d.reterms[t]!.levels.length)) v -= sigma2[u]!;
    }
    sigma2[t] = Math.max(v, 0);
    total += sigma2[t]!;
  }
  const se2 = Math.max(s2 - total, s2 / 10);
  d.reterms.forEach((t, ti) => {
    if (Number.isNaN(sigma2[ti]!)) return;
    start[t.thetaOffset] = Math.min(Math.max(Math.sqrt(sigma2[ti]! / se2), 0.05), 5);
  });
  return start;
}

/** True when every level of the finer factor (refs) lies within one level of the coarser one (refsCoarse). */
function nestedIn(refs: Int32Array, refsCoarse: Int32Array, nl: number): boolean {
  const parent = new Int32Array(nl).fill(-1);
  for (let i = 0; i < refs.length; i++) {
    const l = refs[i]!;
    const p = parent[l]!;
    if (p === -1) parent[l] = refsCoarse[i]!;
    else if (p !== refsCoarse[i]) return false;
  }
  return true;
}
