/**
 * Products with the k x k patterns E_r of the variance parameters (G_r = Z_t (I (x) E_r) Z_t'), used by
 * the trace stages.
 */

/** E M for a k x k E and a k x ncol M read from M at offset mOff with row stride mStride. */
export function leftE(E: Float64Array, M: ArrayLike<number>, k: number, ncol: number, mOff = 0, mStride = ncol): Float64Array {
  const out = new Float64Array(k * ncol);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    const e = E[a * k + b]!;
    if (e === 0) continue;
    for (let j = 0; j < ncol; j++) out[a * ncol + j] += e * M[mOff + b * mStride + j]!;
  }
  return out;
}

/** tr(E_r C E_s C') for a kt x ks block C read from M at offset `off` with row stride `stride`. */
export function trEXEX(Er: Float64Array, Es: Float64Array, kt: number, ks: number, M: ArrayLike<number>, off: number, stride: number): number {
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
