/**
 * The penalised multinomial logistic objective F and its gradient on a design (see ./logistic for F),
 * the inner loop of every fit of the style classifier.
 *
 * Every kernel performs the same floating-point operations in the same order as the plain loop
 * (`kernel: 'generic'`), so all give bit-identical values, gradients and probabilities and the
 * optimiser takes the same path whichever runs:
 * - 'dense3' (three classes): the three linear predictors of four rows (then two, then one for the
 *   last rows) are accumulated side by side (twelve independent sums, each still over j = 0..p-1 in
 *   order), and the gradient rows are updated in one pass that adds the rows' terms in row order;
 *   this only lets the processor overlap the sums.
 * - 'sparse3' (three classes, mostly-zero X such as unscaled counts): the sums and gradient updates
 *   skip the zero entries. Skipping is exact: a sum of doubles is -0 only when both terms are, so a
 *   sum that starts at an intercept other than -0 (or at the gradient's +0) never becomes -0, and
 *   adding w * 0 = +-0 to it changes nothing. Valid while theta is finite (w * 0 is NaN for an
 *   infinite w) and holds no -0, and while the value is finite (a NaN residual times 0 is NaN):
 *   otherwise the evaluation is redone with 'generic'. (The optimiser starts at +0 and never
 *   produces -0, so in a fit the fallback only runs on overflow.)
 * 'auto' picks 'sparse3' for three classes when at most 40% of X is non-zero, 'dense3' for three
 * classes otherwise, 'generic' for other numbers of classes.
 */
import { countNonZero, sparseRows, type DesignMatrix, type SparseRows } from './design';

/** Value, gradient (layout: class k's p weights then its intercept) and class probabilities (n x K, row-major). */
export interface ObjectiveValue {
  value: number;
  gradient: Float64Array;
  probs: Float64Array;
}

/** Which loop evaluates the objective (all give identical numbers; see the module comment). */
export type ObjectiveKernel = 'auto' | 'generic' | 'dense3' | 'sparse3';

const MU = 1;

/** Adds the penalty terms to value and gradient (same order as the plain loop). */
function addPenalty(theta: Float64Array, gradient: Float64Array, value: number, p: number, K: number, lambda: number): number {
  const q = p + 1;
  let bsum = 0;
  for (let k = 0; k < K; k++) {
    const wo = k * q;
    for (let j = 0; j < p; j++) {
      const w = theta[wo + j]!;
      value += 0.5 * lambda * w * w;
      gradient[wo + j]! += lambda * w;
    }
    bsum += theta[wo + p]!;
  }
  value += 0.5 * MU * bsum * bsum;
  for (let k = 0; k < K; k++) gradient[k * q + p]! += MU * bsum;
  return value;
}

function genericLoss(x: Float64Array, y: Int32Array, n: number, p: number, K: number, theta: Float64Array, gradient: Float64Array, probs: Float64Array, z: Float64Array): number {
  const q = p + 1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    let zmax = -Infinity;
    for (let k = 0; k < K; k++) {
      const wo = k * q;
      let s = theta[wo + p]!;
      for (let j = 0; j < p; j++) s += theta[wo + j]! * x[off + j]!;
      z[k] = s;
      if (s > zmax) zmax = s;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(z[k]! - zmax);
      probs[i * K + k] = e;
      sum += e;
    }
    value += Math.log(sum) + zmax - z[y[i]!]!;
    for (let k = 0; k < K; k++) {
      const pk = probs[i * K + k]! / sum;
      probs[i * K + k] = pk;
      const r = pk - (k === y[i] ? 1 : 0);
      if (r === 0) continue;
      const wo = k * q;
      for (let j = 0; j < p; j++) gradient[wo + j]! += r * x[off + j]!;
      gradient[wo + p]! += r;
    }
  }
  return value;
}

/**
 * Softmax of one row's three linear predictors: writes the probabilities, returns the row's loss term and
 * leaves the residuals p_k - [y = k] in res[0..2]. Same operations as the generic loop for K = 3.
 */
function softmax3(z0: number, z1: number, z2: number, yi: number, probs: Float64Array, at: number, res: Float64Array): number {
  let zmax = -Infinity;
  if (z0 > zmax) zmax = z0;
  if (z1 > zmax) zmax = z1;
  if (z2 > zmax) zmax = z2;
  const e0 = Math.exp(z0 - zmax);
  const e1 = Math.exp(z1 - zmax);
  const e2 = Math.exp(z2 - zmax);
  let sum = 0;
  sum += e0;
  sum += e1;
  sum += e2;
  const loss = Math.log(sum) + zmax - (yi === 0 ? z0 : yi === 1 ? z1 : z2);
  const p0 = e0 / sum;
  const p1 = e1 / sum;
  const p2 = e2 / sum;
  probs[at] = p0;
  probs[at + 1] = p1;
  probs[at + 2] = p2;
  res[0] = p0 - (yi === 0 ? 1 : 0);
  res[1] = p1 - (yi === 1 ? 1 : 0);
  res[2] = p2 - (yi === 2 ? 1 : 0);
  return loss;
}

function dense3Loss(x: Float64Array, y: Int32Array, n: number, p: number, theta: Float64Array, gradient: Float64Array, probs: Float64Array, res: Float64Array): number {
  const q = p + 1;
  const o1 = q;
  const o2 = 2 * q;
  const b0 = theta[p]!;
  const b1 = theta[o1 + p]!;
  const b2 = theta[o2 + p]!;
  let value = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const xa = i * p;
    const xb = xa + p;
    const xc = xb + p;
    const xd = xc + p;
    let a0 = b0;
    let a1 = b1;
    let a2 = b2;
    let c0 = b0;
    let c1 = b1;
    let c2 = b2;
    let e0 = b0;
    let e1 = b1;
    let e2 = b2;
    let f0 = b0;
    let f1 = b1;
    let f2 = b2;
    for (let j = 0; j < p; j++) {
      const w0 = theta[j]!;
      const w1 = theta[o1 + j]!;
      const w2 = theta[o2 + j]!;
      const u = x[xa + j]!;
      const v = x[xb + j]!;
      const s = x[xc + j]!;
      const t = x[xd + j]!;
      a0 += w0 * u;
      a1 += w1 * u;
      a2 += w2 * u;
      c0 += w0 * v;
      c1 += w1 * v;
      c2 += w2 * v;
      e0 += w0 * s;
      e1 += w1 * s;
      e2 += w2 * s;
      f0 += w0 * t;
      f1 += w1 * t;
      f2 += w2 * t;
    }
    value += softmax3(a0, a1, a2, y[i]!, probs, i * 3, res);
    const ra0 = res[0]!;
    const ra1 = res[1]!;
    const ra2 = res[2]!;
    value += softmax3(c0, c1, c2, y[i + 1]!, probs, i * 3 + 3, res);
    const rc0 = res[0]!;
    const rc1 = res[1]!;
    const rc2 = res[2]!;
    value += softmax3(e0, e1, e2, y[i + 2]!, probs, i * 3 + 6, res);
    const re0 = res[0]!;
    const re1 = res[1]!;
    const re2 = res[2]!;
    value += softmax3(f0, f1, f2, y[i + 3]!, probs, i * 3 + 9, res);
    const rf0 = res[0]!;
    const rf1 = res[1]!;
    const rf2 = res[2]!;
    for (let j = 0; j < p; j++) {
      const u = x[xa + j]!;
      const v = x[xb + j]!;
      const s = x[xc + j]!;
      const t = x[xd + j]!;
      gradient[j] = gradient[j]! + ra0 * u + rc0 * v + re0 * s + rf0 * t;
      gradient[o1 + j] = gradient[o1 + j]! + ra1 * u + rc1 * v + re1 * s + rf1 * t;
      gradient[o2 + j] = gradient[o2 + j]! + ra2 * u + rc2 * v + re2 * s + rf2 * t;
    }
    gradient[p] = gradient[p]! + ra0 + rc0 + re0 + rf0;
    gradient[o1 + p] = gradient[o1 + p]! + ra1 + rc1 + re1 + rf1;
    gradient[o2 + p] = gradient[o2 + p]! + ra2 + rc2 + re2 + rf2;
  }
  for (; i + 1 < n; i += 2) {
    const xa = i * p;
    const xb = xa + p;
    let a0 = b0;
    let a1 = b1;
    let a2 = b2;
    let c0 = b0;
    let c1 = b1;
    let c2 = b2;
    for (let j = 0; j < p; j++) {
      const w0 = theta[j]!;
      const w1 = theta[o1 + j]!;
      const w2 = theta[o2 + j]!;
      const u = x[xa + j]!;
      const v = x[xb + j]!;
      a0 += w0 * u;
      a1 += w1 * u;
      a2 += w2 * u;
      c0 += w0 * v;
      c1 += w1 * v;
      c2 += w2 * v;
    }
    value += softmax3(a0, a1, a2, y[i]!, probs, i * 3, res);
    const ra0 = res[0]!;
    const ra1 = res[1]!;
    const ra2 = res[2]!;
    value += softmax3(c0, c1, c2, y[i + 1]!, probs, i * 3 + 3, res);
    const rc0 = res[0]!;
    const rc1 = res[1]!;
    const rc2 = res[2]!;
    for (let j = 0; j < p; j++) {
      const u = x[xa + j]!;
      const v = x[xb + j]!;
      gradient[j] = gradient[j]! + ra0 * u + rc0 * v;
      gradient[o1 + j] = gradient[o1 + j]! + ra1 * u + rc1 * v;
      gradient[o2 + j] = gradient[o2 + j]! + ra2 * u + rc2 * v;
    }
    gradient[p] = gradient[p]! + ra0 + rc0;
    gradient[o1 + p] = gradient[o1 + p]! + ra1 + rc1;
    gradient[o2 + p] = gradient[o2 + p]! + ra2 + rc2;
  }
  for (; i < n; i++) {
    const xa = i * p;
    let a0 = b0;
    let a1 = b1;
    let a2 = b2;
    for (let j = 0; j < p; j++) {
      const u = x[xa + j]!;
      a0 += theta[j]! * u;
      a1 += theta[o1 + j]! * u;
      a2 += theta[o2 + j]! * u;
    }
    value += softmax3(a0, a1, a2, y[i]!, probs, i * 3, res);
    const r0 = res[0]!;
    const r1 = res[1]!;
    const r2 = res[2]!;
    for (let j = 0; j < p; j++) {
      const u = x[xa + j]!;
      gradient[j]! += r0 * u;
      gradient[o1 + j]! += r1 * u;
      gradient[o2 + j]! += r2 * u;
    }
    gradient[p]! += r0;
    gradient[o1 + p]! += r1;
    gradient[o2 + p]! += r2;
  }
  return value;
}

function sparse3Loss(s: SparseRows, y: Int32Array, n: number, p: number, theta: Float64Array, gradient: Float64Array, probs: Float64Array, res: Float64Array): number {
  const q = p + 1;
  const o1 = q;
  const o2 = 2 * q;
  const { start, col, value: xv } = s;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    let a0 = theta[p]!;
    let a1 = theta[o1 + p]!;
    let a2 = theta[o2 + p]!;
    for (let e = from; e < to; e++) {
      const j = col[e]!;
      const u = xv[e]!;
      a0 += theta[j]! * u;
      a1 += theta[o1 + j]! * u;
      a2 += theta[o2 + j]! * u;
    }
    value += softmax3(a0, a1, a2, y[i]!, probs, i * 3, res);
    const r0 = res[0]!;
    const r1 = res[1]!;
    const r2 = res[2]!;
    for (let e = from; e < to; e++) {
      const j = col[e]!;
      const u = xv[e]!;
      gradient[j]! += r0 * u;
      gradient[o1 + j]! += r1 * u;
      gradient[o2 + j]! += r2 * u;
    }
    gradient[p]! += r0;
    gradient[o1 + p]! += r1;
    gradient[o2 + p]! += r2;
  }
  return value;
}

/** True when every entry is finite and none is -0 (the sparse kernel's condition on theta). */
function finiteWithoutNegativeZero(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v) || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

function classIndicesIn(y: Int32Array, K: number): boolean {
  for (let i = 0; i < y.length; i++) if (!(y[i]! >= 0 && y[i]! < K)) return false;
  return true;
}

/**
 * F and its gradient as a function of theta, for class indices `y` (0..K-1) of the rows of `design`.
 * The returned buffers are reused by the next call.
 * @example const f = multinomialObjectiveOnDesign(design, y, 3, 1); const { value, gradient } = f(theta);
 */
export function multinomialObjectiveOnDesign(design: DesignMatrix, y: Int32Array, K: number, lambda: number, kernel: ObjectiveKernel = 'auto'): (theta: Float64Array) => ObjectiveValue {
  const { rows: n, cols: p, values: x } = design;
  if (y.length !== n) throw new Error(`multinomial logistic: X has ${n} rows but y has ${y.length} labels`);
  let use = kernel;
  if (use === 'auto') use = K !== 3 || !classIndicesIn(y, K) ? 'generic' : countNonZero(design) <= 0.4 * n * p ? 'sparse3' : 'dense3';
  if (use !== 'generic' && K !== 3) throw new Error(`multinomial logistic: kernel '${use}' is for 3 classes, got ${K}`);
  const sparse = use === 'sparse3' ? sparseRows(design) : null;
  const gradient = new Float64Array(K * (p + 1));
  const probs = new Float64Array(n * K);
  const z = new Float64Array(Math.max(K, 3));
  const generic = (theta: Float64Array): ObjectiveValue => {
    gradient.fill(0);
    const value = genericLoss(x, y, n, p, K, theta, gradient, probs, z);
    return { value: addPenalty(theta, gradient, value, p, K, lambda), gradient, probs };
  };
  if (use === 'generic') return generic;
  return (theta) => {
    if (sparse && !finiteWithoutNegativeZero(theta)) return generic(theta);
    gradient.fill(0);
    const loss = sparse ? sparse3Loss(sparse, y, n, p, theta, gradient, probs, z) : dense3Loss(x, y, n, p, theta, gradient, probs, z);
    if (sparse && !Number.isFinite(loss)) return generic(theta);
    return { value: addPenalty(theta, gradient, loss, p, K, lambda), gradient, probs };
  };
}
