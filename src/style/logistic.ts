/**
 * L2-penalised multinomial (softmax) logistic regression.
 *
 * For classes k = 1..K with weights w_k (length p) and intercepts b_k, z_ik = w_k . x_i + b_k and
 * P(y_i = k) = exp(z_ik) / sum_l exp(z_il). The fit minimises
 *
 *   F(W, b) = sum_i [ log sum_k exp(z_ik) - z_{i, y_i} ] + (lambda / 2) sum_k ||w_k||^2 + (mu / 2) (sum_k b_k)^2
 *
 * i.e. scikit-learn's LogisticRegression(multi_class='multinomial', penalty='l2', C = 1 / lambda):
 * all K weight vectors are penalised symmetrically, intercepts are not penalised. The likelihood is
 * unchanged by adding one constant to all intercepts, so the last term (mu = 1) only picks the
 * solution with sum_k b_k = 0 and is 0 there; at the optimum also sum_k w_k = 0 (a consequence of
 * the symmetric penalty). With K = 2 the fit equals binary logistic regression on w = w_2 - w_1 with
 * penalty (lambda / 4) ||w||^2, i.e. scikit-learn's binary fit with C' = 2 / lambda.
 *
 * Solvers: 'lbfgs' (default; ./lbfgs, fast for hundreds of features) or 'newton' (Newton-Raphson
 * with the full Hessian solved by ml-matrix's Cholesky decomposition and a backtracking line search;
 * exact to machine precision but O((K (p + 1))^3) per step, meant for small problems and checks).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { designFromRows, type DesignMatrix } from './design';
import { minimizeLbfgs } from './lbfgs';
import { multinomialObjectiveOnDesign, type ObjectiveValue } from './logisticObjective';

/** Options of the fit. */
export interface LogisticOptions {
  /** L2 penalty on the weights (default 1, i.e. scikit-learn's default C = 1). */
  lambda?: number;
  /** Default 'lbfgs'. */
  solver?: 'lbfgs' | 'newton';
  /**
   * Convergence: max |dF/dtheta_j| / n <= gradientTolerance (default 1e-6; the gradient of the
   * per-observation average objective).
   */
  gradientTolerance?: number;
  /** Default 1000 (lbfgs) or 100 (newton). */
  maxIterations?: number;
  /** Class order (default: sorted distinct labels of y). */
  classes?: readonly string[];
}

/** A fitted model. */
export interface MultinomialLogisticFit {
  classes: string[];
  /** coefficients[k][j]: weight of feature j for class k. */
  coefficients: number[][];
  /** intercepts[k] (they sum to 0). */
  intercepts: number[];
  lambda: number;
  solver: 'lbfgs' | 'newton';
  /** F at the solution (see the module comment). */
  objective: number;
  /** max_j |dF/dtheta_j| / n at the solution. */
  gradientMaxAbs: number;
  iterations: number;
  converged: boolean;
  /** Class probabilities, rows = observations, columns = classes. */
  predictProba(X: readonly (readonly number[])[]): number[][];
  /** Most probable class of each row (first class on exact ties). */
  predict(X: readonly (readonly number[])[]): string[];
}

const MU = 1;

/** The design as flat arrays, for speed. */
interface Design {
  n: number;
  p: number;
  K: number;
  matrix: DesignMatrix; // row-major n x p
  x: Float64Array; // matrix.values
  y: Int32Array; // class index per row
}

function toDesign(X: DesignMatrix | readonly (readonly number[])[], yIndex: ArrayLike<number>, K: number): Design {
  const n = isDesignMatrix(X) ? X.rows : X.length;
  if (yIndex.length !== n) throw new Error(`multinomial logistic: X has ${n} rows but y has ${yIndex.length} labels`);
  let matrix: DesignMatrix;
  if (isDesignMatrix(X)) {
    matrix = X;
    // v * 0 is +-0 for a finite v and NaN otherwise: one pass without branches, then find the culprit.
    let probe = 0;
    for (let k = 0; k < X.values.length; k++) probe += X.values[k]! * 0;
    if (probe !== 0) {
      for (let k = 0; k < X.values.length; k++) {
        const v = X.values[k]!;
        if (!Number.isFinite(v)) throw new Error(`multinomial logistic: X[${Math.floor(k / X.cols)}][${k % X.cols}] is not a finite number (${v})`);
      }
    }
  } else matrix = designFromRows(X, 'multinomial logistic');
  return { n, p: matrix.cols, K, matrix, x: matrix.values, y: Int32Array.from(yIndex) };
}

function isDesignMatrix(X: DesignMatrix | readonly (readonly number[])[]): X is DesignMatrix {
  return !Array.isArray(X);
}

/**
 * F and its gradient at theta (layout: class k's p weights then its intercept, k = 0..K-1).
 * Exported so that tests can check the optimum (gradient ~ 0) and compare with finite differences.
 */
export function multinomialObjective(
  X: readonly (readonly number[])[],
  yIndex: readonly number[],
  K: number,
  theta: ArrayLike<number>,
  lambda: number,
): { value: number; gradient: Float64Array } {
  const d = toDesign(X, yIndex, K);
  const r = objectiveOnDesign(d, lambda);
  const out = r(Float64Array.from(theta));
  return { value: out.value, gradient: Float64Array.from(out.gradient) };
}

function objectiveOnDesign(d: Design, lambda: number): (theta: Float64Array) => ObjectiveValue {
  return multinomialObjectiveOnDesign(d.matrix, d.y, d.K, lambda);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function solveNewton(d: Design, lambda: number, gtol: number, maxIterations: number): { theta: Float64Array; iterations: number; converged: boolean } {
  const { n, p, K, x } = d;
  const q = p + 1;
  const D = K * q;
  const f = objectiveOnDesign(d, lambda);
  let theta = new Float64Array(D);
  let cur = f(theta);
  let value = cur.value;
  let iterations = 0;
  const xt = new Float64Array(q);
  while (iterations < maxIterations && maxAbs(cur.gradient) / Math.max(n, 1) > gtol) {
    const h = new Float64Array(D * D); // upper blocks (k <= l) first, mirrored below
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) xt[j] = x[i * p + j]!;
      xt[p] = 1;
      for (let k = 0; k < K; k++) {
        const pk = cur.probs[i * K + k]!;
        for (let l = k; l < K; l++) {
          const c = pk * ((k === l ? 1 : 0) - cur.probs[i * K + l]!);
          if (c === 0) continue;
          for (let a = 0; a < q; a++) {
            const ca = c * xt[a]!;
            if (ca === 0) continue;
            const base = (k * q + a) * D + l * q;
            for (let b = 0; b < q; b++) h[base + b]! += ca * xt[b]!;
          }
        }
      }
    }
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < k; l++) for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) h[(k * q + a) * D + l * q + b] = h[(l * q + b) * D + k * q + a]!;
      for (let j = 0; j < p; j++) h[(k * q + j) * D + k * q + j]! += lambda;
      for (let l = 0; l < K; l++) h[(k * q + p) * D + l * q + p]! += MU;
    }
    for (let r = 0; r < D; r++) {
      for (let c = r + 1; c < D; c++) {
        const v = 0.5 * (h[r * D + c]! + h[c * D + r]!); // exact symmetry (rounding differs between a*b and b*a orders)
        h[r * D + c] = v;
        h[c * D + r] = v;
      }
    }
    const H = new Matrix(Array.from({ length: D }, (_, r) => Array.from(h.subarray(r * D, (r + 1) * D))));
    const chol = new CholeskyDecomposition(H);
    if (!chol.isPositiveDefinite()) throw new Error('multinomial logistic (newton): Hessian is not positive definite; use lambda > 0');
    const step = chol.solve(Matrix.columnVector(Array.from(cur.gradient)).mul(-1)).getColumn(0);
    let t = 1;
    let accepted = false;
    const slope = step.reduce((s, v, i) => s + v * cur.gradient[i]!, 0);
    for (let h = 0; h < 50; h++) {
      const cand = new Float64Array(D);
      for (let i = 0; i < D; i++) cand[i] = theta[i]! + t * step[i]!;
      const next = f(cand);
      if (next.value <= value + 1e-4 * t * slope || Math.abs(next.value - value) <= 1e-15 * Math.abs(value)) {
        theta = cand;
        cur = { value: next.value, gradient: Float64Array.from(next.gradient), probs: Float64Array.from(next.probs) };
        value = next.value;
        accepted = true;
        break;
      }
      t /= 2;
    }
    iterations++;
    if (!accepted) break;
  }
  const end = f(theta);
  return { theta, iterations, converged: maxAbs(end.gradient) / Math.max(n, 1) <= gtol };
}

/**
 * Fits the penalised multinomial model.
 * @example
 * const fit = fitMultinomialLogistic(X, labels, { lambda: 1 });
 * fit.predict(Xtest); fit.coefficients[fit.classes.indexOf('llama')]
 */
export function fitMultinomialLogistic(X: readonly (readonly number[])[], y: readonly string[], options: LogisticOptions = {}): MultinomialLogisticFit {
  return fitMultinomialLogisticOnDesign(X, y, options);
}

/**
 * fitMultinomialLogistic on a DesignMatrix (e.g. a fold's features from fitFeaturesOnIndex), without
 * copying it into arrays of rows; the same fit, bit for bit.
 * @example const fit = fitMultinomialLogisticOnDesign(features.train, labels); predictOnDesign(fit, features.design(test))
 */
export function fitMultinomialLogisticOnDesign(X: DesignMatrix | readonly (readonly number[])[], y: readonly string[], options: LogisticOptions = {}): MultinomialLogisticFit {
  const lambda = options.lambda ?? 1;
  if (!(lambda >= 0)) throw new Error(`multinomial logistic: lambda must be >= 0, got ${lambda}`);
  const classes = options.classes ? [...options.classes] : [...new Set(y)].sort();
  if (classes.length < 2) throw new Error(`multinomial logistic: need at least 2 classes, got ${classes.length}`);
  const index = new Map(classes.map((c, k) => [c, k]));
  const yIndex = y.map((label, i) => {
    const k = index.get(label);
    if (k === undefined) throw new Error(`multinomial logistic: label "${label}" of row ${i} is not one of the classes ${classes.join(', ')}`);
    return k;
  });
  const K = classes.length;
  const d = toDesign(X, yIndex, K);
  const { n, p } = d;
  const q = p + 1;
  const solver = options.solver ?? 'lbfgs';
  const gtol = options.gradientTolerance ?? 1e-6;
  let theta: Float64Array;
  let iterations: number;
  let converged: boolean;
  if (solver === 'newton') {
    const r = solveNewton(d, lambda, gtol, options.maxIterations ?? 100);
    theta = r.theta;
    iterations = r.iterations;
    converged = r.converged;
  } else {
    const f = objectiveOnDesign(d, lambda);
    const scale = 1 / Math.max(n, 1);
    const scaledGrad = new Float64Array(K * q);
    const r = minimizeLbfgs(
      (t) => {
        const o = f(t);
        for (let i = 0; i < scaledGrad.length; i++) scaledGrad[i] = o.gradient[i]! * scale;
        return { value: o.value * scale, gradient: scaledGrad };
      },
      new Float64Array(K * q),
      { gradientTolerance: gtol, maxIterations: options.maxIterations ?? 1000 },
    );
    theta = r.x;
    iterations = r.iterations;
    converged = r.converged;
  }
  const final = objectiveOnDesign(d, lambda)(theta);
  const coefficients = classes.map((_, k) => Array.from(theta.subarray(k * q, k * q + p)));
  const intercepts = classes.map((_, k) => theta[k * q + p]!);
  const predictProba = (Xnew: readonly (readonly number[])[]): number[][] =>
    Xnew.map((row, i) => {
      if (row.length !== p) throw new Error(`multinomial logistic: row ${i} has ${row.length} columns, the model has ${p}`);
      const z = coefficients.map((w, k) => w.reduce((s, wj, j) => s + wj * row[j]!, intercepts[k]!));
      const zmax = Math.max(...z);
      const e = z.map((v) => Math.exp(v - zmax));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    });
  return {
    classes,
    coefficients,
    intercepts,
    lambda,
    solver,
    objective: final.value,
    gradientMaxAbs: maxAbs(final.gradient) / Math.max(n, 1),
    iterations,
    converged,
    predictProba,
    predict: (Xnew) =>
      predictProba(Xnew).map((pr) => {
        let best = 0;
        for (let k = 1; k < pr.length; k++) if (pr[k]! > pr[best]!) best = k;
        return classes[best]!;
      }),
  };
}

/**
 * The most probable class of each row of a DesignMatrix: fit.predict on its rows, with the same
 * arithmetic (so the same classes, ties included), without building arrays of rows.
 * @example predictOnDesign(fit, features.design(fold.test))
 */
export function predictOnDesign(fit: Pick<MultinomialLogisticFit, 'classes' | 'coefficients' | 'intercepts'>, X: DesignMatrix): string[] {
  const { coefficients, intercepts, classes } = fit;
  const K = coefficients.length;
  const p = X.cols;
  if (K > 0 && coefficients[0]!.length !== p) throw new Error(`multinomial logistic: the design has ${p} columns, the model has ${coefficients[0]!.length}`);
  const x = X.values;
  const z = new Array<number>(K);
  const e = new Array<number>(K);
  const out = new Array<string>(X.rows);
  for (let i = 0; i < X.rows; i++) {
    const off = i * p;
    for (let k = 0; k < K; k++) {
      const w = coefficients[k]!;
      let s = intercepts[k]!;
      for (let j = 0; j < p; j++) s = s + w[j]! * x[off + j]!;
      z[k] = s;
    }
    const zmax = Math.max(...z);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      e[k] = Math.exp(z[k]! - zmax);
      sum = sum + e[k]!;
    }
    let best = 0;
    let bestP = e[0]! / sum;
    for (let k = 1; k < K; k++) {
      const pk = e[k]! / sum;
      if (pk > bestP) {
        best = k;
        bestP = pk;
      }
    }
    out[i] = classes[best]!;
  }
  return out;
}
