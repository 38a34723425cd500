/**
 * Congruence of small blocks, out = Lr' A Lc, with Lr (ka x ka) and Lc (kb x kb) lower triangular (row-major)
 * and A a ka x kb block (row-major at aOff); out is written at oOff. This is the Lambda' A Lambda scaling of
 * one block of a mixed model's cross-products.
 * @example const out = new Float64Array(1); congruence(Float64Array.of(3), 0, Float64Array.of(2), Float64Array.of(5), 1, 1, out, 0); // out = [30]
 */
export function congruence(A: Float64Array, aOff: number, Lr: Float64Array, Lc: Float64Array, ka: number, kb: number, out: Float64Array, oOff: number): void {
  for (let r = 0; r < ka; r++) {
    for (let c = 0; c < kb; c++) {
      let s = 0;
      for (let x = r; x < ka; x++) {
        const lxr = Lr[x * ka + r]!;
        if (lxr === 0) continue;
        for (let y = c; y < kb; y++) s += lxr * A[aOff + x * kb + y]! * Lc[y * kb + c]!;
      }
      out[oOff + r * kb + c] = s;
    }
  }
}
