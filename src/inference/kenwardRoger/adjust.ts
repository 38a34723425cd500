/**
 * Stage 9 of Kenward-Roger: the adjusted covariance of beta-hat (Kenward & Roger 1997, eq. 3 with
 * R_ij = 0; pbkrtest's vcovAdj):
 *   U = sum_rs W_rs (Q_rs - P_r Phi P_s),  Phi_A = Phi + 2 Phi U Phi.
 */
import { matmul } from '../../linalg/index';

/** Stage 9's result. */
export interface KrAdjustedVcov {
  /** U (pbkrtest's UU), p x p. */
  U: Float64Array;
  /** Phi_A, p x p, symmetrized. */
  vcovAdjusted: Float64Array;
}

/**
 * Phi_A from Phi = Var(beta-hat) (p x p), stage 7's P, Q and stage 8's W.
 * @example const { vcovAdjusted } = krAdjustedVcov(model.vcov, P, Q, W, p);
 */
export function krAdjustedVcov(Phi: ArrayLike<number>, P: Float64Array[], Q: Float64Array[][], W: ArrayLike<number>, p: number): KrAdjustedVcov {
  const np = P.length;
  const PhiP = P.map((x) => matmul(Phi, x, p, p, p));
  const U = new Float64Array(p * p);
  for (let r = 0; r < np; r++) {
    for (let s = 0; s < np; s++) {
      const w = W[r * np + s]!;
      if (w === 0) continue;
      const PPhiP = matmul(P[r]!, PhiP[s]!, p, p, p); // P_r Phi P_s
      const Qrs = Q[r]![s]!;
      for (let x = 0; x < p * p; x++) U[x] += w * (Qrs[x]! - PPhiP[x]!);
    }
  }
  const PhiUPhi = matmul(matmul(Phi, U, p, p, p), Phi, p, p, p);
  const vcovAdjusted = Float64Array.from(Phi, (v, x) => v + 2 * PhiUPhi[x]!);
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) {
    const v = (vcovAdjusted[i * p + j]! + vcovAdjusted[j * p + i]!) / 2;
    vcovAdjusted[i * p + j] = vcovAdjusted[j * p + i] = v;
  }
  return { U, vcovAdjusted };
}
