/**
 * The conditional-mode Hessian of a cumulative link mixed model with crossed random intercepts, stored and
 * factored by blocks (the structure MixedModels.jl uses for Z'Z):
 *
 *   D = I + Lambda Z' W Z Lambda,   Lambda = diag(sigma_t over the levels of term t),  W = diag(w_i)
 *
 * Term 0 (the one with most levels, lme4's order) gives a DIAGONAL block D11: each observation has one
 * level of it. The other terms' levels (r = sum of their levels, e.g. 202 raters + 120 posts for the paper's
 * Study 2 model, whose 2,020 post:rater levels are the diagonal block) form D22; D21 is sparse: the levels
 * of the other terms that each level of term 0 meets. D is factored through the Schur complement
 * S = D22 - D21 D11^-1 D12, which also gives log|D|, solves, and the entries of D^-1 the gradient needs
 * (a selected inverse).
 *
 * S is block diagonal: two levels of D22 are coupled only through a level of term 0 they share (or an
 * observation). Its diagonal blocks are the connected components of that graph, found once per design; the
 * levels are permuted so each component is contiguous, each block is stored dense and factored by the
 * toolbox's Cholesky (cholEnvelope; SIMD from order 48), and S^-1 is needed only inside the blocks. A
 * study whose raters and items are both nested in a source (each rater rates items of its own source) has
 * one block per source: three 200 x 200 factors instead of one 600 x 600 for 600 raters (a 9-fold saving).
 */
import { cholEnvelope, cholInverse, cholSolve } from '../linalg/index';

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
  /** Size of D22 (levels of terms 1..T-1). */
  r: number;
  /** Position in the permuted D22 of level k of term t >= 1: pos[offset[t] - offset[1] + k]. */
  pos: Int32Array;
  /** Index in u of the D22 level at each position (inverse of pos, shifted by offset[1]). */
  uIndex: Int32Array;
  /** Diagonal blocks of S: positions blockStart[b] .. blockStart[b + 1] - 1, stored from blockOff[b] (k x k row-major). */
  blockStart: Int32Array;
  blockOff: Int32Array;
  /** Block of each position. */
  blockOf: Int32Array;
  /**
   * Sparse pattern of D21: for level l of term 0, positions colIdx[colPtr[l] .. colPtr[l+1]) (increasing; all
   * in one block of S, the one of the first).
   */
  colPtr: Int32Array;
  colIdx: Int32Array;
  /** For observation i and term t >= 1: slot (index into colIdx) of its D22 level: slot[(t-1) n + i]. */
  slot: Int32Array;
  /** Per observation, the pairs of its D22 levels (terms t >= v >= 1, t-major): address in the block storage. */
  obsAddr: Int32Array;
  /** Address of each position's diagonal entry in the block storage. */
  diagAddr: Int32Array;
}

/** Builds the level structure of random-intercept terms (refs[t][i] = level of observation i in term t). */
export function buildReStructure(refs: readonly Int32Array[], q: readonly number[], n: number): ReStructure {
  const T = refs.length;
  const offset = [0];
  for (let t = 0; t < T; t++) offset.push(offset[t]! + q[t]!);
  const r = T > 1 ? offset[T]! - offset[1]! : 0;
  const rest = (t: number, i: number) => offset[t]! - offset[1]! + refs[t]![i]!; // D22 index (natural order)
  const q0 = T > 0 ? q[0]! : 0;
  // Distinct D22 indices per level of term 0.
  const lists: Set<number>[] = Array.from({ length: q0 }, () => new Set<number>());
  if (T > 1) for (let i = 0; i < n; i++) for (let t = 1; t < T; t++) lists[refs[0]![i]!]!.add(rest(t, i));
  // Connected components of D22 (union-find over the levels each level of term 0 couples).
  const parent = Int32Array.from({ length: r }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  for (const set of lists) {
    let first = -1;
    for (const k of set) {
      if (first < 0) first = find(k);
      else {
        const rk = find(k);
        if (rk !== first) parent[Math.max(rk, first)] = Math.min(rk, first);
        first = Math.min(rk, first);
      }
    }
  }
  // Positions: components in the order of their smallest index, levels in natural order inside.
  const members = new Map<number, number[]>();
  for (let k = 0; k < r; k++) {
    const root = find(k);
    const m = members.get(root);
    if (m) m.push(k);
    else members.set(root, [k]);
  }
  const pos = new Int32Array(r);
  const uIndex = new Int32Array(r);
  const blockStartList = [0];
  const blockOffList = [0];
  const blockOf = new Int32Array(r);
  let p = 0;
  for (const m of members.values()) {
    for (const k of m) {
      pos[k] = p;
      uIndex[p] = offset[1]! + k;
      blockOf[p] = blockStartList.length - 1;
      p++;
    }
    blockStartList.push(p);
    blockOffList.push(blockOffList[blockOffList.length - 1]! + m.length * m.length);
  }
  const blockStart = Int32Array.from(blockStartList);
  const blockOff = Int32Array.from(blockOffList);
  const addr = (a: number, b: number): number => {
    const hi = a > b ? a : b;
    const lo = a > b ? b : a;
    const blk = blockOf[hi]!;
    const s = blockStart[blk]!;
    return blockOff[blk]! + (hi - s) * (blockStart[blk + 1]! - s) + (lo - s);
  };
  const diagAddr = Int32Array.from({ length: r }, (_, k) => addr(k, k));
  // Pattern of D21 in positions, sorted; slots per observation.
  const colPtr = new Int32Array(q0 + 1);
  for (let l = 0; l < q0; l++) colPtr[l + 1] = colPtr[l]! + lists[l]!.size;
  const colIdx = new Int32Array(colPtr[q0]!);
  const slotOf: Map<number, number>[] = [];
  for (let l = 0; l < q0; l++) {
    const sorted = [...lists[l]!].map((k) => pos[k]!).sort((a, b) => a - b);
    const m = new Map<number, number>();
    sorted.forEach((ps, j) => {
      colIdx[colPtr[l]! + j] = ps;
      m.set(ps, colPtr[l]! + j);
    });
    slotOf.push(m);
  }
  const slot = new Int32Array(Math.max(0, T - 1) * n);
  const perObs = ((T - 1) * T) / 2;
  const obsAddr = new Int32Array(T > 1 ? perObs * n : 0);
  for (let i = 0; i < n && T > 1; i++) {
    const m = slotOf[refs[0]![i]!]!;
    let o = i * perObs;
    for (let t = 1; t < T; t++) {
      const pt = pos[rest(t, i)]!;
      slot[(t - 1) * n + i] = m.get(pt)!;
      for (let v = 1; v <= t; v++) obsAddr[o++] = addr(pt, pos[rest(v, i)]!);
    }
  }
  return { n, T, q: q.slice(), offset, refs: refs.slice(), r, pos, uIndex, blockStart, blockOff, blockOf, colPtr, colIdx, slot, obsAddr, diagAddr };
}

/**
 * The blocked factor of D at given sigma and weights w. Call {@link BlockedHessian.factor} after changing
 * them; then logdet, solve and the selected inverse refer to that D.
 */
export class BlockedHessian {
  readonly st: ReStructure;
  /** Diagonal block D11 (term 0). */
  readonly d0: Float64Array;
  /** Values of the sparse block D21 on the pattern of st.colIdx. */
  readonly v: Float64Array;
  /** Diagonal blocks of S, then their lower Cholesky factors (block b at st.blockOff[b], row-major). */
  readonly S: Float64Array;
  /** The same blocks of S^-1 (filled by selectedInverse). */
  readonly Sinv: Float64Array;
  /** Selected inverse, term-0 part: (D^-1)_ll and the entries between level l and its D22 levels (per slot). */
  readonly diag0: Float64Array;
  readonly off: Float64Array;
  private logdetValue = 0;
  private readonly z: Float64Array;
  private readonly zeros: Int32Array;

  constructor(st: ReStructure) {
    this.st = st;
    this.d0 = new Float64Array(st.T > 0 ? st.q[0]! : 0);
    this.v = new Float64Array(st.colIdx.length);
    const size = st.blockOff[st.blockOff.length - 1]!;
    this.S = new Float64Array(size);
    this.Sinv = new Float64Array(size);
    this.diag0 = new Float64Array(this.d0.length);
    this.off = new Float64Array(this.v.length);
    this.z = new Float64Array(st.r);
    let kmax = 0;
    for (let b = 0; b + 1 < st.blockStart.length; b++) kmax = Math.max(kmax, st.blockStart[b + 1]! - st.blockStart[b]!);
    this.zeros = new Int32Array(kmax);
  }

  /** Forms and factors D = I + Lambda Z' W Z Lambda. Returns false if S is not positive definite. */
  factor(sigma: ArrayLike<number>, w: ArrayLike<number>): boolean {
    const { n, T, refs, r, slot, obsAddr, diagAddr, colPtr, colIdx, blockOf, blockStart, blockOff } = this.st;
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
      for (let k = 0; k < r; k++) S[diagAddr[k]!] = 1;
      const perObs = ((T - 1) * T) / 2;
      for (let i = 0; i < n; i++) {
        const wi = w[i]!;
        let o = i * perObs;
        for (let t = 1; t < T; t++) {
          const st = sigma[t]! * wi;
          v[slot[(t - 1) * n + i]!] += s0 * st;
          for (let u = 1; u <= t; u++) S[obsAddr[o++]!] += st * sigma[u]!;
        }
      }
      // Schur complement S = D22 - D21 D11^-1 D12 (lower triangles of the blocks).
      for (let l = 0; l < d0.length; l++) {
        const start = colPtr[l]!;
        const end = colPtr[l + 1]!;
        if (start === end) continue;
        const inv = 1 / d0[l]!;
        const blk = blockOf[colIdx[start]!]!;
        const s0 = blockStart[blk]!;
        const k = blockStart[blk + 1]! - s0;
        const base = blockOff[blk]! - s0 * k - s0; // address of (p1, p2) = base + p1 k + p2
        for (let a = start; a < end; a++) {
          const va = v[a]! * inv;
          const row = base + colIdx[a]! * k;
          for (let b = start; b <= a; b++) S[row + colIdx[b]!] -= va * v[b]!;
        }
      }
      for (let b = 0; b + 1 < blockStart.length; b++) {
        const k = blockStart[b + 1]! - blockStart[b]!;
        if (cholEnvelope(S.subarray(blockOff[b]!, blockOff[b + 1]!), k, this.zeros.subarray(0, k)) >= 0) return false;
      }
    }
    let ld = 0;
    for (let l = 0; l < d0.length; l++) ld += Math.log(d0[l]!);
    for (let k = 0; k < r; k++) ld += 2 * Math.log(S[diagAddr[k]!]!);
    this.logdetValue = ld;
    return true;
  }

  /** log|D| of the last factorization. */
  logdet(): number {
    return this.logdetValue;
  }

  /** Solves D x = g (g and x of length q, stacked by term); x may be g. */
  solve(g: ArrayLike<number>, x: Float64Array): Float64Array {
    const { T, r, colPtr, colIdx, uIndex, blockStart, blockOff } = this.st;
    if (T === 0) return x;
    const d0 = this.d0;
    const q0 = d0.length;
    if (T === 1) {
      for (let l = 0; l < q0; l++) x[l] = g[l]! / d0[l]!;
      return x;
    }
    const z = this.z;
    for (let k = 0; k < r; k++) z[k] = g[uIndex[k]!]!;
    for (let l = 0; l < q0; l++) {
      const gl = g[l]! / d0[l]!;
      for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) z[colIdx[a]!] -= this.v[a]! * gl;
    }
    for (let b = 0; b + 1 < blockStart.length; b++) cholSolve(this.S, blockStart[b + 1]! - blockStart[b]!, z, 1, { l: blockOff[b]!, b: blockStart[b]! });
    for (let l = 0; l < q0; l++) {
      let s = g[l]!;
      for (let a = colPtr[l]!; a < colPtr[l + 1]!; a++) s -= this.v[a]! * z[colIdx[a]!]!;
      x[l] = s / d0[l]!;
    }
    for (let k = 0; k < r; k++) x[uIndex[k]!] = z[k]!;
    return x;
  }

  /**
   * Entries of D^-1 on the pattern of D, from the last factorization: this.diag0[l] = (D^-1)_ll for term-0
   * levels, this.off[a] = (D^-1) between term-0 level l and its D22 level in slot a, and this.Sinv = the
   * diagonal blocks of S^-1 (the D22 part of D^-1 on S's block pattern).
   */
  selectedInverse(): void {
    const { T, colPtr, colIdx, blockOf, blockStart, blockOff } = this.st;
    const d0 = this.d0;
    const q0 = d0.length;
    const { diag0, off, v, Sinv } = this;
    if (T === 0) return;
    if (T === 1) {
      for (let l = 0; l < q0; l++) diag0[l] = 1 / d0[l]!;
      return;
    }
    for (let b = 0; b + 1 < blockStart.length; b++) {
      const k = blockStart[b + 1]! - blockStart[b]!;
      cholInverse(this.S, blockOff[b]!, k, Sinv, blockOff[b]!);
    }
    // (D^-1)_{l, D22} = -d_l^-1 v_l' S^-1 and (D^-1)_ll = d_l^-1 + d_l^-2 v_l' S^-1 v_l over l's slots.
    for (let l = 0; l < q0; l++) {
      const start = colPtr[l]!;
      const end = colPtr[l + 1]!;
      if (start === end) {
        diag0[l] = 1 / d0[l]!;
        continue;
      }
      const blk = blockOf[colIdx[start]!]!;
      const s0 = blockStart[blk]!;
      const k = blockStart[blk + 1]! - s0;
      const base = blockOff[blk]! - s0 * k - s0;
      for (let a = start; a < end; a++) {
        const row = base + colIdx[a]! * k;
        let y = 0;
        for (let c = start; c < end; c++) y += Sinv[row + colIdx[c]!]! * v[c]!;
        off[a] = y;
      }
      const inv = 1 / d0[l]!;
      let quad = 0;
      for (let a = start; a < end; a++) {
        quad += v[a]! * off[a]!;
        off[a] = -off[a]! * inv;
      }
      diag0[l] = inv + quad * inv * inv;
    }
  }

  /** The diagonal of D^-1 (stacked by term, like u) after {@link selectedInverse}. */
  inverseDiagonal(out: Float64Array): Float64Array {
    const { r, uIndex, diagAddr } = this.st;
    out.set(this.diag0);
    for (let k = 0; k < r; k++) out[uIndex[k]!] = this.Sinv[diagAddr[k]!]!;
    return out;
  }

  /**
   * c_i = z~_i' D^-1 z~_i for every observation (z~_i = Lambda Z' row i: sigma_t at the level of each term)
   * after {@link selectedInverse}.
   */
  leverages(sigma: ArrayLike<number>, c: Float64Array): Float64Array {
    const { n, T, refs, slot, obsAddr } = this.st;
    if (T === 0) return c.fill(0);
    const s0 = sigma[0]!;
    const r0 = refs[0]!;
    const perObs = ((T - 1) * T) / 2;
    const { diag0, off, Sinv } = this;
    for (let i = 0; i < n; i++) {
      let ci = s0 * s0 * diag0[r0[i]!]!;
      let o = i * perObs;
      for (let t = 1; t < T; t++) {
        const st = sigma[t]!;
        ci += 2 * s0 * st * off[slot[(t - 1) * n + i]!]!;
        for (let u = 1; u < t; u++) ci += 2 * st * sigma[u]! * Sinv[obsAddr[o++]!]!;
        ci += st * st * Sinv[obsAddr[o++]!]!;
      }
      c[i] = ci;
    }
    return c;
  }
}
