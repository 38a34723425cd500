/**
 * Stage 5 of Kenward-Roger: traces and p x p products of the dense-block parameters, with V^-1 = sigma^2
 * Sigma^-1 (the scaling stage turns them into pbkrtest's quantities). For a parameter r of a dense-block
 * term t, G_r = Z_t (I (x) E_r) Z_t', so with C22 = Z2' V^-1 Z2 and B2 = Z2' V^-1 X (stage 4) and D_r the
 * q2 x q2 block-diagonal I (x) E_r on term t's columns (zero elsewhere):
 *   tr(V^-1 G_r) = tr(D_r C22),  X' V^-1 G_r V^-1 X = B2' D_r B2,
 *   tr(V^-1 G_r V^-1 G_s) = tr(D_r C22 D_s C22),  X' V^-1 G_r V^-1 G_s V^-1 X = (D_r B2)' C22 (D_s B2).
 */
import { addScaled, matmul, transpose } from '../../linalg/index';
import type { KrDenseBlock } from './denseBlock';
import type { KrParameter } from './parameters';
import { leftE, trEXEX } from './patterns';
import { krParameterSides, type KrSplit } from './split';
import type { KrModel } from './types';

/**
 * The accumulated (unscaled) quantities, one entry per variance parameter r, s (residual excluded):
 * trSG[r] = tr(V^-1 G_r), K[r R + s] = tr(V^-1 G_r V^-1 G_s), P[r] = X' V^-1 G_r V^-1 X,
 * Q[r][s] = X' V^-1 G_r V^-1 G_s V^-1 X (p x p row-major), with V = Sigma / sigma^2.
 */
export interface KrTraces {
  trSG: Float64Array;
  K: Float64Array;
  P: Float64Array[];
  Q: Float64Array[][];
  /** D_s B2 per dense-block parameter s (q2 x p, zero outside the term's rows), reused by stage 6. */
  DB: Map<number, Float64Array>;
}

/**
 * The dense-block parameters' entries of trSG, P, and of K and Q among themselves; term 1's entries are
 * left at zero for {@link krTerm1Traces}.
 * @example const traces = krDenseBlockTraces(model, params, split, dense);
 */
export function krDenseBlockTraces(m: KrModel, params: KrParameter[], split: KrSplit, dense: KrDenseBlock): KrTraces {
  const { p, terms } = m;
  const { off2, q2 } = split;
  const { C22, B2 } = dense;
  const R = params.length;
  const rParams = krParameterSides(params, split).dense;
  const trSG = new Float64Array(R);
  const K = new Float64Array(R * R);
  const P = params.map(() => new Float64Array(p * p));
  const Q: Float64Array[][] = params.map(() => params.map(() => new Float64Array(p * p)));
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
      Q[r]![s] = matmul(transpose(dbr, q2, p), CDB.get(s)!, p, q2, p);
    }
  }
  return { trSG, K, P, Q, DB };
}
