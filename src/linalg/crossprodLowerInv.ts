/**
 * (L L')^-1 = L^-T L^-1 for a p x p lower-triangular inverse `linv` (from invLower): a dense symmetric
 * p x p row-major matrix.
 */
export function crossprodLowerInv(linv: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += linv[k * p + i]! * linv[k * p + j]!;
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
  return out;
}
