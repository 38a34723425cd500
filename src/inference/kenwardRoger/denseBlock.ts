/**
 * Stage 4 of Kenward-Roger: the dense block by the Woodbury identity,
 * V^-1 = V1^-1 - V1^-1 Z2 N Z2' V1^-1 with N = Lambda2 (I + Lambda2' A22 Lambda2)^-1 Lambda2' (q2 x q2),
 * where A22 = Z2' V1^-1 Z2, A2x = Z2' V1^-1 X, Axx = X' V1^-1 X are the blocks of stage 3's G.
 */
import { invLower, invSpd, matmul, matmulSymmetric, transpose } from '../../linalg/index';
import type { KrDenseTerm, KrSplit } from './split';

/** Stage 4's result: cross-products with V^-1 = sigma^2 Sigma^-1 and the Woodbury pieces term 1 needs. */
export interface KrDenseBlock {
  /** N = Lambda2 (I + Lambda2' A22 Lambda2)^-1 Lambda2', q2 x q2. */
  N: Float64Array;
  /** N A22, q2 x q2 (so that Z2' V^-1 = (I - A22 N) Z2' V1^-1 and its transpose). */
  NA22: Float64Array;
  /** N A2x, q2 x p. */
  NA2x: Float64Array;
  /** C22 = Z2' V^-1 Z2 = A22 - A22 N A22, q2 x q2. */
  C22: Float64Array;
  /** B2 = Z2' V^-1 X = A2x - A22 N A2x, q2 x p. */
  B2: Float64Array;
  /** X' V^-1 X = Axx - A2x' N A2x, p x p (= sigma^2 Phi^-1). */
  XVX: Float64Array;
}

/**
 * The dense-block algebra. When every Lambda2 block is well conditioned (diagonal entries above 1e-3),
 * A22 N = I - Lambda2^-T Mw^-1 Lambda2' and C22 = Lambda2^-T (I - Mw^-1) Lambda2^-1 (both from
 * Lambda2' A22 Lambda2 = Mw - I, Mw = I + Lambda2' A22 Lambda2), which leaves one dense SPD inverse;
 * otherwise (a variance at or near 0), or with `shortcut: false`, the products are formed directly.
 * @example const dense = krDenseBlock(G, split, model.p); dense.XVX // X' V^-1 X
 */
export function krDenseBlock(G: Float64Array, split: KrSplit, p: number, options: { shortcut?: boolean } = {}): KrDenseBlock {
  const { q2, blocks } = split;
  const m2 = q2 + p;
  const A22 = new Float64Array(q2 * q2);
  const A2x = new Float64Array(q2 * p);
  const Axx = new Float64Array(p * p);
  for (let i = 0; i < q2; i++) {
    for (let j = 0; j < q2; j++) A22[i * q2 + j] = G[i * m2 + j]!;
    for (let j = 0; j < p; j++) A2x[i * p + j] = G[i * m2 + q2 + j]!;
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Axx[i * p + j] = G[(q2 + i) * m2 + q2 + j]!;
  let N = new Float64Array(0);
  let Qm = new Float64Array(0); // A22 N
  let C22 = new Float64Array(0);
  if (q2 > 0) {
    const AL = rightMulBlocks(A22, q2, q2, blocks, false); // A22 Lambda2
    const Mw = rightMulBlocks(transpose(AL, q2, q2), q2, q2, blocks, false); // Lambda2' A22 Lambda2
    for (let i = 0; i < q2; i++) Mw[i * q2 + i] += 1;
    const Mwi = invSpd(Mw, q2);
    if (!Mwi) throw new Error('Kenward-Roger: I + Lambda2\' A22 Lambda2 is not positive definite');
    const W1 = rightMulBlocks(Mwi, q2, q2, blocks, true); // Mwi Lambda2'
    N = rightMulBlocks(transpose(W1, q2, q2), q2, q2, blocks, true); // (Mwi Lambda2')' Lambda2' = Lambda2 Mwi Lambda2'
    const invBlocks = options.shortcut === false ? null : invertBlocks(blocks);
    if (invBlocks) {
      // Qm = I - Lambda^-T (Mwi Lambda')
      const Z = transpose(rightMulBlocks(transpose(W1, q2, q2), q2, q2, invBlocks, false), q2, q2);
      Qm = Float64Array.from(Z, (v) => -v);
      for (let i = 0; i < q2; i++) Qm[i * q2 + i] += 1;
      const ImM = Float64Array.from(Mwi, (v) => -v);
      for (let i = 0; i < q2; i++) ImM[i * q2 + i] += 1;
      const Y = rightMulBlocks(ImM, q2, q2, invBlocks, false); // (I - Mwi) Lambda^-1
      C22 = transpose(rightMulBlocks(transpose(Y, q2, q2), q2, q2, invBlocks, false), q2, q2); // Lambda^-T (...)
    } else {
      Qm = matmul(A22, N, q2, q2, q2);
      const QmA = matmulSymmetric(Qm, A22, q2); // A22 N A22
      C22 = Float64Array.from(A22, (v, x) => v - QmA[x]!);
    }
  }
  const NA22 = transpose(Qm, q2, q2);
  const NA2x = matmul(N, A2x, q2, q2, p);
  const A22NA2x = matmul(A22, NA2x, q2, q2, p);
  const B2 = Float64Array.from(A2x, (v, x) => v - A22NA2x[x]!);
  const XVX = Float64Array.from(Axx);
  {
    const t = matmul(transpose(A2x, q2, p), NA2x, p, q2, p);
    for (let x = 0; x < p * p; x++) XVX[x] -= t[x]!;
  }
  return { N, NA22, NA2x, C22, B2, XVX };
}

/** Right-multiplies the rows x q2 matrix M by the block-diagonal Lambda2 (or its transpose). */
function rightMulBlocks(M: Float64Array, rows: number, q2: number, blocks: KrDenseTerm[], transposeBlocks: boolean): Float64Array {
  const out = new Float64Array(rows * q2);
  for (const b of blocks) {
    const k = b.k;
    for (let l = 0; l < b.nl; l++) {
      const c0 = b.off + l * k;
      for (let i = 0; i < rows; i++) {
        const ri = i * q2;
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let x = 0; x < k; x++) {
            const lam = transposeBlocks ? b.lam[c * k + x]! : b.lam[x * k + c]!;
            s += M[ri + c0 + x]! * lam;
          }
          out[ri + c0 + c] = s;
        }
      }
    }
  }
  return out;
}

/** Inverses of the Lambda2 blocks, or null when one is singular or badly conditioned (a diagonal entry below 1e-3). */
function invertBlocks(blocks: KrDenseTerm[]): KrDenseTerm[] | null {
  const out: KrDenseTerm[] = [];
  for (const b of blocks) {
    const k = b.k;
    for (let c = 0; c < k; c++) if (!(Math.abs(b.lam[c * k + c]!) > 1e-3)) return null;
    out.push({ ...b, lam: invLower(b.lam, k) });
  }
  return out;
}
