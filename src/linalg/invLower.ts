/**
 * Inverse of a p x p lower-triangular matrix (row-major, lower part read), returned as a new lower-
 * triangular row-major array. Used for vcov(beta) = sigma^2 (R_X' R_X)^-1 = sigma^2 L_X^-T L_X^-1.
 */
export function invLower(l: Float64Array, p: number, off = 0, stride = p): Float64Array {
  const inv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / l[off + j * stride + j]!;
    for (let i = j + 1; i < p; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[off + i * stride + k]! * inv[k * p + j]!;
      inv[i * p + j] = -s / l[off + i * stride + i]!;
    }
  }
  return inv;
}
