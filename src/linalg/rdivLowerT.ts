/**
 * B <- B L^-T for a rows x k block B (row-major at `boff`) and a k x k lower-triangular L (row-major at
 * `loff`, lower part used): each row b of B becomes x with L x = b (forward substitution).
 * This is the off-diagonal step of a blocked Cholesky: L21 = A21 L11^-T.
 */
export function rdivLowerT(b: Float64Array, boff: number, rows: number, l: Float64Array, loff: number, k: number): void {
  if (k === 1) {
    const inv = 1 / l[loff]!;
    for (let r = 0; r < rows; r++) b[boff + r] *= inv;
    return;
  }
  for (let r = 0; r < rows; r++) {
    const br = boff + r * k;
    for (let c = 0; c < k; c++) {
      let s = b[br + c]!;
      const lc = loff + c * k;
      for (let cc = 0; cc < c; cc++) s -= l[lc + cc]! * b[br + cc]!;
      b[br + c] = s / l[lc + c]!;
    }
  }
}
