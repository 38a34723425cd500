/**
 * Stage 3 of Kenward-Roger: V1^-1 = (I + Z1 Lambda1 Lambda1' Z1')^-1 level by level of term 1, and the
 * cross-products of the dense block and X with it. With z_l the n_l x k1 rows of Z1 at level l and
 * S_l = z_l' z_l, V1^-1 = I - z_l H_l z_l' on the level's rows, H_l = Lambda1 (I + Lambda1' S_l Lambda1)^-1 Lambda1'.
 */
import { invSpd, matmul, transpose } from '../../linalg/index';
import type { KrSplit } from './split';
import type { KrModel } from './types';

/** What one level l of term 1 contributes, all with V1^-1 (k1 = columns of term 1). */
export interface KrLevel {
  /** Z2 columns that have rows at this level (sorted). */
  cols: Int32Array;
  /** z_l' V1^-1 Z2 on those columns, k1 x cols.length. */
  U: Float64Array;
  /** z_l' V1^-1 X, k1 x p. */
  A1x: Float64Array;
  /** z_l' V1^-1 z_l = S_l - S_l H_l S_l, k1 x k1. */
  A11: Float64Array;
}

/** Stage 3's result. */
export interface KrTerm1Levels {
  /** [Z2 X]' V1^-1 [Z2 X], (q2 + p) x (q2 + p) row-major (blocks A22, A2x, Axx). */
  G: Float64Array;
  /** One entry per level of term 1. */
  levels: KrLevel[];
}

/**
 * [Z2 X]' V1^-1 [Z2 X] = [Z2 X]'[Z2 X] - sum_l F_l' H_l F_l (F_l = z_l' [Z2 X]) and the per-level pieces.
 * Cost O(n (k2 + p)^2 + sum_l (cols_l + p)^2 k1).
 * @example const { G, levels } = krTerm1Levels(model, krSplit(model.terms));
 */
export function krTerm1Levels(m: KrModel, split: KrSplit): KrTerm1Levels {
  const { n, p, X, terms } = m;
  const { rest, off2, q2 } = split;
  const m2 = q2 + p;
  // G = [Z2 X]'[Z2 X] (full symmetric), then minus the term-1 parts per level.
  const G = new Float64Array(m2 * m2);
  const wRow = rest.reduce((s, t) => s + terms[t]!.k, 0) + p;
  const idx = new Int32Array(wRow);
  const val = new Float64Array(wRow);
  for (let i = 0; i < n; i++) {
    let w = 0;
    for (const t of rest) {
      const tt = terms[t]!;
      const base = off2[t]! + tt.refs[i]! * tt.k;
      for (let c = 0; c < tt.k; c++) {
        idx[w] = base + c;
        val[w++] = tt.z[i * tt.k + c]!;
      }
    }
    for (let j = 0; j < p; j++) {
      idx[w] = q2 + j;
      val[w++] = X[i * p + j]!;
    }
    for (let a = 0; a < w; a++) {
      const ra = idx[a]! * m2;
      const va = val[a]!;
      if (va === 0) continue;
      for (let b = 0; b < w; b++) G[ra + idx[b]!] += va * val[b]!;
    }
  }

  const T1 = terms[split.term1]!;
  const k1 = T1.k;
  const nl1 = T1.nl;
  const lam1 = T1.lambda;
  // Observations by level of term 1.
  const start = new Int32Array(nl1 + 1);
  for (let i = 0; i < n; i++) start[T1.refs[i]! + 1]++;
  for (let l = 0; l < nl1; l++) start[l + 1] += start[l]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, nl1);
  for (let i = 0; i < n; i++) order[fill[T1.refs[i]!]!++] = i;

  const levels: KrLevel[] = new Array(nl1);
  const mark = new Int32Array(Math.max(q2, 1)).fill(-1);
  const Fz = new Float64Array(Math.max(q2, 1) * k1);
  for (let l = 0; l < nl1; l++) {
    const touched: number[] = [];
    const S = new Float64Array(k1 * k1);
    const FX = new Float64Array(k1 * p);
    for (let s = start[l]!; s < start[l + 1]!; s++) {
      const i = order[s]!;
      const zi = T1.z.subarray(i * k1, i * k1 + k1);
      for (let a = 0; a < k1; a++) {
        for (let b = 0; b < k1; b++) S[a * k1 + b] += zi[a]! * zi[b]!;
        for (let j = 0; j < p; j++) FX[a * p + j] += zi[a]! * X[i * p + j]!;
      }
      for (const t of rest) {
        const tt = terms[t]!;
        const base = off2[t]! + tt.refs[i]! * tt.k;
        for (let c = 0; c < tt.k; c++) {
          const col = base + c;
          if (mark[col] !== l) {
            mark[col] = l;
            touched.push(col);
            for (let a = 0; a < k1; a++) Fz[col * k1 + a] = 0;
          }
          const v = tt.z[i * tt.k + c]!;
          for (let a = 0; a < k1; a++) Fz[col * k1 + a] += zi[a]! * v;
        }
      }
    }
    touched.sort((x, y) => x - y);
    const nc = touched.length;
    // H = Lambda1 (I + Lambda1' S Lambda1)^-1 Lambda1'
    const SL = matmul(S, lam1, k1, k1, k1);
    const M1 = matmul(transpose(lam1, k1, k1), SL, k1, k1, k1);
    for (let a = 0; a < k1; a++) M1[a * k1 + a] += 1;
    const M1i = invSpd(M1, k1);
    if (!M1i) throw new Error('Kenward-Roger: I + Lambda1\' S Lambda1 is not positive definite');
    const H = matmul(matmul(lam1, M1i, k1, k1, k1), transpose(lam1, k1, k1), k1, k1, k1);
    const SH = matmul(S, H, k1, k1, k1);
    const ImSH = new Float64Array(k1 * k1);
    for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) ImSH[a * k1 + b] = (a === b ? 1 : 0) - SH[a * k1 + b]!;
    // F over columns: touched Z2 columns then X columns (k1 x (nc + p)).
    const ncol = nc + p;
    const cols = new Int32Array(ncol);
    const F = new Float64Array(k1 * ncol);
    for (let c = 0; c < nc; c++) {
      cols[c] = touched[c]!;
      for (let a = 0; a < k1; a++) F[a * ncol + c] = Fz[touched[c]! * k1 + a]!;
    }
    for (let j = 0; j < p; j++) {
      cols[nc + j] = q2 + j;
      for (let a = 0; a < k1; a++) F[a * ncol + nc + j] = FX[a * p + j]!;
    }
    const HF = matmul(H, F, k1, k1, ncol);
    for (let x = 0; x < ncol; x++) {
      const rx = cols[x]! * m2;
      for (let y = 0; y < ncol; y++) {
        let s = 0;
        for (let a = 0; a < k1; a++) s += F[a * ncol + x]! * HF[a * ncol + y]!;
        G[rx + cols[y]!] -= s;
      }
    }
    const IF = matmul(ImSH, F, k1, k1, ncol);
    const U = new Float64Array(k1 * nc);
    const A1x = new Float64Array(k1 * p);
    for (let a = 0; a < k1; a++) {
      for (let c = 0; c < nc; c++) U[a * nc + c] = IF[a * ncol + c]!;
      for (let j = 0; j < p; j++) A1x[a * p + j] = IF[a * ncol + nc + j]!;
    }
    const SHS = matmul(SH, S, k1, k1, k1);
    const A11 = Float64Array.from(S, (v, x) => v - SHS[x]!);
    levels[l] = { cols: Int32Array.from(touched), U, A1x, A11 };
  }
  return { G, levels };
}
