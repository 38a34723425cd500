/**
 * The scaling step of each update of the blocked system: the blocks of A become Lambda' A Lambda + I (on the
 * random-effects part), with an absorbed first block's sums subtracted first, ready to be factored.
 */
import type { BlockSystemView, ChainBlock } from './blockTypes';
import { congruence } from '../linalg/index';

/**
 * L_T <- Lambda_T' (A_T - sum_g coef_g M_g) Lambda_T + I on the random rows (lower triangle); the M_g are the
 * absorbed first block's sums (none when M is null).
 */
export function scaleTail(sys: BlockSystemView, T: Float64Array, M: Float64Array[] | null, coef: Float64Array | null, rowScale: Float64Array | null): void {
  const { tail } = sys;
  const { m, qT } = tail;
  let A = tail.A;
  let M0: Float64Array | null = null;
  let c0 = 0;
  if (M && coef) {
    if (M.length === 1) {
      // One group (the common case): fused into the scaling below.
      M0 = M[0]!;
      c0 = coef[0]!;
    } else {
      // Several: the effective A first (envelope only).
      A = sys.scratchTail();
      envelopeCopy(A, tail.A, m, tail.first);
      for (let g = 0; g < M.length; g++) if (coef[g] !== 0) envelopeAxpy(A, -coef[g]!, M[g]!, m, tail.first);
    }
  }
  if (rowScale) {
    if (M0) scaleEnvelopeMinus(T, A, c0, M0, rowScale, m, tail.first);
    else scaleEnvelope(T, A, rowScale, m, tail.first);
  } else {
    scaleTailGeneral(sys, T, A, M0, c0);
  }
  for (let r = 0; r < qT; r++) T[r * m + r] += 1;
}

/** The tail scaling when some tail terms are vector-valued: a full symmetric copy, rows then columns transformed per level. */
function scaleTailGeneral(sys: BlockSystemView, T: Float64Array, A: Float64Array, M0: Float64Array | null, c0: number): void {
  const d = sys.design;
  const { m, qT, rowTerm, rowComp } = sys.tail;
  // Full symmetric copy, rows then columns transformed per level group.
  for (let r = 0; r < m; r++) {
    for (let c = 0; c <= r; c++) {
      const v = M0 ? A[r * m + c]! - c0 * M0[r * m + c]! : A[r * m + c]!;
      T[r * m + c] = v;
      T[c * m + r] = v;
    }
  }
  for (let r = 0; r < qT; ) {
    const t = rowTerm[r]!;
    const k = d.reterms[t]!.k;
    const lam = sys.lambda[t]!;
    if (k === 1) {
      const th = lam[0]!;
      for (let c = 0; c < m; c++) T[r * m + c] *= th;
      for (let c = 0; c < m; c++) T[c * m + r] *= th;
    } else {
      const base = r - rowComp[r]!;
      // rows: new row (base+c) = sum_{x>=c} lam[x][c] row(base+x)
      for (let c = 0; c < k; c++) {
        for (let col = 0; col < m; col++) {
          let s = 0;
          for (let x = c; x < k; x++) s += lam[x * k + c]! * T[(base + x) * m + col]!;
          T[(base + c) * m + col] = s;
        }
      }
      for (let c = 0; c < k; c++) {
        for (let row = 0; row < m; row++) {
          let s = 0;
          for (let x = c; x < k; x++) s += T[row * m + base + x]! * lam[x * k + c]!;
          T[row * m + base + c] = s;
        }
      }
    }
    r += k;
  }
}

/** Ldiag <- Lambda' Adiag Lambda + I per level (nl blocks of k x k). */
export function scaleDiag(Adiag: Float64Array, Ldiag: Float64Array, nl: number, k: number, lam: Float64Array): void {
  if (k === 1) {
    const t2 = lam[0]! * lam[0]!;
    for (let l = 0; l < nl; l++) Ldiag[l] = t2 * Adiag[l]! + 1;
    return;
  }
  for (let l = 0; l < nl; l++) {
    const o = l * k * k;
    congruence(Adiag, o, lam, lam, k, k, Ldiag, o);
    for (let c = 0; c < k; c++) Ldiag[o + c * k + c] += 1;
  }
}

/** Lcross_j <- Lambda_j' Across_j Lambda_i for chain block b and a later chain block j (from `src`: Across_j or its effective version). */
export function scaleCross(sys: BlockSystemView, b: ChainBlock, j: number, src: Float64Array): void {
  const bj = sys.chain[j]!;
  const dst = b.Lcross[j]!;
  const lam = sys.lambda[b.term]!;
  const lamJ = sys.lambda[bj.term]!;
  const k = b.k;
  const kj = bj.k;
  if (k === 1 && kj === 1) {
    const s = lam[0]! * lamJ[0]!;
    for (let l = 0; l < b.nl; l++) dst[l] = src[l]! * s;
  } else {
    for (let l = 0; l < b.nl; l++) congruence(src, l * kj * k, lamJ, lam, kj, k, dst, l * kj * k);
  }
}

/** out <- a - sum_g coef_g s_g (elementwise). */
export function subtractScaled(out: Float64Array, a: Float64Array, s: Float64Array[], coef: Float64Array): void {
  out.set(a);
  const len = out.length;
  for (let g = 0; g < s.length; g++) {
    const sg = s[g]!;
    const cg = coef[g]!;
    if (cg === 0) continue;
    for (let x = 0; x < len; x++) out[x] -= cg * sg[x]!;
  }
}

/** dst <- src on the envelope of the lower triangle. */
function envelopeCopy(dst: Float64Array, src: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) dst.set(src.subarray(r * m + first[r]!, r * m + r + 1), r * m + first[r]!);
}

/** y += a x on the envelope of the lower triangle. */
function envelopeAxpy(y: Float64Array, a: number, x: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    for (let c = first[r]!; c <= r; c++) y[rr + c] += a * x[rr + c]!;
  }
}

/** T[r, c] <- A[r, c] s_r s_c on the envelope of the lower triangle. */
function scaleEnvelope(T: Float64Array, A: Float64Array, sc: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    const sr = sc[r]!;
    for (let c = first[r]!; c <= r; c++) T[rr + c] = A[rr + c]! * sr * sc[c]!;
  }
}

/** T[r, c] <- (A[r, c] - a M[r, c]) s_r s_c on the envelope of the lower triangle. */
function scaleEnvelopeMinus(T: Float64Array, A: Float64Array, a: number, M: Float64Array, sc: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    const sr = sc[r]!;
    for (let c = first[r]!; c <= r; c++) T[rr + c] = (A[rr + c]! - a * M[rr + c]!) * sr * sc[c]!;
  }
}

/** Ltail <- Lambda_T' Atail Lambda_i for one chain block (Atail: the block's own, or its effective version). */
export function scaleChainTail(sys: BlockSystemView, b: ChainBlock, rowScale: Float64Array | null, Atail: Float64Array): void {
  const { tail } = sys;
  const d = sys.design;
  const k = b.k;
  const lamI = sys.lambda[b.term]!;
  const { qT, rowTerm, rowComp } = tail;
  const nnz = b.idx.length;
  if (k === 1 && rowScale) {
    // Scalar tail terms: one scale per tail row (theta of its term; 1 on X and y rows).
    const thI = lamI[0]!;
    const { idx, Ltail } = b;
    for (let e = 0; e < nnz; e++) Ltail[e] = Atail[e]! * thI * rowScale[idx[e]!]!;
    return;
  }
  if (k === 1) {
    const thI = lamI[0]!;
    for (let e = 0; e < nnz; e++) {
      const r = b.idx[e]!;
      if (r < qT) {
        const t = rowTerm[r]!;
        const kt = d.reterms[t]!.k;
        if (kt === 1) {
          b.Ltail[e] = Atail[e]! * thI * sys.lambda[t]![0]!;
        } else {
          const c = rowComp[r]!;
          const lam = sys.lambda[t]!;
          let s = 0;
          for (let x = c; x < kt; x++) s += lam[x * kt + c]! * Atail[e - c + x]!;
          b.Ltail[e] = s * thI;
        }
      } else {
        b.Ltail[e] = Atail[e]! * thI;
      }
    }
    return;
  }
  for (let e = 0; e < nnz; e++) {
    const r = b.idx[e]!;
    // Left factor (Lambda_T' on the row group), then right factor Lambda_i.
    const rowVals = new Float64Array(k);
    if (r < qT) {
      const t = rowTerm[r]!;
      const kt = d.reterms[t]!.k;
      const c = rowComp[r]!;
      const lam = sys.lambda[t]!;
      for (let col = 0; col < k; col++) {
        let s = 0;
        for (let x = c; x < kt; x++) s += lam[x * kt + c]! * Atail[(e - c + x) * k + col]!;
        rowVals[col] = s;
      }
    } else {
      for (let col = 0; col < k; col++) rowVals[col] = Atail[e * k + col]!;
    }
    for (let col = 0; col < k; col++) {
      let s = 0;
      for (let y = col; y < k; y++) s += rowVals[y]! * lamI[y * k + col]!;
      b.Ltail[e * k + col] = s;
    }
  }
}
