/**
 * Stage 6 of Kenward-Roger: the entries of the (unscaled) traces and products that involve term 1's
 * parameters, accumulated level by level of term 1 without forming Z1' V^-1 Z1. With D_r = I (x) E_r on
 * term 1's columns, C11 = Z1' V^-1 Z1 = blockdiag_l(A11_l) - U N U', and per level the cross-products of
 * stage 6a (C11_l, C12_l, B1_l, Y_l):
 *   tr(V^-1 G_r) = sum_l tr(E_r C11_l),  X' V^-1 G_r V^-1 X = sum_l B1_l' E_r B1_l;
 *   with s a dense-block parameter: tr(V^-1 G_r V^-1 G_s) = sum_l sum_j tr(E_r C12_lj E_s C12_lj')
 *     (j over the levels of s's term) and X' V^-1 G_r V^-1 G_s V^-1 X = sum_l (E_r B1_l)' C12_l (D_s B2);
 *   with s of term 1: tr(D_r C11 D_s C11) = sum_l tr(E_r A11_l E_s A11_l) - T_rs - T_sr + tr(R_r R_s),
 *     T_rs = sum_l tr(U_l' E_r A11_l E_s Y_l), R_r = sum_l U_l' E_r Y_l (q2 x q2), and
 *     (D_r B1)' C11 (D_s B1) = sum_l (E_r B1_l)' A11_l (E_s B1_l) - (sum_l Y_l' E_r B1_l)' (sum_l U_l' E_s B1_l).
 */
import { matmul, traceProduct, transpose } from '../../linalg/index';
import type { KrDenseBlock } from './denseBlock';
import type { KrTraces } from './denseTraces';
import { krLevelCrossproducts, krLevelCrossproductsBuffers } from './levelCrossproducts';
import type { KrParameter } from './parameters';
import { trEXEX } from './patterns';
import { krParameterSides, type KrSplit } from './split';
import type { KrLevel } from './term1Levels';
import type { KrModel } from './types';

/**
 * Adds term 1's entries to `traces` (from {@link krDenseBlockTraces}) in place: trSG and P of term 1's
 * parameters, K and Q between term 1's parameters and all parameters.
 * @example krTerm1Traces(traces, model, params, split, levels, dense);
 */
export function krTerm1Traces(traces: KrTraces, m: KrModel, params: KrParameter[], split: KrSplit, levels: KrLevel[], dense: KrDenseBlock): void {
  const { p, terms } = m;
  const { off2, q2 } = split;
  const { trSG, K, P, DB } = traces;
  const Qu = traces.Q;
  const R = params.length;
  const k1 = terms[split.term1]!.k;
  const nl1 = levels.length;
  const { term1: fParams, dense: rParams } = krParameterSides(params, split);
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
  const cross = krLevelCrossproductsBuffers(k1, q2, p);
  const { Y, C12, B1, C11 } = cross;
  const EB1 = fParams.map(() => new Float64Array(k1 * p));
  const EY = new Float64Array(k1 * q2);
  const CD = new Float64Array(k1 * p);
  const EA = new Float64Array(k1 * k1);
  const EAE = new Float64Array(k1 * k1);
  const AEB = new Float64Array(k1 * p);
  const Kfr = new Float64Array(nf * nr);
  for (let l = 0; l < nl1; l++) {
    const level = levels[l]!;
    const { cols, U, A11 } = level;
    const nc = cols.length;
    krLevelCrossproducts(level, dense, k1, q2, p, cross);
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
}
