/**
 * Kenward-Roger adjusted covariance of the fixed effects and denominator degrees of freedom for linear
 * mixed models (Kenward & Roger 1997, Biometrics 53:983; Halekoh & Hojsgaard 2014, J. Stat. Softw. 59(9)),
 * giving the same numbers as R's pbkrtest (`vcovAdj`, `Lb_ddf`) without any n x n matrix.
 *
 * The model: Sigma = sum_r theta_r G_r, with one parameter per variance / covariance entry of each random
 * term (G = Z_t (I (x) E_ab) Z_t') plus the residual variance (G = I), as pbkrtest parameterizes it. With
 * Phi = Var(beta-hat) (the fit's vcov), P_r = -X' S G_r S X, Q_rs = X' S G_r S G_s S X (S = Sigma^-1) and
 * the expected REML information IE2_rs = tr(S G_r S G_s) - 2 tr(Phi Q_rs) + tr(Phi P_r Phi P_s),
 * W = 2 IE2^-1, U = sum_rs W_rs (Q_rs - P_r Phi P_s) and Phi_A = Phi + 2 Phi U Phi.
 *
 * How it avoids n x n matrices:
 * 1. The random term with the most effects ("term 1") makes V1 = I + Z1 G1 Z1' block diagonal by its levels,
 *    so V1^-1 = I - z_l H_l z_l' per level with H_l a k x k matrix.
 * 2. The other terms (q2 effects) enter by the Woodbury identity: V^-1 = V1^-1 - V1^-1 Z2 N Z2' V1^-1 with
 *    N = Lambda2 (I + Lambda2' Z2'V1^-1 Z2 Lambda2)^-1 Lambda2' (q2 x q2).
 * 3. Every trace and product above is then a sum over levels of term 1 plus dense q2 x q2 algebra; the
 *    residual parameter's terms follow from the others because Sigma is linear in theta
 *    (sum_r theta_r S G_r S = S).
 * Cost: O(n (K + p)^2 + q1 q2 (p + k) + q2^3); for the Lee et al. models (n = 6,060-8,688) well under a second.
 */
import { invGeneral, invSpd, matmul, matmulSymmetric, pinvSymmetric, transpose } from './linalg';
import { symmetricEigen } from '../linalg/index';

/** One random-effects term as Kenward-Roger needs it. */
export interface KrTerm {
  /** Name (e.g. "post:rater"), for parameter labels. */
  name?: string;
  /** Names of the term's columns, e.g. ["(Intercept)", "x"]. */
  cnames?: string[];
  /** Level (0-based) of each observation. */
  refs: Int32Array;
  /** Number of levels. */
  nl: number;
  /** Columns per level. */
  k: number;
  /** Values of the term's columns, n x k row-major. */
  z: Float64Array;
  /** Relative covariance factor (lme4's Lambda block, k x k lower, row-major): Cov = sigma^2 Lambda Lambda'. */
  lambda: Float64Array;
}

/** A fitted linear mixed model as Kenward-Roger needs it. */
export interface KrModel {
  n: number;
  p: number;
  /** Fixed-effects model matrix, n x p row-major. */
  X: Float64Array;
  terms: KrTerm[];
  /** Residual standard deviation. */
  sigma: number;
  /** Var(beta-hat) of the (REML) fit, p x p row-major. */
  vcov: Float64Array;
}

/** Kenward-Roger results: adjusted covariance and the pieces pbkrtest keeps to compute degrees of freedom. */
export interface KenwardRogerResult {
  /** Unadjusted Var(beta-hat), p x p. */
  vcov: Float64Array;
  /** Adjusted covariance Phi_A, p x p (pbkrtest::vcovAdj). */
  vcovAdjusted: Float64Array;
  /** P_r matrices (p x p), one per variance parameter (attr(, "P") in pbkrtest). */
  P: Float64Array[];
  /** W = 2 IE2^-1 (attr(, "W")), nParams x nParams. */
  W: Float64Array;
  /** Smallest |eigenvalue| of IE2 (attr(, "condi")); below 1e-10 a pseudo-inverse was used. */
  condition: number;
  /** Names of the variance parameters, e.g. "post:rater.(Intercept)", "Residual". */
  parameterNames: string[];
  /** Values of the variance parameters (variances and covariances). */
  parameters: number[];
  /** p (number of fixed effects). */
  p: number;
  /** Denominator df for the hypothesis L beta = 0 (L: one row of length p, or several rows): pbkrtest::Lb_ddf. */
  df(L: ArrayLike<number> | ArrayLike<number>[]): number;
}

interface Param {
  term: number;
  a: number;
  b: number;
  E: Float64Array; // k x k
  value: number;
  name: string;
}

/** E M for a k x k E and a k x ncol M. */
function leftE(E: Float64Array, M: ArrayLike<number>, k: number, ncol: number, mOff = 0, mStride = ncol): Float64Array {
  const out = new Float64Array(k * ncol);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    const e = E[a * k + b]!;
    if (e === 0) continue;
    for (let j = 0; j < ncol; j++) out[a * ncol + j] += e * M[mOff + b * mStride + j]!;
  }
  return out;
}

/** tr(E_r X E_s X') for X (kt x ks) read from M at offset/stride. */
function trEXEX(Er: Float64Array, Es: Float64Array, kt: number, ks: number, M: ArrayLike<number>, off: number, stride: number): number {
  if (kt === 1 && ks === 1) {
    const x = M[off]!;
    return Er[0]! * Es[0]! * x * x;
  }
  let s = 0;
  for (let a = 0; a < kt; a++) for (let b = 0; b < kt; b++) {
    const er = Er[a * kt + b]!;
    if (er === 0) continue;
    for (let c = 0; c < ks; c++) for (let d = 0; d < ks; d++) {
      const es = Es[c * ks + d]!;
      if (es === 0) continue;
      s += er * es * M[off + b * stride + c]! * M[off + a * stride + d]!;
    }
  }
  return s;
}

/** Y' A Z for Y (r x p), A (r x r), Z (r x p): p x p. */
function sandwich(Y: ArrayLike<number>, A: ArrayLike<number>, Z: ArrayLike<number>, r: number, p: number): Float64Array {
  const AZ = matmul(A, Z, r, r, p);
  return matmul(transpose(Y, r, p), AZ, p, r, p);
}

function addScaled(dst: Float64Array, src: ArrayLike<number>, f: number): void {
  for (let i = 0; i < dst.length; i++) dst[i] += f * src[i]!;
}

function traceProduct(A: ArrayLike<number>, B: ArrayLike<number>, n: number): number {
  // tr(A B) = sum_ij A_ij B_ji
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += A[i * n + j]! * B[j * n + i]!;
  return s;
}

/** Right-multiplies the rows x q2 matrix M by the block-diagonal Lambda2 (or its transpose). */
function rightMulBlocks(M: Float64Array, rows: number, q2: number, blocks: { off: number; k: number; nl: number; lam: Float64Array }[], transposeBlocks: boolean): Float64Array {
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
function invertBlocks(blocks: { off: number; k: number; nl: number; lam: Float64Array }[]): { off: number; k: number; nl: number; lam: Float64Array }[] | null {
  const out: { off: number; k: number; nl: number; lam: Float64Array }[] = [];
  for (const b of blocks) {
    const k = b.k;
    for (let c = 0; c < k; c++) if (!(Math.abs(b.lam[c * k + c]!) > 1e-3)) return null;
    // inverse of a lower-triangular k x k block
    const inv = new Float64Array(k * k);
    for (let j = 0; j < k; j++) {
      inv[j * k + j] = 1 / b.lam[j * k + j]!;
      for (let i = j + 1; i < k; i++) {
        let s = 0;
        for (let c = j; c < i; c++) s += b.lam[i * k + c]! * inv[c * k + j]!;
        inv[i * k + j] = -s / b.lam[i * k + i]!;
      }
    }
    out.push({ ...b, lam: inv });
  }
  return out;
}

/**
 * Kenward-Roger adjusted covariance and df machinery for a fitted model (REML fits, as pbkrtest refits by
 * REML first).
 * `options.shortcut: false` forces the direct products in the dense block (used by tests; the default uses
 * the Woodbury shortcut whenever the Lambda blocks of the dense part are well conditioned).
 * @example const kr = kenwardRoger(model); kr.vcovAdjusted; kr.df([0, 1, -1, 0]);
 */
export function kenwardRoger(m: KrModel, options: { shortcut?: boolean } = {}): KenwardRogerResult {
  const { n, p, X, terms, sigma } = m;
  const s2 = sigma * sigma;
  const Phi = m.vcov;
  if (terms.length === 0) throw new Error('Kenward-Roger needs at least one random-effects term');

  // Term 1: the one with most effects; the rest go to the dense q2 block.
  let f = 0;
  terms.forEach((t, i) => {
    if (t.nl * t.k > terms[f]!.nl * terms[f]!.k) f = i;
  });
  const rest = terms.map((_, i) => i).filter((i) => i !== f);
  const off2 = new Array<number>(terms.length).fill(-1);
  let q2 = 0;
  for (const t of rest) {
    off2[t] = q2;
    q2 += terms[t]!.nl * terms[t]!.k;
  }
  const m2 = q2 + p;
  const blocks2 = rest.map((t) => ({ off: off2[t]!, k: terms[t]!.k, nl: terms[t]!.nl, lam: terms[t]!.lambda }));

  // Variance parameters in pbkrtest's order: per term the lower triangle column-wise, then the residual.
  const params: Param[] = [];
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
  const R = params.length;
  const fParams = params.map((q, i) => (q.term === f ? i : -1)).filter((i) => i >= 0);
  const rParams = params.map((q, i) => (q.term !== f ? i : -1)).filter((i) => i >= 0);

  // ---- G = [Z2 X]'[Z2 X] (full symmetric), then minus the term-1 parts per level.
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

  const T1 = terms[f]!;
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

  interface Level {
    cols: Int32Array;
    U: Float64Array; // k1 x nc
    A1x: Float64Array; // k1 x p
    A11: Float64Array; // k1 x k1
  }
  const levels: Level[] = new Array(nl1);
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

  // ---- Dense q2 algebra.
  const A22 = new Float64Array(q2 * q2);
  const A2x = new Float64Array(q2 * p);
  const Axx = new Float64Array(p * p);
  for (let i = 0; i < q2; i++) {
    for (let j = 0; j < q2; j++) A22[i * q2 + j] = G[i * m2 + j]!;
    for (let j = 0; j < p; j++) A2x[i * p + j] = G[i * m2 + q2 + j]!;
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Axx[i * p + j] = G[(q2 + i) * m2 + q2 + j]!;
  // N = Lambda2 Mw^-1 Lambda2' with Mw = I + Lambda2' A22 Lambda2; Qm = A22 N; C22 = A22 - A22 N A22.
  // When every Lambda2 block is well conditioned, A22 N = I - Lambda2^-T Mw^-1 Lambda2' and
  // C22 = Lambda2^-T (I - Mw^-1) Lambda2^-1 (both from Lambda2' A22 Lambda2 = Mw - I), which leaves one
  // dense inverse; otherwise (a variance at or near 0) the products are formed directly.
  let N = new Float64Array(0);
  let Qm = new Float64Array(0);
  let C22 = new Float64Array(0);
  if (q2 > 0) {
    const AL = rightMulBlocks(A22, q2, q2, blocks2, false); // A22 Lambda2
    const Mw = rightMulBlocks(transpose(AL, q2, q2), q2, q2, blocks2, false); // Lambda2' A22 Lambda2
    for (let i = 0; i < q2; i++) Mw[i * q2 + i] += 1;
    const Mwi = invSpd(Mw, q2);
    const W1 = rightMulBlocks(Mwi, q2, q2, blocks2, true); // Mwi Lambda2'
    N = rightMulBlocks(transpose(W1, q2, q2), q2, q2, blocks2, true); // (Mwi Lambda2')' Lambda2' = Lambda2 Mwi Lambda2'
    const invBlocks = options.shortcut === false ? null : invertBlocks(blocks2);
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
  const QmT = transpose(Qm, q2, q2); // N A22
  const NA2x = matmul(N, A2x, q2, q2, p);
  const A22NA2x = matmul(A22, NA2x, q2, q2, p);
  const B2 = Float64Array.from(A2x, (v, x) => v - A22NA2x[x]!);
  const XVX = Float64Array.from(Axx);
  {
    const t = matmul(transpose(A2x, q2, p), NA2x, p, q2, p);
    for (let x = 0; x < p * p; x++) XVX[x] -= t[x]!;
  }

  // ---- Accumulators (unscaled: with V^-1 instead of Sigma^-1).
  const trSG = new Float64Array(R);
  const K = new Float64Array(R * R);
  const P = params.map(() => new Float64Array(p * p));
  const Qu: Float64Array[][] = params.map(() => params.map(() => new Float64Array(p * p)));
  // D_s B_s for the dense-block parameters (q2 x p, zero outside the term's rows).
  const DB = new Map<number, Float64Array>();
  for (const s of rParams) {
    const q = params[s]!;
    const t = terms[q.term]!;
    const k = t.k;
    const out = new Float64Array(q2 * p);
    for (let l = 0; l < t.nl; l++) {
      const r0 = off2[q.term]! + l * k;
      const e = leftE(q.E, B2, k, p, r0 * p, p);
      out.set(e, r0 * p);
    }
    DB.set(s, out);
  }

  // Dense-block parameters among themselves.
  for (const r of rParams) {
    const qr = params[r]!;
    const t = terms[qr.term]!;
    const kt = t.k;
    const o = off2[qr.term]!;
    let tr = 0;
    for (let l = 0; l < t.nl; l++) {
      const r0 = o + l * kt;
      for (let a = 0; a < kt; a++) for (let b = 0; b < kt; b++) tr += qr.E[a * kt + b]! * C22[(r0 + b) * q2 + r0 + a]!;
      const Bl = B2.subarray(r0 * p, (r0 + kt) * p);
      const EB = leftE(qr.E, Bl, kt, p);
      const pp = matmul(transpose(Bl, kt, p), EB, p, kt, p);
      addScaled(P[r]!, pp, 1);
    }
    trSG[r] = tr;
  }
  for (const r of rParams) {
    const qr = params[r]!;
    const t = terms[qr.term]!;
    for (const s of rParams) {
      if (s < r) continue;
      const qs = params[s]!;
      const u = terms[qs.term]!;
      let tr = 0;
      for (let i = 0; i < t.nl; i++) {
        const r0 = off2[qr.term]! + i * t.k;
        for (let j = 0; j < u.nl; j++) {
          const c0 = off2[qs.term]! + j * u.k;
          tr += trEXEX(qr.E, qs.E, t.k, u.k, C22, r0 * q2 + c0, q2);
        }
      }
      K[r * R + s] = tr;
      K[s * R + r] = tr;
    }
  }
  // C22 (D_s B_s) for dense-block s.
  const CDB = new Map<number, Float64Array>();
  for (const s of rParams) CDB.set(s, matmul(C22, DB.get(s)!, q2, q2, p));
  for (const r of rParams) {
    const dbr = DB.get(r)!;
    for (const s of rParams) {
      Qu[r]![s] = matmul(transpose(dbr, q2, p), CDB.get(s)!, p, q2, p);
    }
  }

  // Term-1 parameters: per level, Y_l = U_l N, C12_l = U_l (I - N A22), B1_l, the diagonal block of C11.
  const nf = fParams.length;
  const fE = fParams.map((r) => params[r]!.E);
  const Rmat = fParams.map(() => new Float64Array(q2 * q2));
  const YB = fParams.map(() => new Float64Array(q2 * p));
  const UB = fParams.map(() => new Float64Array(q2 * p));
  const term1Part = new Float64Array(nf * nf);
  const term2 = new Float64Array(nf * nf);
  const qffPart = fParams.map(() => fParams.map(() => new Float64Array(p * p)));
  const nr = rParams.length;
  const rTerm = rParams.map((s) => terms[params[s]!.term]!);
  const rOff = rParams.map((s) => off2[params[s]!.term]!);
  const rE = rParams.map((s) => params[s]!.E);
  const rDB = rParams.map((s) => DB.get(s)!);
  const Y = new Float64Array(k1 * q2);
  const C12 = new Float64Array(k1 * q2);
  const B1 = new Float64Array(k1 * p);
  const C11 = new Float64Array(k1 * k1);
  const EB1 = fParams.map(() => new Float64Array(k1 * p));
  const EY = new Float64Array(k1 * q2);
  const CD = new Float64Array(k1 * p);
  const EA = new Float64Array(k1 * k1);
  const EAE = new Float64Array(k1 * k1);
  const AEB = new Float64Array(k1 * p);
  const Kfr = new Float64Array(nf * nr);
  for (let l = 0; l < nl1; l++) {
    const { cols, U, A1x, A11 } = levels[l]!;
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
          C12[ya + j] -= u * QmT[nRow + j]!;
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
    for (let ir = 0; ir < nf; ir++) {
      const E = fE[ir]!;
      const r = fParams[ir]!;
      const eb = EB1[ir]!;
      eb.fill(0);
      EY.fill(0);
      let tr = 0;
      for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) {
        const e = E[a * k1 + b]!;
        if (e === 0) continue;
        tr += e * C11[b * k1 + a]!;
        for (let x = 0; x < p; x++) eb[a * p + x] += e * B1[b * p + x]!;
        for (let j = 0; j < q2; j++) EY[a * q2 + j] += e * Y[b * q2 + j]!;
      }
      trSG[r] += tr;
      // P_r += B1' E_r B1
      const Pr = P[r]!;
      for (let a = 0; a < k1; a++) for (let x = 0; x < p; x++) {
        const bx = B1[a * p + x]!;
        if (bx === 0) continue;
        for (let y = 0; y < p; y++) Pr[x * p + y] += bx * eb[a * p + y]!;
      }
      // With dense-block parameters: K += sum_j tr(E_r C12_j E_s C12_j'); Q_rs += (E_r B1)' C12 (D_s B_s).
      for (let is = 0; is < nr; is++) {
        const u = rTerm[is]!;
        const ku = u.k;
        const o = rOff[is]!;
        const Es = rE[is]!;
        let t2 = 0;
        if (k1 === 1 && ku === 1) {
          const w = E[0]! * Es[0]!;
          for (let j = o; j < o + u.nl; j++) t2 += C12[j]! * C12[j]!;
          t2 *= w;
        } else {
          for (let j = 0; j < u.nl; j++) t2 += trEXEX(E, Es, k1, ku, C12, o + j * ku, q2);
        }
        Kfr[ir * nr + is] += t2;
        const db = rDB[is]!;
        CD.fill(0);
        for (let a = 0; a < k1; a++) {
          for (let j = o; j < o + u.nl * ku; j++) {
            const c = C12[a * q2 + j]!;
            if (c === 0) continue;
            for (let x = 0; x < p; x++) CD[a * p + x] += c * db[j * p + x]!;
          }
        }
        const Q = Qu[r]![rParams[is]!]!;
        for (let a = 0; a < k1; a++) for (let x = 0; x < p; x++) {
          const e = eb[a * p + x]!;
          if (e === 0) continue;
          for (let y = 0; y < p; y++) Q[x * p + y] += e * CD[a * p + y]!;
        }
      }
      // YB_r += Y' E_r B1; UB_r += U' E_r B1; R_r += U' E_r Y.
      const yb = YB[ir]!;
      const ub = UB[ir]!;
      const rr = Rmat[ir]!;
      for (let a = 0; a < k1; a++) {
        for (let j = 0; j < q2; j++) {
          const y = Y[a * q2 + j]!;
          if (y === 0) continue;
          for (let x = 0; x < p; x++) yb[j * p + x] += y * eb[a * p + x]!;
        }
        for (let c = 0; c < nc; c++) {
          const u = U[a * nc + c]!;
          if (u === 0) continue;
          const col = cols[c]!;
          for (let x = 0; x < p; x++) ub[col * p + x] += u * eb[a * p + x]!;
          const rc = col * q2;
          for (let j = 0; j < q2; j++) rr[rc + j] += u * EY[a * q2 + j]!;
        }
      }
    }
    for (let ir = 0; ir < nf; ir++) {
      const Er = fE[ir]!;
      // EA = E_r A11
      EA.fill(0);
      for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) {
        const e = Er[a * k1 + b]!;
        if (e === 0) continue;
        for (let c = 0; c < k1; c++) EA[a * k1 + c] += e * A11[b * k1 + c]!;
      }
      for (let is = 0; is < nf; is++) {
        const Es = fE[is]!;
        term1Part[ir * nf + is] += trEXEX(Er, Es, k1, k1, A11, 0, k1);
        // EAE = E_r A11 E_s; tr(U' EAE Y) over the level's columns
        EAE.fill(0);
        for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) {
          const v = EA[a * k1 + b]!;
          if (v === 0) continue;
          for (let c = 0; c < k1; c++) EAE[a * k1 + c] += v * Es[b * k1 + c]!;
        }
        let t2 = 0;
        for (let c = 0; c < nc; c++) {
          const col = cols[c]!;
          for (let a = 0; a < k1; a++) {
            const u = U[a * nc + c]!;
            if (u === 0) continue;
            for (let b = 0; b < k1; b++) t2 += u * EAE[a * k1 + b]! * Y[b * q2 + col]!;
          }
        }
        term2[ir * nf + is] += t2;
        // (E_r B1)' A11 (E_s B1)
        const ebs = EB1[is]!;
        AEB.fill(0);
        for (let a = 0; a < k1; a++) for (let b = 0; b < k1; b++) {
          const v = A11[a * k1 + b]!;
          for (let x = 0; x < p; x++) AEB[a * p + x] += v * ebs[b * p + x]!;
        }
        const qf = qffPart[ir]![is]!;
        const ebr = EB1[ir]!;
        for (let a = 0; a < k1; a++) for (let x = 0; x < p; x++) {
          const e = ebr[a * p + x]!;
          if (e === 0) continue;
          for (let y = 0; y < p; y++) qf[x * p + y] += e * AEB[a * p + y]!;
        }
      }
    }
  }
  for (let ir = 0; ir < nf; ir++) {
    for (let is = 0; is < nr; is++) {
      const r = fParams[ir]!;
      const s = rParams[is]!;
      K[r * R + s] += Kfr[ir * nr + is]!;
      K[s * R + r] += Kfr[ir * nr + is]!;
    }
  }
  fParams.forEach((r, ir) => {
    fParams.forEach((s, is) => {
      K[r * R + s] = term1Part[ir * nf + is]! - term2[ir * nf + is]! - term2[is * nf + ir]! + traceProduct(Rmat[ir]!, Rmat[is]!, q2);
      const corr = matmul(transpose(YB[ir]!, q2, p), UB[is]!, p, q2, p);
      Qu[r]![s] = Float64Array.from(qffPart[ir]![is]!, (v, x) => v - corr[x]!);
    });
    for (const s of rParams) Qu[s]![r] = transpose(Qu[r]![s]!, p, p);
  });

  // ---- Scale to Sigma^-1 and add the residual parameter by linearity.
  const np = R + 1;
  const e = R;
  const theta = params.map((q) => q.value);
  const tS = Array.from(trSG, (v) => v / s2);
  const Kf = new Float64Array(np * np);
  for (let r = 0; r < R; r++) for (let s = 0; s < R; s++) Kf[r * np + s] = K[r * R + s]! / (s2 * s2);
  let trSinv = n;
  for (let r = 0; r < R; r++) trSinv -= theta[r]! * tS[r]!;
  trSinv /= s2;
  for (let r = 0; r < R; r++) {
    let v = tS[r]!;
    for (let s = 0; s < R; s++) v -= theta[s]! * Kf[r * np + s]!;
    Kf[r * np + e] = Kf[e * np + r] = v / s2;
  }
  {
    let v = trSinv;
    for (let s = 0; s < R; s++) v -= theta[s]! * Kf[s * np + e]!;
    Kf[e * np + e] = v / s2;
  }
  const Pf: Float64Array[] = P.map((x) => Float64Array.from(x, (v) => -v / (s2 * s2)));
  {
    const pe = Float64Array.from(XVX, (v) => v / s2);
    for (let r = 0; r < R; r++) addScaled(pe, Pf[r]!, theta[r]!);
    Pf.push(Float64Array.from(pe, (v) => -v / s2));
  }
  const Qf: Float64Array[][] = [];
  for (let r = 0; r < R; r++) {
    Qf.push([]);
    for (let s = 0; s < R; s++) Qf[r]!.push(Float64Array.from(Qu[r]![s]!, (v) => v / (s2 * s2 * s2)));
  }
  for (let r = 0; r < R; r++) {
    const q = Float64Array.from(Pf[r]!, (v) => -v);
    for (let s = 0; s < R; s++) addScaled(q, Qf[r]![s]!, -theta[s]!);
    Qf[r]!.push(Float64Array.from(q, (v) => v / s2));
  }
  Qf.push([]);
  for (let s = 0; s < R; s++) Qf[e]!.push(transpose(Qf[s]![e]!, p, p));
  {
    const q = Float64Array.from(Pf[e]!, (v) => -v);
    for (let s = 0; s < R; s++) addScaled(q, Qf[e]![s]!, -theta[s]!);
    Qf[e]!.push(Float64Array.from(q, (v) => v / s2));
  }

  // ---- Information, W, adjusted covariance (pbkrtest's vcovAdj).
  const PhiP = Pf.map((x) => matmul(Phi, x, p, p, p));
  const IE2 = new Float64Array(np * np);
  for (let r = 0; r < np; r++) {
    for (let s = r; s < np; s++) {
      const v = Kf[r * np + s]! - 2 * traceProduct(Phi, Qf[r]![s]!, p) + traceProduct(PhiP[r]!, PhiP[s]!, p);
      IE2[r * np + s] = IE2[s * np + r] = v;
    }
  }
  const eig = symmetricEigen(IE2, np).values;
  const condition = Math.min(...Array.from(eig, Math.abs));
  const W = condition > 1e-10 ? invGeneral(IE2, np).map((v) => 2 * v) : pinvSymmetric(IE2, np).map((v) => 2 * v);
  // symmetrize
  for (let r = 0; r < np; r++) for (let s = r + 1; s < np; s++) {
    const v = (W[r * np + s]! + W[s * np + r]!) / 2;
    W[r * np + s] = W[s * np + r] = v;
  }
  const Uacc = new Float64Array(p * p);
  for (let r = 0; r < np; r++) {
    for (let s = 0; s < np; s++) {
      const w = W[r * np + s]!;
      if (w === 0) continue;
      const PPhiP = matmul(Pf[r]!, PhiP[s]!, p, p, p); // P_r Phi P_s
      const Qrs = Qf[r]![s]!;
      for (let x = 0; x < p * p; x++) Uacc[x] += w * (Qrs[x]! - PPhiP[x]!);
    }
  }
  const PhiUPhi = matmul(matmul(Phi, Uacc, p, p, p), Phi, p, p, p);
  const vcovAdjusted = Float64Array.from(Phi, (v, x) => v + 2 * PhiUPhi[x]!);
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) {
    const v = (vcovAdjusted[i * p + j]! + vcovAdjusted[j * p + i]!) / 2;
    vcovAdjusted[i * p + j] = vcovAdjusted[j * p + i] = v;
  }
  const parameterNames = [...params.map((q) => q.name), 'Residual'];
  const parameters = [...theta, s2];
  const result: KenwardRogerResult = {
    vcov: Float64Array.from(Phi),
    vcovAdjusted,
    P: Pf,
    W,
    condition,
    parameterNames,
    parameters,
    p,
    df: (L) => krDdf(L, Phi, Pf, W, p),
  };
  return result;
}

/**
 * Kenward-Roger denominator df for H0: L beta = 0 (pbkrtest::Lb_ddf): L is one row (length p) or q rows;
 * V0 = unadjusted Var(beta-hat); P, W from {@link kenwardRoger}.
 */
export function krDdf(L: ArrayLike<number> | ArrayLike<number>[], V0: Float64Array, P: Float64Array[], W: Float64Array, p: number): number {
  const rows: ArrayLike<number>[] = isRowList(L) ? L : [L];
  const q = rows.length;
  const Lm = new Float64Array(q * p);
  rows.forEach((r, i) => {
    if (r.length !== p) throw new Error(`contrast row has ${r.length} entries; the model has ${p} fixed effects`);
    for (let j = 0; j < p; j++) Lm[i * p + j] = r[j]!;
  });
  const LV = matmul(Lm, V0, q, p, p);
  const LVL = matmul(LV, transpose(Lm, q, p), q, p, q);
  const LVLi = q === 1 ? Float64Array.of(1 / LVL[0]!) : invGeneral(LVL, q);
  // Theta = L' (L V0 L')^-1 L  (p x p)
  const Theta = matmul(matmul(transpose(Lm, q, p), LVLi, p, q, q), Lm, p, q, p);
  const ThetaV0 = matmul(Theta, V0, p, p, p);
  const np = P.length;
  const u = P.map((Pi) => matmul(matmul(ThetaV0, Pi, p, p, p), V0, p, p, p));
  const tr = u.map((ui) => {
    let s = 0;
    for (let i = 0; i < p; i++) s += ui[i * p + i]!;
    return s;
  });
  let A1 = 0;
  let A2 = 0;
  for (let i = 0; i < np; i++) {
    for (let j = i; j < np; j++) {
      const e = i === j ? 1 : 2;
      const w = W[i * np + j]!;
      A1 += e * w * tr[i]! * tr[j]!;
      A2 += e * w * traceProduct(u[i]!, u[j]!, p);
    }
  }
  const B = (1 / (2 * q)) * (A1 + 6 * A2);
  const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
  const den = 3 * q + 2 * (1 - g);
  const c1 = g / den;
  const c2 = (q - g) / den;
  const c3 = (q + 2 - g) / den;
  let V0s = 1 + c1 * B;
  const V1 = 1 - c2 * B;
  const V2 = 1 - c3 * B;
  if (Math.abs(V0s) < 1e-10) V0s = 0;
  const x = 1 - A2 / q;
  const ratio = Math.abs(x) < 1e-14 && Math.abs(V1) < 1e-14 ? 1 : x / V1;
  const rho = (1 / q) * ratio * ratio * (V0s / V2);
  return 4 + (q + 2) / (q * rho - 1);
}

function isRowList(L: ArrayLike<number> | ArrayLike<number>[]): L is ArrayLike<number>[] {
  return L.length > 0 && typeof (L as ArrayLike<unknown>)[0] !== 'number';
}

