/**
 * Stage 1 of Kenward-Roger: the variance parameters theta_r of Sigma = sum_r theta_r G_r + sigma^2 I.
 */
import type { KrTerm } from './types';

/**
 * One variance parameter theta_r: a variance or covariance of a random term t, with
 * G_r = Z_t (I_{nl} (x) E_r) Z_t' where E_r = e_a e_b' + e_b e_a' (a != b) or e_a e_a' (a = b), k x k.
 */
export interface KrParameter {
  /** Index of the term in the model's term list. */
  term: number;
  /** Row and column (0-based) of the entry in the term's k x k covariance. */
  a: number;
  b: number;
  /** The pattern E_r, k x k row-major. */
  E: Float64Array;
  /** theta_r = sigma^2 (Lambda Lambda')_ab. */
  value: number;
  /** e.g. "Subject.(Intercept)", "Subject.Days.(Intercept)". */
  name: string;
}

/**
 * The variance parameters in pbkrtest's order (`.get_SigmaG`: per term the lower triangle of VarCorr
 * column-wise); the residual variance sigma^2 (G = I) is not in the list, it is appended by the scaling
 * stage. theta values are pbkrtest's `ggamma` without its last entry.
 * @example krParameters(model.terms, model.sigma).map((q) => q.value) // [tau_00, tau_10, tau_11] for (1 + x | g)
 */
export function krParameters(terms: KrTerm[], sigma: number): KrParameter[] {
  const s2 = sigma * sigma;
  const params: KrParameter[] = [];
  terms.forEach((t, ti) => {
    const k = t.k;
    const cov = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      let s = 0;
      for (let x = 0; x < k; x++) s += t.lambda[a * k + x]! * t.lambda[b * k + x]!;
      cov[a * k + b] = s * s2;
    }
    for (let b = 0; b < k; b++) for (let a = b; a < k; a++) {
      const E = new Float64Array(k * k);
      E[a * k + b] = 1;
      E[b * k + a] = 1;
      const nm = t.name ?? `term${ti + 1}`;
      const cn = t.cnames ?? Array.from({ length: k }, (_, i) => String(i + 1));
      params.push({ term: ti, a, b, E, value: cov[a * k + b]!, name: a === b ? `${nm}.${cn[a]}` : `${nm}.${cn[a]}.${cn[b]}` });
    }
  });
  return params;
}
