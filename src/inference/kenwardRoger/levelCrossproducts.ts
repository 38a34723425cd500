/**
 * Stage 6a of Kenward-Roger (per level l of term 1): the rows of z_l' V^-1 [Z1 Z2 X] that term 1's
 * parameters need, from stage 3's V1^-1 pieces and stage 4's Woodbury matrices:
 *   Y_l = U_l N,  C12_l = z_l' V^-1 Z2 = U_l (I - N A22),  B1_l = z_l' V^-1 X = A1x_l - U_l N A2x,
 *   C11_l = z_l' V^-1 z_l = A11_l - U_l N U_l'  (U_l = z_l' V1^-1 Z2, see KrLevel).
 */
import type { KrDenseBlock } from './denseBlock';
import type { KrLevel } from './term1Levels';

/** Stage 6a's result for one level (k1 = columns of term 1): buffers reused from level to level. */
export interface KrLevelCrossproducts {
  /** U_l N, k1 x q2. */
  Y: Float64Array;
  /** z_l' V^-1 Z2, k1 x q2. */
  C12: Float64Array;
  /** z_l' V^-1 X, k1 x p. */
  B1: Float64Array;
  /** z_l' V^-1 z_l, k1 x k1. */
  C11: Float64Array;
}

/** Zeroed buffers for {@link krLevelCrossproducts}. */
export function krLevelCrossproductsBuffers(k1: number, q2: number, p: number): KrLevelCrossproducts {
  return { Y: new Float64Array(k1 * q2), C12: new Float64Array(k1 * q2), B1: new Float64Array(k1 * p), C11: new Float64Array(k1 * k1) };
}

/**
 * Fills `out` with level l's cross-products (cost O(k1 cols_l (q2 + p) + k1^2 cols_l)).
 * @example const out = krLevelCrossproductsBuffers(k1, q2, p); krLevelCrossproducts(levels[0], dense, k1, q2, p, out); out.B1
 */
export function krLevelCrossproducts(level: KrLevel, dense: KrDenseBlock, k1: number, q2: number, p: number, out: KrLevelCrossproducts): void {
  const { cols, U, A1x, A11 } = level;
  const { N, NA22, NA2x } = dense;
  const { Y, C12, B1, C11 } = out;
  const nc = cols.length;
  Y.fill(0);
  C12.fill(0);
  B1.set(A1x);
  for (let a = 0; a < k1; a++) {
    const ya = a * q2;
    for (let c = 0; c < nc; c++) {
      const u = U[a * nc + c]!;
      if (u === 0) continue;
      const col = cols[c]!;
      const nRow = col * q2;
      for (let j = 0; j < q2; j++) {
        Y[ya + j] += u * N[nRow + j]!;
        C12[ya + j] -= u * NA22[nRow + j]!;
      }
      for (let j = 0; j < p; j++) B1[a * p + j] -= u * NA2x[col * p + j]!;
      C12[ya + col] += u;
    }
  }
  for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) {
    let s = A11[a * k1 + b]!;
    for (let c = 0; c < nc; c++) s -= Y[a * q2 + cols[c]!]! * U[b * nc + c]!;
    C11[a * k1 + b] = s;
  }
}
