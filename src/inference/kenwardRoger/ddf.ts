/**
 * Stage 10 of Kenward-Roger: denominator degrees of freedom and F scaling for H0: L beta = 0 (Kenward &
 * Roger 1997, section 4; pbkrtest's Lb_ddf and .KR_adjust). With q rows in L, Theta = L' (L Phi L')^-1 L and
 * u_r = Theta Phi P_r Phi:
 *   A1 = sum_rs W_rs tr(u_r) tr(u_s),  A2 = sum_rs W_rs tr(u_r u_s),  B = (A1 + 6 A2) / (2 q),
 *   g = ((q + 1) A1 - (q + 4) A2) / ((q + 2) A2),  c1 = g / d, c2 = (q - g) / d, c3 = (q + 2 - g) / d
 *   (d = 3 q + 2 (1 - g)),  E* = 1 / (1 - A2 / q),  V* = (2 / q) (1 + c1 B) / ((1 - c2 B)^2 (1 - c3 B)),
 *   rho = V* / (2 E*^2),  m = 4 + (q + 2) / (q rho - 1) (the ddf),  lambda = m / (E* (m - 2)) (F scaling).
 */
import { invGeneral, matmul, traceProduct, transpose } from '../../linalg/index';

/** Every term of the df computation, named as in Kenward & Roger (1997) and pbkrtest's .KR_adjust. */
export interface KrDdfTerms {
  /** Number of rows of L (pbkrtest's Lb_ddf uses nrow(L); L must have full row rank). */
  q: number;
  A1: number;
  A2: number;
  B: number;
  g: number;
  c1: number;
  c2: number;
  c3: number;
  /** E = 1 + A2 / q and V = (2 / q)(1 + B): pbkrtest's EE, VV (first-order moments, not used for the df). */
  E: number;
  V: number;
  /** E* = 1 / (1 - A2 / q), V* (pbkrtest's EEstar, VVstar). */
  Estar: number;
  Vstar: number;
  /** V0 = 1 + c1 B (set to 0 below 1e-10), V1 = 1 - c2 B, V2 = 1 - c3 B. */
  V0: number;
  V1: number;
  V2: number;
  /** rho = (1/q) ((1 - A2/q) / V1)^2 V0 / V2 = V* / (2 E*^2). */
  rho: number;
  /** Denominator df m = 4 + (q + 2) / (q rho - 1). */
  ddf: number;
  /** F scaling lambda = m (1 - A2/q) / (m - 2) (1 when |m - 2| < 0.01, as pbkrtest). */
  Fscaling: number;
}

/** L as a q x p row-major matrix (one row of length p, or several rows). */
export function krContrastMatrix(L: ArrayLike<number> | ArrayLike<number>[], p: number): { Lm: Float64Array; q: number } {
  const rows: ArrayLike<number>[] = isRowList(L) ? L : [L];
  const q = rows.length;
  const Lm = new Float64Array(q * p);
  rows.forEach((r, i) => {
    if (r.length !== p) throw new Error(`contrast row has ${r.length} entries; the model has ${p} fixed effects`);
    for (let j = 0; j < p; j++) Lm[i * p + j] = r[j]!;
  });
  return { Lm, q };
}

/**
 * All terms of the Kenward-Roger df for H0: L beta = 0; V0 = Phi (unadjusted Var(beta-hat)), P and W
 * from {@link kenwardRoger} (stages 7 and 8).
 * @example krDdfTerms([0, 1], kr.vcov, kr.P, kr.W, 2).ddf
 */
export function krDdfTerms(L: ArrayLike<number> | ArrayLike<number>[], V0: ArrayLike<number>, P: Float64Array[], W: ArrayLike<number>, p: number): KrDdfTerms {
  const { Lm, q } = krContrastMatrix(L, p);
  const LV = matmul(Lm, V0, q, p, p);
  const LVL = matmul(LV, transpose(Lm, q, p), q, p, q);
  const LVLi = q === 1 ? Float64Array.of(1 / LVL[0]!) : invGeneral(LVL, q);
  if (!LVLi) throw new Error('Kenward-Roger df: L Phi L\' is singular (L must have full row rank)');
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
  const ddf = 4 + (q + 2) / (q * rho - 1);
  const Fscaling = Math.abs(ddf - 2) < 0.01 ? 1 : (ddf * (1 - A2 / q)) / (ddf - 2);
  return {
    q, A1, A2, B, g, c1, c2, c3,
    E: 1 + A2 / q,
    V: (2 / q) * (1 + B),
    Estar: 1 / (1 - A2 / q),
    Vstar: (2 / q) * ((1 + c1 * B) / ((1 - c2 * B) ** 2 * (1 - c3 * B))),
    V0: V0s, V1, V2, rho, ddf, Fscaling,
  };
}

/**
 * Kenward-Roger denominator df for H0: L beta = 0 (pbkrtest::Lb_ddf): L is one row (length p) or q rows;
 * V0 = unadjusted Var(beta-hat); P, W from {@link kenwardRoger}.
 * @example krDdf([0, 1, -1, 0], kr.vcov, kr.P, kr.W, 4)
 */
export function krDdf(L: ArrayLike<number> | ArrayLike<number>[], V0: ArrayLike<number>, P: Float64Array[], W: ArrayLike<number>, p: number): number {
  return krDdfTerms(L, V0, P, W, p).ddf;
}

function isRowList(L: ArrayLike<number> | ArrayLike<number>[]): L is ArrayLike<number>[] {
  return L.length > 0 && typeof (L as ArrayLike<unknown>)[0] !== 'number';
}
