/**
 * Stage 8 of Kenward-Roger: the expected information of the variance parameters and W = Var(theta-hat).
 * With Phi = Var(beta-hat), twice the expected REML information (pbkrtest's IE2) is
 *   IE2_rs = tr(S G_r S G_s) - 2 tr(Phi Q_rs) + tr(Phi P_r Phi P_s)
 * and W = 2 IE2^-1 (Kenward & Roger's W, the inverse expected information), or 2 IE2^+ (Moore-Penrose,
 * MASS::ginv) when IE2 is near singular (smallest |eigenvalue| <= 1e-10), as pbkrtest does.
 */
import { invGeneral, matmul, pinvSymmetric, symmetricEigen, traceProduct } from '../../linalg/index';

/** Stage 8's result (np = number of variance parameters, residual included). */
export interface KrInformation {
  /** IE2, np x np row-major. */
  IE2: Float64Array;
  /** Smallest |eigenvalue| of IE2 (pbkrtest's attr "condi"). */
  condition: number;
  /** W = 2 IE2^-1, np x np, symmetrized (pbkrtest's attr "W"). */
  W: Float64Array;
}

/**
 * IE2, its condition and W from Phi (p x p) and stage 7's K, P, Q.
 * @example const { W } = krInformation(model.vcov, K, P, Q, p);
 */
export function krInformation(Phi: ArrayLike<number>, K: ArrayLike<number>, P: Float64Array[], Q: Float64Array[][], p: number): KrInformation {
  const np = P.length;
  const PhiP = P.map((x) => matmul(Phi, x, p, p, p));
  const IE2 = new Float64Array(np * np);
  for (let r = 0; r < np; r++) {
    for (let s = r; s < np; s++) {
      const v = K[r * np + s]! - 2 * traceProduct(Phi, Q[r]![s]!, p) + traceProduct(PhiP[r]!, PhiP[s]!, p);
      IE2[r * np + s] = IE2[s * np + r] = v;
    }
  }
  const eig = symmetricEigen(IE2, np).values;
  const condition = Math.min(...Array.from(eig, Math.abs));
  let inv: Float64Array | null;
  if (condition > 1e-10) {
    inv = invGeneral(IE2, np);
    if (!inv) throw new Error('Kenward-Roger: the information matrix IE2 is singular');
  } else {
    inv = pinvSymmetric(IE2, np);
  }
  const W = inv.map((v) => 2 * v);
  for (let r = 0; r < np; r++) for (let s = r + 1; s < np; s++) {
    const v = (W[r * np + s]! + W[s * np + r]!) / 2;
    W[r * np + s] = W[s * np + r] = v;
  }
  return { IE2, condition, W };
}
