/**
 * Back substitution L' x = w with an envelope (skyline) lower-triangular factor, in place.
 *
 * L is m x m row-major (lower part read), `first[r]` the column of row r's first structural nonzero; only
 * the leading nw rows and columns are used (x[r] for r < nw). Used to solve for [u_T; beta] from the last
 * row of a blocked system's tail factor.
 * @example const L = Float64Array.of(2, 0, 1, 1); const w = Float64Array.of(4, 2);
 *   backSolveEnvelope(L, 2, Int32Array.of(0, 0), w, 2); // w = [1, 2]: L' [1, 2] = [4, 2]
 */
export function backSolveEnvelope(L: Float64Array, m: number, first: Int32Array, w: Float64Array, nw: number): void {
  for (let r = nw - 1; r >= 0; r--) {
    const v = w[r]! / L[r * m + r]!;
    w[r] = v;
    if (v !== 0) {
      const rr = r * m;
      for (let s = first[r]!; s < r; s++) w[s] -= L[rr + s]! * v;
    }
  }
}
