/**
 * Stage 7 of Kenward-Roger: from V^-1 to S = Sigma^-1 = V^-1 / sigma^2, and the residual parameter
 * (G_e = I, theta_e = sigma^2) by linearity: sum_r theta_r S G_r + sigma^2 S = I, so
 * S = (I - sum_r theta_r S G_r) / sigma^2 turns every product with one more S into known ones. The result
 * is pbkrtest's vcovAdj16_internal quantities, parameters in pbkrtest's order (residual last):
 *   K_rs = tr(S G_r S G_s) (its Ktrace), P_r = -X' S G_r S X (its PP, Kenward & Roger's P_i),
 *   Q_rs = X' S G_r S G_s S X (its QQ, Kenward & Roger's Q_ij; R_ij = 0 as Sigma is linear in theta).
 */
import { addScaled, transpose } from '../../linalg/index';
import type { KrTraces } from './denseTraces';
import type { KrParameter } from './parameters';

/** Stage 7's result; np = number of parameters + 1 (the residual). */
export interface KrSigmaProducts {
  /** K_rs = tr(Sigma^-1 G_r Sigma^-1 G_s), np x np row-major. */
  K: Float64Array;
  /** P_r = -X' Sigma^-1 G_r Sigma^-1 X, np matrices p x p. */
  P: Float64Array[];
  /** Q[r][s] = X' Sigma^-1 G_r Sigma^-1 G_s Sigma^-1 X, np x np matrices p x p. */
  Q: Float64Array[][];
}

/**
 * Scales stages 5-6's traces by sigma^2 (s2) and appends the residual parameter.
 * `XVX` = X' V^-1 X (stage 4), n = number of observations.
 * @example const { K, P, Q } = krScaleToSigma(traces, params, sigma * sigma, dense.XVX, n, p);
 */
export function krScaleToSigma(traces: KrTraces, params: KrParameter[], s2: number, XVX: Float64Array, n: number, p: number): KrSigmaProducts {
  const { trSG, K } = traces;
  const P = traces.P;
  const Qu = traces.Q;
  const R = params.length;
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
  return { K: Kf, P: Pf, Q: Qf };
}
