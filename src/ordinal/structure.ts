/**
 * The conditional-mode Hessian of a cumulative link mixed model with crossed random intercepts, stored and
 * factored by blocks (the structure MixedModels.jl uses for Z'Z):
 *
 *   D = I + Lambda Z' W Z Lambda,   Lambda = diag(sigma_t over the levels of term t),  W = diag(w_i)
 *
 * Term 0 (the one with most levels, lme4's order) gives a DIAGONAL block D11: each observation has one
 * level of it. The other terms form a dense block D22 of size r = sum of their levels (e.g. 193 raters +
 * 15 posts for the paper's Study 1 model, whose 1,448 post:rater levels are the diagonal block). D21 is
 * sparse: the levels of the other terms that each level of term 0 meets. D is factored through the Schur
 * complement S = D22 - D21 D11^-1 D12 (dense Cholesky, r^3 / 3 flops), which also gives log|D|, solves,
 * and the entries of D^-1 the gradient needs (a selected inverse).
 */

/** Level structure of the random-intercept terms, built once per design. */
export interface ReStructure {
  /** Number of observations. */
  n: number;
  /** Number of terms. */
  T: number;
  /** Levels per term. */
  q: number[];
  /** Offset of each term in the stacked vector u (length T + 1; the last entry is the total q). */
  offset: number[];
  /** Level of each observation per term. */
  refs: Int32Array[];
  /** Size of the dense block (levels of terms 1..T-1). */
  r: number;
  /** Offset of term t (t >= 1) inside the dense block; restOffset[0] is unused (0). */
  restOffset: number[];
  /** Sparse pattern of D21: for level l of term 0, dense-block indices colIdx[colPtr[l] .. colPtr[l+1]). */
  colPtr: Int32Array;
  colIdx: Int32Array;
  /** For observation i and term t >= 1: slot (index into colIdx) of its dense-block level: slot[(t-1) n + i]. */
  slot: Int32Array;
}

/** Builds the level structure of random-intercept terms (refs[t][i] = level of observation i in term t). */
export function buildReStructure(refs: readonly Int32Array[], q: readonly number[], n: number): ReStructure {
  const T = refs.length;
  const offset = [0];
  for (let t = 0; t < T; t++) offset.push(offset[t]! + q[t]!);
  const restOffset = [0];
  let r = 0;
  for (let t = 1; t < T; t++) {
    restOffset.push(r);
    r += q[t]!;
  }
  const q0 = T > 0 ? q[0]! : 0;
  // Pattern: distinct dense-block indices per level of term 0.
  const lists: Map<number, number>[] = Array.from({ length: q0 }, () => new Map<number, number>());
  if (T > 1) {
    for (let i = 0; i < n; i++) {
      const m = lists[refs[0]![i]!]!;
      for (let t = 1; t < T; t++) {
        const ri = restOffset[t]! + refs[t]![i]!;
        if (!m.has(ri)) m.set(ri, -1);
      }
    }
  }
  const colPtr = new Int32Array(q0 + 1);
  for (let l = 0; l < q0; l++) colPtr[l + 1] = colPtr[l]! + lists[l]!.size;
  const colIdx = new Int32Array(colPtr[q0]!);
  for (let l = 0; l < q0; l++) {
    const sorted = [...lists[l]!.keys()].sort((a, b) => a - b);
    sorted.forEach((ri, k) => {
      colIdx[colPtr[l]! + k] = ri;
      lists[l]!.set(ri, colPtr[l]! + k);
    });
  }
  const slot = new Int32Array(Math.max(0, T - 1) * n);
  for (let t = 1; t < T; t++) {
    for (let i = 0; i < n; i++) slot[(t - 1) * n + i] = lists[refs[0]![i]!]!.get(restOffset[t]! + refs[t]![i]!)!;
  }
  return { n, T, q: q.slice(), offset, refs: refs.slice(), r, restOffset, colPtr, colIdx, slot };
}

/**
 * The blocked factor of D at given sigma and weights w. Call {@link BlockedHessian.factor} after changing
 * them; then logdet, solve and selectedInverse refer to that D.
 */
export class BlockedHessian {
  readonly st: ReStructure;
  /** Diagonal block D11 (term 0). */
  readonly d0: Float64Array;
  /** Values of the sparse block D21 on the pattern of st.colIdx. */
  readonly v: Float64Array;
  /** Dense block, then overwritten by the lower Cholesky factor of S (r x r row-major). */
  readonly S: Float64Array;
  /** S^-1 (filled by selectedInverse). */
  readonly Sinv: Float64Array;
  private logdetValue = 0;

  constructor(st: ReStructure) {
    this.st = st;
    this.d0 = new Float64Array(st.T > 0 ? st.q[0]! : 0);
    this.v = new Float64Array(st.colIdx.length);
    this.S = new Float64Array(st.r * st.r);
    this.Sinv = new Float64Array(st.r * st.r);
  }

  /** Forms and factors D = I + Lambda Z' W Z Lambda. Returns false if S is not positive definite. */
  factor(sigma: ArrayLike<number>, w: ArrayLike<number>): boolean {
    const { n, T, refs, r, restOffset, slot } = this.st;
    const d0 = this.d0;
    const v = this.v;
    const S = this.S;
    d0.fill(1);
    if (T === 0) {
      this.logdetValue = 0;
      return true;
    }
    const s0 = sigma[0]!;
    const r0 = refs[0]!;
    for (let i = 0; i < n; i++) d0[r0[i]!] += s0 * s0 * w[i]!;
    if (T > 1) {
      v.fill(0);
      S.fill(0);
      for (let k = 0; k < r; k++) S[k * r + k] = 1;
      for (let i = 0; i < n; i++) {
        const wi = w[i]!;
        for (let t = 1; t < T; t++) {
          const st = sigma[t]!;
          v[slot[(t - 1) * n + i]!] += s0 * st * wi;
          const rt = restOffset[t]! + refs[t]![i]!;
          for (let u = 1; u <= t; u++) {
            const ru = restOffset[u]! + refs[u]![i]!;
            // lower triangle: row max, column min
            if (rt >= ru) S[rt * r + ru] += st * sigma[u]! * wi;
            else S[ru * r + rt] += st * sigma[u]! * wi;
          }
        }
      }
      // Schur complement S = D22 - D21 D11^-1 D12 (lower triangle).
      const { colPtr, colIdx } = this.st;
      const q0 = d0.length;
      for (let l = 0; l < q0; l++) {
        const inv = 1 / d0[l]!;
        for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) {
          const va = v[a]! * inv;
          const ra = colIdx[a]!;
          for (let b = colPtr[l]!; b <= a; b++) S[ra * r + colIdx[b]!] -= va * v[b]!;
        }
      }
      if (!cholLower(S, r)) return false;
    }
    let ld = 0;
    for (let l = 0; l < d0.length; l++) ld += Math.log(d0[l]!);
    for (let k = 0; k < r; k++) ld += 2 * Math.log(S[k * r + k]!);
    this.logdetValue = ld;
    return true;
  }

  /** log|D| of the last factorization. */
  logdet(): number {
    return this.logdetValue;
  }

  /** Solves D x = g (g and x of length q, stacked by term); x may be g. */
  solve(g: ArrayLike<number>, x: Float64Array): Float64Array {
    const { T, r, colPtr, colIdx, offset } = this.st;
    if (T === 0) return x;
    const d0 = this.d0;
    const q0 = d0.length;
    if (T === 1) {
      for (let l = 0; l < q0; l++) x[l] = g[l]! / d0[l]!;
      return x;
    }
    const o1 = offset[1]!;
    const z = new Float64Array(r);
    for (let k = 0; k < r; k++) z[k] = g[o1 + k]!;
    for (let l = 0; l < q0; l++) {
      const gl = g[l]! / d0[l]!;
      for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) z[colIdx[a]!] -= this.v[a]! * gl;
    }
    cholSolveInPlace(this.S, r, z);
    for (let l = 0; l < q0; l++) {
      let s = g[l]!;
      for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) s -= this.v[a]! * z[colIdx[a]!]!;
      x[l] = s / d0[l]!;
    }
    for (let k = 0; k < r; k++) x[o1 + k] = z[k]!;
    return x;
  }

  /**
   * Entries of D^-1 on the pattern of D: diag0[l] = (D^-1)_{ll} for term-0 levels, off[a] = (D^-1) between
   * term-0 level l and dense-block index colIdx[a] (a in l's slots), and the dense S^-1 (this.Sinv) = the
   * dense block of D^-1.
   */
  selectedInverse(): { diag0: Float64Array; off: Float64Array; Sinv: Float64Array } {
    const { T, r, colPtr, colIdx } = this.st;
    const d0 = this.d0;
    const q0 = d0.length;
    const diag0 = new Float64Array(q0);
    const off = new Float64Array(this.v.length);
    if (T === 0) return { diag0, off, Sinv: this.Sinv };
    if (T === 1) {
      for (let l = 0; l < q0; l++) diag0[l] = 1 / d0[l]!;
      return { diag0, off, Sinv: this.Sinv };
    }
    const Sinv = this.Sinv;
    cholInverse(this.S, r, Sinv);
    for (let l = 0; l < q0; l++) {
      const inv = 1 / d0[l]!;
      let quad = 0;
      for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) {
        const ra = colIdx[a]!;
        let y = 0;
        for (let b = colPtr[l]!; b < colPtr[l + 1]!; b++) y += Sinv[ra * r + colIdx[b]!]! * this.v[b]!;
        off[a] = -y * inv;
        quad += this.v[a]! * y;
      }
      diag0[l] = inv + quad * inv * inv;
    }
    return { diag0, off, Sinv };
  }
}

/** In-place lower Cholesky factor of an n x n row-major matrix (lower triangle read). False if not PD. */
export function cholLower(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = A[rj + j]!;
    for (let k = 0; k < j; k++) d -= A[rj + k]! * A[rj + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j]!;
      for (let k = 0; k < j; k++) s -= A[ri + k]! * A[rj + k]!;
      A[ri + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) A[rj + k] = 0;
  }
  return true;
}

/** Solves (L L') x = b in place, L lower (row-major n x n). */
export function cholSolveInPlace(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= L[ri + k]! * b[k]!;
    b[i] = s / L[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * b[k]!;
    b[i] = s / L[i * n + i]!;
  }
}

/** (L L')^-1 into `out` (full symmetric), L lower (row-major n x n). */
export function cholInverse(L: Float64Array, n: number, out: Float64Array): void {
  // M = L^-1 (lower), then out = M' M.
  const M = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    M[j * n + j] = 1 / L[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      const ri = i * n;
      for (let k = j; k < i; k++) s -= L[ri + k]! * M[k * n + j]!;
      M[ri + j] = s / L[ri + i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += M[k * n + i]! * M[k * n + j]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
}
