/**
 * The blocked cross-products A = [Z X y]'[Z X y] of a linear mixed model and their Cholesky factor L at a
 * given theta (lme4 section 3; MixedModels.jl's `A` and `L`). Z is never formed.
 *
 * Structure. The random-effects terms are in lme4's order (most levels first). The leading terms that form a
 * NESTED CHAIN (every earlier term nested in every later one; always at least the first term) keep block-
 * diagonal diagonal blocks through the factorization: each level is a k x k block (k = 1: a diagonal).
 * Everything after the chain (the remaining random terms, then X, then y) is one dense TAIL block of size
 * m = qT + p + 1, factored by an envelope Cholesky. The chain blocks' off-diagonal parts are stored sparsely:
 * per level, the list of tail rows it touches (its "pattern") and, for later chain terms, the one parent
 * level it belongs to.
 *
 * At theta, with Lambda block diagonal (term t: a k_t x k_t lower-triangular block per level), the factor is
 *   L L' = Lambda' A Lambda + I (identity on the random-effects part only),
 * whose last row holds [c_u' c_beta' sqrt(r2)], the X diagonal block holds R_X', so
 *   ldL2 = log|L_Z|^2, ldRX2 = log|R_X|^2, r2 = penalized residual sum of squares,
 * and [u; beta] follows by back substitution (see {@link BlockedSystem.solve}).
 */
import type { LmmDesign } from './design';
import { cholBlock, cholEnvelope, crossprodLowerInv, invLower, rdivLowerT } from '../linalg/index';

/** A term of the nested chain: its block-diagonal blocks and its sparse links to later blocks. */
export interface ChainBlock {
  /** Index of the term in design.reterms. */
  term: number;
  /** Number of levels. */
  nl: number;
  /** Columns per level. */
  k: number;
  /** Z_i'Z_i per level, nl blocks of k x k (row-major). */
  Adiag: Float64Array;
  /** Factor blocks L_ii per level (lower triangles), valid after update(). */
  Ldiag: Float64Array;
  /** For each later chain block j (indexed by chain position), the level of term j containing each level. */
  parent: (Int32Array | null)[];
  /** For each later chain block j: Z_j'Z_i blocks (k_j x k_i) of (parent level, level), nl blocks. */
  Across: (Float64Array | null)[];
  /** The corresponding factor blocks L_ji, valid after update(). */
  Lcross: (Float64Array | null)[];
  /** Pattern of tail rows per level: rows idx[ptr[l] .. ptr[l+1]) (ascending; always ends with X and y rows). */
  ptr: Int32Array;
  idx: Int32Array;
  /** [Z_T X y]' Z_i on the pattern: value of entry e, column c at e * k + c. */
  Atail: Float64Array;
  /** The corresponding factor entries L_Ti, valid after update(). */
  Ltail: Float64Array;
  /** For each later chain block j: position (in j's idx) of each of this block's pattern entries in its parent's pattern. */
  mapTo: (Int32Array | null)[];
  /**
   * Only for the first block, when it is a scalar term whose levels take few distinct values of Z_0'Z_0 (the
   * count of observations for an intercept): the block is ABSORBED. Eliminating level l subtracts
   * c(d_l) a_l a_l' from the unscaled cross-products of everything after it, where a_l is the level's column of
   * [Z_1 ... Z_T X y]'Z_0, d_l = Z_0'Z_0 at l and c(d) = theta_0^2 / (1 + theta_0^2 d). Grouping the levels by
   * d_l, the sums S_g = sum of a_l a_l' over group g are computed once, and each evaluation uses
   * A - sum_g c(d_g) S_g in place of A for the later blocks (G passes over them instead of one pass per
   * level; 1M ratings with 20,000 raters of 50 ratings each: one group; the paper models: one group). The
   * first block's own off-diagonal factor is then only computed when solve() needs it.
   */
  grouped?: AbsorbedBlock;
}

/** The sums S_g of an absorbed first chain block (see ChainBlock.grouped), per group g of levels. */
export interface AbsorbedBlock {
  /** Distinct values of Z_0'Z_0 (ascending), one per group. */
  d: Float64Array;
  /** Group of each level. */
  of: Int32Array;
  /** Number of levels in each group. */
  count: Float64Array;
  /** Per group: lower triangle (m x m, row-major) of the tail part of S_g. */
  M: Float64Array[];
  /** Per later chain block j (by chain position; null at 0), per group: S_g's part in j's Adiag layout. */
  diag: (Float64Array[] | null)[];
  /** Per later chain block j, per still later block j2, per group: S_g's part in j's Across[j2] layout. */
  cross: ((Float64Array[] | null)[] | null)[];
  /** Per later chain block j, per group: S_g's part in j's Atail layout. */
  tail: (Float64Array[] | null)[];
}

/** Dense tail: the random terms after the chain, then X, then y. */
export interface TailBlock {
  /** Term indices in the tail. */
  terms: number[];
  /**
   * Row of the tail where each level's k columns start, per term index (empty for chain terms). Levels are
   * not in their natural order: the tail is ordered to keep the Cholesky envelope small (reverse
   * Cuthill-McKee over the levels, densely connected levels last) when that is cheap to compute.
   */
  base: Int32Array[];
  /** Number of random-effects columns in the tail. */
  qT: number;
  /** Size: qT + p + 1. */
  m: number;
  /** Lower triangle of [Z_T X y]'[Z_T X y], m x m row-major. */
  A: Float64Array;
  /** Factor L_T (lower), valid after update(). */
  L: Float64Array;
  /** Envelope: first structural nonzero column of each row. */
  first: Int32Array;
  /** Term index of each tail row (-1 for X and y rows). */
  rowTerm: Int32Array;
  /** Column of the term (0..k-1) of each tail row. */
  rowComp: Int32Array;
  /** Each observation's entries in the tail's random-effects rows (for recomputing y-dependent products). */
  rows: TailRows;
}

/** Tail row index and value of each nonzero of one observation in [Z_T X y]. */
function tailEntries(d: LmmDesign, tail: TailRows, row: number, idx: Int32Array, val: Float64Array): number {
  const w = tail.w;
  const o = row * w;
  for (let a = 0; a < w; a++) {
    idx[a] = tail.rowIdx[o + a]!;
    val[a] = tail.rowVal[o + a]!;
  }
  const p = d.p;
  const xo = row * p;
  for (let c = 0; c < p; c++) {
    idx[w + c] = tail.qT + c;
    val[w + c] = d.X[xo + c]!;
  }
  idx[w + p] = tail.qT + p;
  val[w + p] = d.y[row]!;
  return w + p + 1;
}

/** The random-effects part of each observation's row of [Z_T X y], precomputed (ascending tail rows). */
interface TailRows {
  qT: number;
  /** Entries per observation (sum of k over the tail terms). */
  w: number;
  /** n x w tail rows and values. */
  rowIdx: Int32Array;
  rowVal: Float64Array;
}

function tailRows(d: LmmDesign, terms: number[], base: Int32Array[], qT: number): TailRows {
  let w = 0;
  for (const t of terms) w += d.reterms[t]!.k;
  const n = d.n;
  const rowIdx = new Int32Array(n * w);
  const rowVal = new Float64Array(n * w);
  let offset = 0;
  for (const t of terms) {
    const term = d.reterms[t]!;
    fillTermEntries(rowIdx, rowVal, w, offset, term.refs, term.z, term.k, base[t]!);
    offset += term.k;
  }
  // Ascending within each observation when several terms share the tail.
  if (terms.length > 1) sortRowEntries(rowIdx, rowVal, w, n);
  return { qT, w, rowIdx, rowVal };
}

/** One term's entries of every observation's tail row: tail row base[level] + c, value z[row, c]. */
function fillTermEntries(rowIdx: Int32Array, rowVal: Float64Array, w: number, offset: number, refs: Int32Array, z: Float64Array, k: number, base: Int32Array): void {
  const n = refs.length;
  for (let row = 0; row < n; row++) {
    const a = row * w + offset;
    const b0 = base[refs[row]!]!;
    for (let c = 0; c < k; c++) {
      rowIdx[a + c] = b0 + c;
      rowVal[a + c] = z[row * k + c]!;
    }
  }
}

/** Sorts each observation's w entries by tail row (insertion sort of the few entries). */
function sortRowEntries(rowIdx: Int32Array, rowVal: Float64Array, w: number, n: number): void {
  for (let row = 0; row < n; row++) {
    const o = row * w;
    for (let x = o + 1; x < o + w; x++) {
      const ix = rowIdx[x]!;
      const vx = rowVal[x]!;
      let y = x - 1;
      while (y >= o && rowIdx[y]! > ix) {
        rowIdx[y + 1] = rowIdx[y]!;
        rowVal[y + 1] = rowVal[y]!;
        y--;
      }
      rowIdx[y + 1] = ix;
      rowVal[y + 1] = vx;
    }
  }
}

/**
 * Blocked cross-products and factor of one model (MixedModels.jl: the `A` and `L` fields of
 * LinearMixedModel). Create once per design; call {@link update} for each theta.
 */
export class BlockedSystem {
  /** The design. */
  readonly design: LmmDesign;
  /** The nested chain of block-diagonal terms (length >= 1). */
  readonly chain: ChainBlock[];
  /** The dense tail. */
  readonly tail: TailBlock;
  /** Lambda blocks per term (k x k row-major lower), valid after update(). */
  readonly lambda: Float64Array[];
  /** theta of the last update(). */
  theta: Float64Array;
  /** False when the last update() met a non-positive pivot (then the criteria are Infinity). */
  ok = false;
  /**
   * True when update() left out the factor of an absorbed first block (L_00, L_T0, L_j0: not needed for the
   * criterion); solve() and inverseDiagBlocks() fill it in.
   */
  private lazyFirstBlock = false;
  private tailScratch: Float64Array | null = null;
  private rowScale: Float64Array | null | undefined = undefined;

  constructor(design: LmmDesign, shared?: BlockedSystem) {
    this.design = design;
    this.lambda = design.reterms.map((t) => new Float64Array(t.k * t.k));
    this.theta = new Float64Array(design.nTheta);
    if (shared) {
      // Same design structure, different response: copy the y-dependent parts, share the rest.
      this.chain = shared.chain.map((b) => ({
        ...b,
        Ldiag: new Float64Array(b.Ldiag.length),
        Lcross: b.Lcross.map((x) => (x ? new Float64Array(x.length) : null)),
        Atail: Float64Array.from(b.Atail),
        Ltail: new Float64Array(b.Ltail.length),
        grouped: b.grouped ? { ...b.grouped, M: b.grouped.M.map((x) => Float64Array.from(x)), tail: b.grouped.tail.map((x) => (x ? x.map((v) => Float64Array.from(v)) : null)) } : undefined,
      }));
      this.tail = { ...shared.tail, A: Float64Array.from(shared.tail.A), L: new Float64Array(shared.tail.L.length) };
      this.setResponse(design.y);
      return;
    }
    const { chain, tail } = buildBlocks(design);
    this.chain = chain;
    this.tail = tail;
  }

  /** An m x m work array of the tail's size (internal: the effective tail cross-products of an absorbed block). */
  scratchTail(): Float64Array {
    if (!this.tailScratch) this.tailScratch = new Float64Array(this.tail.m * this.tail.m);
    return this.tailScratch;
  }

  /** A system for the same design with another response (the structure is shared; used by refit). */
  withResponse(design: LmmDesign): BlockedSystem {
    return new BlockedSystem(design, this);
  }

  /** Recomputes the parts of A that involve y (after the design's response changed). */
  private setResponse(y: Float64Array): void {
    const d = this.design;
    const { tail } = this;
    const m = tail.m;
    const yRow = (m - 1) * m;
    tail.A.fill(0, yRow, yRow + m);
    for (const b of this.chain) {
      for (let l = 0; l < b.nl; l++) {
        const e = b.ptr[l + 1]! - 1;
        for (let c = 0; c < b.k; c++) b.Atail[e * b.k + c] = 0;
      }
    }
    const w = tail.terms.reduce((s, t) => s + d.reterms[t]!.k, 0) + d.p + 1;
    const idx = new Int32Array(w);
    const val = new Float64Array(w);
    for (let row = 0; row < d.n; row++) {
      const cnt = tailEntries(d, tail.rows, row, idx, val);
      const yv = y[row]!;
      for (let a = 0; a < cnt; a++) tail.A[yRow + idx[a]!] += yv * val[a]!;
      for (const b of this.chain) {
        const term = d.reterms[b.term]!;
        const l = term.refs[row]!;
        const e = b.ptr[l + 1]! - 1;
        for (let c = 0; c < b.k; c++) b.Atail[e * b.k + c] += yv * term.z[row * b.k + c]!;
      }
    }
    // The y row of the first block's grouped sums.
    const b0 = this.chain[0]!;
    const g0 = b0.grouped;
    if (g0) {
      for (const M of g0.M) M.fill(0, yRow, yRow + m);
      for (let l = 0; l < b0.nl; l++) {
        const M = g0.M[g0.of[l]!]!;
        const p1 = b0.ptr[l + 1]!;
        const vy = b0.Atail[p1 - 1]!;
        for (let c = b0.ptr[l]!; c < p1; c++) M[yRow + b0.idx[c]!] += vy * b0.Atail[c]!;
      }
      g0.tail = absorbedSums(this.chain, g0.of, g0.d.length).tail;
    }
  }

  /** Number of random effects q. */
  get q(): number {
    return this.design.reterms.reduce((s, t) => s + t.k * t.levels.length, 0);
  }

  /** Fills the Lambda blocks from theta (column-wise lower triangle per term). */
  private setLambda(theta: ArrayLike<number>): void {
    this.design.reterms.forEach((t, ti) => {
      const lam = this.lambda[ti]!;
      lam.fill(0);
      let o = t.thetaOffset;
      for (let c = 0; c < t.k; c++) for (let r = c; r < t.k; r++) lam[r * t.k + c] = theta[o++]!;
    });
    this.theta = Float64Array.from(theta);
  }

  /**
   * Updates L for theta: scales the blocks by Lambda, adds I, and factors block by block.
   * Returns false (and sets ok = false) if a pivot is not positive.
   */
  update(theta: ArrayLike<number>): boolean {
    this.setLambda(theta);
    const { chain, tail } = this;
    const m = tail.m;
    const b0 = chain[0]!;
    const absorbed = b0.grouped;
    let coef: Float64Array | null = null;
    if (absorbed) {
      const th = this.lambda[b0.term]![0]!;
      const t2 = th * th;
      coef = new Float64Array(absorbed.d.length);
      for (let g = 0; g < coef.length; g++) coef[g] = t2 / (t2 * absorbed.d[g]! + 1);
    }
    // Tail: L_T <- Lambda_T' (A_T - sum_g c_g M_g) Lambda_T + I (random part).
    const T = tail.L;
    const rowScale = this.tailRowScale();
    scaleTail(this, T, absorbed ? absorbed.M : null, coef, rowScale);
    this.lazyFirstBlock = absorbed !== undefined;
    // Chain blocks.
    for (let i = 0; i < chain.length; i++) {
      const b = chain[i]!;
      const lam = this.lambda[b.term]!;
      if (i === 0 && this.lazyFirstBlock) continue; // factored on demand (completeFirstBlock)
      const eff = absorbed && i > 0 ? this.effectiveBlock(i, absorbed, coef!) : null;
      scaleDiag(eff ? eff.diag : b.Adiag, b.Ldiag, b.nl, b.k, lam);
      for (let j = i + 1; j < chain.length; j++) scaleCross(this, b, j, eff ? eff.cross[j]! : b.Across[j]!);
      scaleChainTail(this, b, rowScale, eff ? eff.tail : b.Atail);
    }
    // Eliminate the chain, block by block: factor each level's diagonal block and scale its off-diagonal
    // parts, then push its updates into later chain blocks and into the dense tail (an absorbed first block
    // only factors its diagonal: its updates are in the effective cross-products already).
    for (let i = this.lazyFirstBlock ? 1 : 0; i < chain.length; i++) {
      if (!eliminateChainBlock(this, i, T, m)) return (this.ok = false);
    }
    return (this.ok = cholEnvelope(T, m, tail.first) < 0);
  }

  /** Scratch for the effective cross-products of chain blocks after an absorbed first block. */
  private effective: ({ diag: Float64Array; cross: (Float64Array | null)[]; tail: Float64Array } | null)[] = [];

  /** Chain block i's cross-products minus sum_g c_g S_g (the absorbed first block's elimination). */
  private effectiveBlock(i: number, absorbed: AbsorbedBlock, coef: Float64Array): { diag: Float64Array; cross: (Float64Array | null)[]; tail: Float64Array } {
    const b = this.chain[i]!;
    let e = this.effective[i];
    if (!e) {
      e = { diag: new Float64Array(b.Adiag.length), cross: b.Across.map((x) => (x ? new Float64Array(x.length) : null)), tail: new Float64Array(b.Atail.length) };
      this.effective[i] = e;
    }
    subtractScaled(e.diag, b.Adiag, absorbed.diag[i]!, coef);
    for (let j = i + 1; j < this.chain.length; j++) subtractScaled(e.cross[j]!, b.Across[j]!, absorbed.cross[i]![j]!, coef);
    subtractScaled(e.tail, b.Atail, absorbed.tail[i]!, coef);
    return e;
  }

  /** log|L_Z|^2 = log det(Lambda' Z'Z Lambda + I), after update(). */
  logdetL(): number {
    let s = 0;
    for (let i = 0; i < this.chain.length; i++) {
      const b = this.chain[i]!;
      const k = b.k;
      if (i === 0 && this.lazyFirstBlock) {
        // Absorbed block: L_00[l] = sqrt(1 + theta_0^2 d_l), the same within each group.
        const g = b.grouped!;
        const t2 = this.lambda[b.term]![0]! ** 2;
        for (let x = 0; x < g.d.length; x++) s += 0.5 * g.count[x]! * Math.log(t2 * g.d[x]! + 1);
        continue;
      }
      for (let l = 0; l < b.nl; l++) for (let c = 0; c < k; c++) s += Math.log(b.Ldiag[l * k * k + c * k + c]!);
    }
    const { L, m, qT } = this.tail;
    for (let r = 0; r < qT; r++) s += Math.log(L[r * m + r]!);
    return 2 * s;
  }

  /** log|R_X|^2, after update(). */
  logdetRX(): number {
    const { L, m, qT } = this.tail;
    let s = 0;
    for (let r = qT; r < qT + this.design.p; r++) s += Math.log(L[r * m + r]!);
    return 2 * s;
  }

  /** Penalized residual sum of squares r2(theta) = ||y - X beta - Z Lambda u||^2 + ||u||^2, after update(). */
  pwrss(): number {
    const { L, m } = this.tail;
    const v = L[m * m - 1]!;
    return v * v;
  }

  /**
   * Profiled criterion at the last update(): REML criterion (reml = true) or deviance -2 logLik (ML).
   * Infinity when the factorization failed.
   */
  objective(reml: boolean): number {
    if (!this.ok) return Infinity;
    const n = this.design.n;
    const p = this.design.p;
    const r2 = this.pwrss();
    if (reml) {
      const nmp = n - p;
      return this.logdetL() + this.logdetRX() + nmp * (1 + Math.log((2 * Math.PI * r2) / nmp));
    }
    return this.logdetL() + n * (1 + Math.log((2 * Math.PI * r2) / n));
  }

  /** Per-row scale of the tail (theta of each random row's term, 1 on X and y rows) when its terms are all scalar; else null. */
  private tailRowScale(): Float64Array | null {
    const { tail } = this;
    if (this.rowScale === undefined) {
      const d = this.design;
      this.rowScale = tail.terms.every((t) => d.reterms[t]!.k === 1) ? new Float64Array(tail.m).fill(1) : null;
    }
    const rs = this.rowScale;
    if (rs) for (let r = 0; r < tail.qT; r++) rs[r] = this.lambda[tail.rowTerm[r]!]![0]!;
    return rs;
  }

  /** Computes the first block's off-diagonal factor (L_T0 and L_j0) when update() left it out (absorbed block). */
  private completeFirstBlock(): void {
    if (!this.lazyFirstBlock) return;
    const b = this.chain[0]!;
    const t2 = this.lambda[b.term]![0]! ** 2;
    for (let l = 0; l < b.nl; l++) b.Ldiag[l] = Math.sqrt(t2 * b.Adiag[l]! + 1);
    scaleChainTail(this, b, this.tailRowScale(), b.Atail);
    for (let l = 0; l < b.nl; l++) {
      const inv = 1 / b.Ldiag[l]!;
      for (let e = b.ptr[l]!; e < b.ptr[l + 1]!; e++) b.Ltail[e] *= inv;
    }
    for (let j = 1; j < this.chain.length; j++) {
      scaleCross(this, b, j, b.Across[j]!);
      const Lc = b.Lcross[j]!;
      const kj = this.chain[j]!.k;
      for (let l = 0; l < b.nl; l++) {
        const inv = 1 / b.Ldiag[l]!;
        for (let r = 0; r < kj; r++) Lc[l * kj + r] *= inv;
      }
    }
    this.lazyFirstBlock = false;
  }

  /**
   * Solves for the fixed effects and the spherical random effects at the last update():
   * beta (length p) and u per term (levels x k, row-major by level). b = Lambda u.
   */
  solve(): { beta: Float64Array; u: Float64Array[] } {
    this.completeFirstBlock();
    const d = this.design;
    const { chain, tail } = this;
    const { L, m, qT } = tail;
    const nw = qT + d.p;
    // Tail back substitution: L_T[0:nw, 0:nw]' w = L_T[m-1, 0:nw].
    const w = L.slice((m - 1) * m, (m - 1) * m + nw);
    backSolveEnvelope(L, m, tail.first, w, nw);
    const beta = w.slice(qT, qT + d.p);
    const u: Float64Array[] = d.reterms.map((t) => new Float64Array(t.levels.length * t.k));
    for (const t of tail.terms) {
      const term = d.reterms[t]!;
      const ut = u[t]!;
      for (let l = 0; l < term.levels.length; l++) for (let c = 0; c < term.k; c++) ut[l * term.k + c] = w[tail.base[t]![l]! + c]!;
    }
    // Chain, last to first.
    for (let i = chain.length - 1; i >= 0; i--) solveChainBlock(chain, i, w, u);
    return { beta, u };
  }

  /** (R_X' R_X)^-1 at the last update() (p x p row-major); vcov(beta) = sigma^2 times this. */
  unscaledVcov(): Float64Array {
    const { L, m, qT } = this.tail;
    const p = this.design.p;
    const linv = invLower(L, p, qT * m + qT, m);
    return crossprodLowerInv(linv, p);
  }

  /**
   * Diagonal blocks of (L_Z L_Z')^-1 = (Lambda'Z'Z Lambda + I)^-1 for every level of every term, after
   * update(): per term a Float64Array of levels x k x k. Conditional variances of b are
   * sigma^2 Lambda M Lambda' (lme4's condVar). Costs one dense inverse of the tail's random part.
   */
  inverseDiagBlocks(): Float64Array[] {
    this.completeFirstBlock();
    const d = this.design;
    const { chain, tail } = this;
    const { L, m, qT } = tail;
    // W = (T_Z T_Z')^-1 for the tail's random part.
    const W = qT > 0 ? crossprodLowerInv(invLower(L, qT, 0, m), qT) : new Float64Array(0);
    const out = d.reterms.map((t) => new Float64Array(t.levels.length * t.k * t.k));
    for (const t of tail.terms) {
      const term = d.reterms[t]!;
      const k = term.k;
      const dst = out[t]!;
      for (let l = 0; l < term.levels.length; l++) {
        const o = tail.base[t]![l]!;
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) dst[l * k * k + a * k + c] = W[(o + a) * qT + o + c]!;
      }
    }
    // Chain levels: forward solve with a unit vector along the chain of ancestors, then the tail part.
    const r = new Float64Array(qT);
    const stamp = new Int32Array(qT).fill(-1);
    let stampValue = 0;
    const touched: number[] = [];
    for (let i = 0; i < chain.length; i++) {
      const b = chain[i]!;
      const k = b.k;
      const dst = out[b.term]!;
      for (let l = 0; l < b.nl; l++) {
        const xs: Float64Array[] = []; // per unit vector: the chain part of L^-1 e
        const rs: Float64Array[] = []; // per unit vector: (row, value) pairs of the tail right-hand side
        for (let c = 0; c < k; c++) {
          // x_i = L_ii[l]^-1 e_c
          const xi = new Float64Array(k);
          const o = l * k * k;
          for (let a = 0; a < k; a++) {
            let s = a === c ? 1 : 0;
            for (let x = 0; x < a; x++) s -= b.Ldiag[o + a * k + x]! * xi[x]!;
            xi[a] = s / b.Ldiag[o + a * k + a]!;
          }
          const chainX: { block: number; level: number; x: Float64Array }[] = [{ block: i, level: l, x: xi }];
          for (let j = i + 1; j < chain.length; j++) {
            const bj = chain[j]!;
            const kj = bj.k;
            const pj = b.parent[j]![l]!;
            const rhs = new Float64Array(kj);
            for (const prev of chainX) {
              const bp = chain[prev.block]!;
              const kp = bp.k;
              const Ljp = bp.Lcross[j]!;
              const oo = prev.level * kj * kp;
              for (let a = 0; a < kj; a++) for (let x = 0; x < kp; x++) rhs[a] -= Ljp[oo + a * kp + x]! * prev.x[x]!;
            }
            const xj = new Float64Array(kj);
            const oj = pj * kj * kj;
            for (let a = 0; a < kj; a++) {
              let s = rhs[a]!;
              for (let x = 0; x < a; x++) s -= bj.Ldiag[oj + a * kj + x]! * xj[x]!;
              xj[a] = s / bj.Ldiag[oj + a * kj + a]!;
            }
            chainX.push({ block: j, level: pj, x: xj });
          }
          // Tail right-hand side r = -sum_j Ltail_j x_j on the random tail rows.
          touched.length = 0;
          stampValue++;
          for (const cx of chainX) {
            const bp = chain[cx.block]!;
            const kp = bp.k;
            for (let e = bp.ptr[cx.level]!; e < bp.ptr[cx.level + 1]!; e++) {
              const row = bp.idx[e]!;
              if (row >= qT) break;
              let s = 0;
              for (let x = 0; x < kp; x++) s += bp.Ltail[e * kp + x]! * cx.x[x]!;
              if (stamp[row] !== stampValue) {
                stamp[row] = stampValue;
                r[row] = 0;
                touched.push(row);
              }
              r[row] -= s;
            }
          }
          const rc = new Float64Array(touched.length * 2);
          touched.forEach((row, ii) => {
            rc[2 * ii] = row;
            rc[2 * ii + 1] = r[row]!;
          });
          rs.push(rc);
          xs.push(Float64Array.from(chainX.flatMap((cx) => Array.from(cx.x))));
        }
        for (let a = 0; a < k; a++) {
          for (let c = 0; c <= a; c++) {
            let s = 0;
            const xa = xs[a]!;
            const xc = xs[c]!;
            for (let x = 0; x < xa.length; x++) s += xa[x]! * xc[x]!;
            const ra = rs[a]!;
            const rc = rs[c]!;
            for (let ia = 0; ia < ra.length; ia += 2) {
              const rowA = ra[ia]! * qT;
              const va = ra[ia + 1]!;
              for (let ic = 0; ic < rc.length; ic += 2) s += va * W[rowA + rc[ic]!]! * rc[ic + 1]!;
            }
            dst[l * k * k + a * k + c] = s;
            dst[l * k * k + c * k + a] = s;
          }
        }
      }
    }
    return out;
  }
}

/** Solves L' x = w in place for the leading nw rows of an envelope factor (row-major m x m, lower). */
function backSolveEnvelope(L: Float64Array, m: number, first: Int32Array, w: Float64Array, nw: number): void {
  for (let r = nw - 1; r >= 0; r--) {
    const v = w[r]! / L[r * m + r]!;
    w[r] = v;
    if (v !== 0) {
      const rr = r * m;
      for (let s = first[r]!; s < r; s++) w[s] -= L[rr + s]! * v;
    }
  }
}

/**
 * u of chain block i given the tail solution w and u of the later chain blocks:
 * L_ii' u_i = c_u - L_Ti' w_T - sum_j L_ji' u_j[parent], per level.
 */
function solveChainBlock(chain: ChainBlock[], i: number, w: Float64Array, u: Float64Array[]): void {
  const b = chain[i]!;
  const k = b.k;
  const ui = u[b.term]!;
  const rhs = new Float64Array(k);
  for (let l = 0; l < b.nl; l++) {
    const p0 = b.ptr[l]!;
    const p1 = b.ptr[l + 1]!;
    // rhs = c_u (the y entry, last in the pattern) - Ltail' w_tail - sum_j Lcross_j' u_j[parent]
    for (let c = 0; c < k; c++) rhs[c] = b.Ltail[(p1 - 1) * k + c]!;
    for (let e = p0; e < p1 - 1; e++) {
      const we = w[b.idx[e]!]!;
      if (we !== 0) for (let c = 0; c < k; c++) rhs[c] -= b.Ltail[e * k + c]! * we;
    }
    for (let j = i + 1; j < chain.length; j++) {
      const bj = chain[j]!;
      const kj = bj.k;
      const pj = b.parent[j]![l]!;
      const uj = u[bj.term]!;
      const Lji = b.Lcross[j]!;
      for (let r = 0; r < kj; r++) {
        const v = uj[pj * kj + r]!;
        for (let c = 0; c < k; c++) rhs[c] -= Lji[l * kj * k + r * k + c]! * v;
      }
    }
    // L_ii' x = rhs (back substitution with the upper triangle L')
    const o = l * k * k;
    for (let c = k - 1; c >= 0; c--) {
      let s = rhs[c]!;
      for (let r = c + 1; r < k; r++) s -= b.Ldiag[o + r * k + c]! * ui[l * k + r]!;
      ui[l * k + c] = s / b.Ldiag[o + c * k + c]!;
    }
  }
}

/**
 * One chain block's elimination step (scalar blocks take tight loops, vector blocks the general ones):
 * L_ii = chol(S_ii) per level; L_ji = S_ji L_ii^-T for later chain blocks j and the tail; then
 * S_jj -= L_ji L_ji', S_j2j -= L_j2i L_ji', S_Tj -= L_Ti L_ji', S_TT -= L_Ti L_Ti'.
 */
function eliminateChainBlock(sys: BlockedSystem, i: number, T: Float64Array, m: number): boolean {
  const chain = sys.chain;
  const b = chain[i]!;
  const k = b.k;
  const kk = k * k;
  const nl = b.nl;
  const { Ldiag, Ltail, idx, ptr } = b;
  // 1. Diagonal blocks and the scaling of this block's off-diagonal parts.
  if (k === 1) {
    for (let l = 0; l < nl; l++) {
      const dl = Ldiag[l]!;
      if (!(dl > 0)) return false;
      const s = Math.sqrt(dl);
      Ldiag[l] = s;
      const inv = 1 / s;
      const p1 = ptr[l + 1]!;
      for (let e = ptr[l]!; e < p1; e++) Ltail[e] *= inv;
    }
    for (let j = i + 1; j < chain.length; j++) {
      const Lc = b.Lcross[j]!;
      const kj = chain[j]!.k;
      for (let l = 0; l < nl; l++) {
        const inv = 1 / Ldiag[l]!;
        for (let r = 0; r < kj; r++) Lc[l * kj + r] *= inv;
      }
    }
  } else {
    for (let l = 0; l < nl; l++) {
      if (!cholBlock(Ldiag, l * kk, k)) return false;
      const p0 = ptr[l]!;
      rdivLowerT(Ltail, p0 * k, ptr[l + 1]! - p0, Ldiag, l * kk, k);
      for (let j = i + 1; j < chain.length; j++) rdivLowerT(b.Lcross[j]!, l * chain[j]!.k * k, chain[j]!.k, Ldiag, l * kk, k);
    }
  }
  // 2. Updates of later chain blocks.
  for (let j = i + 1; j < chain.length; j++) {
    const bj = chain[j]!;
    const kj = bj.k;
    const pm = b.parent[j]!;
    const Lji = b.Lcross[j]!;
    const map = b.mapTo[j]!;
    const LdJ = bj.Ldiag;
    const LtJ = bj.Ltail;
    if (k === 1 && kj === 1) {
      for (let l = 0; l < nl; l++) {
        const v = Lji[l]!;
        if (v === 0) continue;
        const pj = pm[l]!;
        LdJ[pj] -= v * v;
        const p1 = ptr[l + 1]!;
        for (let e = ptr[l]!; e < p1; e++) LtJ[map[e]!] -= Ltail[e]! * v;
      }
      for (let j2 = j + 1; j2 < chain.length; j2++) {
        const kj2 = chain[j2]!.k;
        const L2 = b.Lcross[j2]!;
        const dst = bj.Lcross[j2]!;
        for (let l = 0; l < nl; l++) {
          const v = Lji[l]!;
          if (v === 0) continue;
          const pj = pm[l]!;
          for (let r = 0; r < kj2; r++) dst[pj * kj2 + r] -= L2[l * kj2 + r]! * v;
        }
      }
      continue;
    }
    for (let l = 0; l < nl; l++) {
      const pj = pm[l]!;
      const oji = l * kj * k;
      for (let r = 0; r < kj; r++) {
        for (let c = 0; c <= r; c++) {
          let s = 0;
          for (let x = 0; x < k; x++) s += Lji[oji + r * k + x]! * Lji[oji + c * k + x]!;
          LdJ[pj * kj * kj + r * kj + c] -= s;
        }
      }
      for (let j2 = j + 1; j2 < chain.length; j2++) {
        const kj2 = chain[j2]!.k;
        const L2 = b.Lcross[j2]!;
        const o2 = l * kj2 * k;
        const dst = bj.Lcross[j2]!;
        const od = pj * kj2 * kj;
        for (let r = 0; r < kj2; r++) {
          for (let c = 0; c < kj; c++) {
            let s = 0;
            for (let x = 0; x < k; x++) s += L2[o2 + r * k + x]! * Lji[oji + c * k + x]!;
            dst[od + r * kj + c] -= s;
          }
        }
      }
      const p1 = ptr[l + 1]!;
      for (let e = ptr[l]!; e < p1; e++) {
        const dstE = map[e]! * kj;
        for (let c = 0; c < kj; c++) {
          let s = 0;
          for (let x = 0; x < k; x++) s += Ltail[e * k + x]! * Lji[oji + c * k + x]!;
          LtJ[dstE + c] -= s;
        }
      }
    }
  }
  // 3. The dense tail: T[pattern, pattern] -= L_Ti L_Ti' (lower triangle).
  if (k === 1) {
    for (let l = 0; l < nl; l++) scatterOuter(T, m, idx, Ltail, ptr[l]!, ptr[l + 1]!);
  } else {
    for (let l = 0; l < nl; l++) {
      const p0 = ptr[l]!;
      const p1 = ptr[l + 1]!;
      for (let a = p0; a < p1; a++) {
        const ra = idx[a]! * m;
        for (let c = p0; c <= a; c++) {
          let s = 0;
          for (let x = 0; x < k; x++) s += Ltail[a * k + x]! * Ltail[c * k + x]!;
          T[ra + idx[c]!] -= s;
        }
      }
    }
  }
  return true;
}

/** T[idx[a], idx[c]] -= v[a] v[c] for p0 <= c <= a < p1 (lower triangle; idx ascending), two rows at a time. */
function scatterOuter(T: Float64Array, m: number, idx: Int32Array, v: Float64Array, p0: number, p1: number): void {
  let a = p0;
  for (; a + 1 < p1; a += 2) {
    const va = v[a]!;
    const vb = v[a + 1]!;
    const ra = idx[a]! * m;
    const rb = idx[a + 1]! * m;
    for (let c = p0; c <= a; c++) {
      const ic = idx[c]!;
      const vc = v[c]!;
      T[ra + ic] -= va * vc;
      T[rb + ic] -= vb * vc;
    }
    T[rb + idx[a + 1]!] -= vb * vb;
  }
  if (a < p1) {
    const va = v[a]!;
    const ra = idx[a]! * m;
    for (let c = p0; c <= a; c++) T[ra + idx[c]!] -= va * v[c]!;
  }
}

/** out = Lr' A Lc for small blocks: A (ka x kb at aOff), Lr (ka x ka lower), Lc (kb x kb lower). */
function congruence(A: Float64Array, aOff: number, Lr: Float64Array, Lc: Float64Array, ka: number, kb: number, out: Float64Array, oOff: number): void {
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

/**
 * L_T <- Lambda_T' (A_T - sum_g coef_g M_g) Lambda_T + I on the random rows (lower triangle); the M_g are the
 * absorbed first block's sums (none when M is null).
 */
function scaleTail(sys: BlockedSystem, T: Float64Array, M: Float64Array[] | null, coef: Float64Array | null, rowScale: Float64Array | null): void {
  const { tail } = sys;
  const { m, qT } = tail;
  let A = tail.A;
  let M0: Float64Array | null = null;
  let c0 = 0;
  if (M && coef) {
    if (M.length === 1) {
      // One group (the common case): fused into the scaling below.
      M0 = M[0]!;
      c0 = coef[0]!;
    } else {
      // Several: the effective A first (envelope only).
      A = sys.scratchTail();
      envelopeCopy(A, tail.A, m, tail.first);
      for (let g = 0; g < M.length; g++) if (coef[g] !== 0) envelopeAxpy(A, -coef[g]!, M[g]!, m, tail.first);
    }
  }
  if (rowScale) {
    if (M0) scaleEnvelopeMinus(T, A, c0, M0, rowScale, m, tail.first);
    else scaleEnvelope(T, A, rowScale, m, tail.first);
  } else {
    scaleTailGeneral(sys, T, A, M0, c0);
  }
  for (let r = 0; r < qT; r++) T[r * m + r] += 1;
}

/** The tail scaling when some tail terms are vector-valued: a full symmetric copy, rows then columns transformed per level. */
function scaleTailGeneral(sys: BlockedSystem, T: Float64Array, A: Float64Array, M0: Float64Array | null, c0: number): void {
  const d = sys.design;
  const { m, qT, rowTerm, rowComp } = sys.tail;
  // Full symmetric copy, rows then columns transformed per level group.
  for (let r = 0; r < m; r++) {
    for (let c = 0; c <= r; c++) {
      const v = M0 ? A[r * m + c]! - c0 * M0[r * m + c]! : A[r * m + c]!;
      T[r * m + c] = v;
      T[c * m + r] = v;
    }
  }
  for (let r = 0; r < qT; ) {
    const t = rowTerm[r]!;
    const k = d.reterms[t]!.k;
    const lam = sys.lambda[t]!;
    if (k === 1) {
      const th = lam[0]!;
      for (let c = 0; c < m; c++) T[r * m + c] *= th;
      for (let c = 0; c < m; c++) T[c * m + r] *= th;
    } else {
      const base = r - rowComp[r]!;
      // rows: new row (base+c) = sum_{x>=c} lam[x][c] row(base+x)
      for (let c = 0; c < k; c++) {
        for (let col = 0; col < m; col++) {
          let s = 0;
          for (let x = c; x < k; x++) s += lam[x * k + c]! * T[(base + x) * m + col]!;
          T[(base + c) * m + col] = s;
        }
      }
      for (let c = 0; c < k; c++) {
        for (let row = 0; row < m; row++) {
          let s = 0;
          for (let x = c; x < k; x++) s += T[row * m + base + x]! * lam[x * k + c]!;
          T[row * m + base + c] = s;
        }
      }
    }
    r += k;
  }
}

/** Ldiag <- Lambda' Adiag Lambda + I per level (nl blocks of k x k). */
function scaleDiag(Adiag: Float64Array, Ldiag: Float64Array, nl: number, k: number, lam: Float64Array): void {
  if (k === 1) {
    const t2 = lam[0]! * lam[0]!;
    for (let l = 0; l < nl; l++) Ldiag[l] = t2 * Adiag[l]! + 1;
    return;
  }
  for (let l = 0; l < nl; l++) {
    const o = l * k * k;
    congruence(Adiag, o, lam, lam, k, k, Ldiag, o);
    for (let c = 0; c < k; c++) Ldiag[o + c * k + c] += 1;
  }
}

/** Lcross_j <- Lambda_j' Across_j Lambda_i for chain block b and a later chain block j (from `src`: Across_j or its effective version). */
function scaleCross(sys: BlockedSystem, b: ChainBlock, j: number, src: Float64Array): void {
  const bj = sys.chain[j]!;
  const dst = b.Lcross[j]!;
  const lam = sys.lambda[b.term]!;
  const lamJ = sys.lambda[bj.term]!;
  const k = b.k;
  const kj = bj.k;
  if (k === 1 && kj === 1) {
    const s = lam[0]! * lamJ[0]!;
    for (let l = 0; l < b.nl; l++) dst[l] = src[l]! * s;
  } else {
    for (let l = 0; l < b.nl; l++) congruence(src, l * kj * k, lamJ, lam, kj, k, dst, l * kj * k);
  }
}

/** out <- a - sum_g coef_g s_g (elementwise). */
function subtractScaled(out: Float64Array, a: Float64Array, s: Float64Array[], coef: Float64Array): void {
  out.set(a);
  const len = out.length;
  for (let g = 0; g < s.length; g++) {
    const sg = s[g]!;
    const cg = coef[g]!;
    if (cg === 0) continue;
    for (let x = 0; x < len; x++) out[x] -= cg * sg[x]!;
  }
}

/** dst <- src on the envelope of the lower triangle. */
function envelopeCopy(dst: Float64Array, src: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) dst.set(src.subarray(r * m + first[r]!, r * m + r + 1), r * m + first[r]!);
}

/** y += a x on the envelope of the lower triangle. */
function envelopeAxpy(y: Float64Array, a: number, x: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    for (let c = first[r]!; c <= r; c++) y[rr + c] += a * x[rr + c]!;
  }
}

/** T[r, c] <- A[r, c] s_r s_c on the envelope of the lower triangle. */
function scaleEnvelope(T: Float64Array, A: Float64Array, sc: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    const sr = sc[r]!;
    for (let c = first[r]!; c <= r; c++) T[rr + c] = A[rr + c]! * sr * sc[c]!;
  }
}

/** T[r, c] <- (A[r, c] - a M[r, c]) s_r s_c on the envelope of the lower triangle. */
function scaleEnvelopeMinus(T: Float64Array, A: Float64Array, a: number, M: Float64Array, sc: Float64Array, m: number, first: Int32Array): void {
  for (let r = 0; r < m; r++) {
    const rr = r * m;
    const sr = sc[r]!;
    for (let c = first[r]!; c <= r; c++) T[rr + c] = (A[rr + c]! - a * M[rr + c]!) * sr * sc[c]!;
  }
}

/** Ltail <- Lambda_T' Atail Lambda_i for one chain block (Atail: the block's own, or its effective version). */
function scaleChainTail(sys: BlockedSystem, b: ChainBlock, rowScale: Float64Array | null, Atail: Float64Array): void {
  const { tail } = sys;
  const d = sys.design;
  const k = b.k;
  const lamI = sys.lambda[b.term]!;
  const { qT, rowTerm, rowComp } = tail;
  const nnz = b.idx.length;
  if (k === 1 && rowScale) {
    // Scalar tail terms: one scale per tail row (theta of its term; 1 on X and y rows).
    const thI = lamI[0]!;
    const { idx, Ltail } = b;
    for (let e = 0; e < nnz; e++) Ltail[e] = Atail[e]! * thI * rowScale[idx[e]!]!;
    return;
  }
  if (k === 1) {
    const thI = lamI[0]!;
    for (let e = 0; e < nnz; e++) {
      const r = b.idx[e]!;
      if (r < qT) {
        const t = rowTerm[r]!;
        const kt = d.reterms[t]!.k;
        if (kt === 1) {
          b.Ltail[e] = Atail[e]! * thI * sys.lambda[t]![0]!;
        } else {
          const c = rowComp[r]!;
          const lam = sys.lambda[t]!;
          let s = 0;
          for (let x = c; x < kt; x++) s += lam[x * kt + c]! * Atail[e - c + x]!;
          b.Ltail[e] = s * thI;
        }
      } else {
        b.Ltail[e] = Atail[e]! * thI;
      }
    }
    return;
  }
  for (let e = 0; e < nnz; e++) {
    const r = b.idx[e]!;
    // Left factor (Lambda_T' on the row group), then right factor Lambda_i.
    const rowVals = new Float64Array(k);
    if (r < qT) {
      const t = rowTerm[r]!;
      const kt = d.reterms[t]!.k;
      const c = rowComp[r]!;
      const lam = sys.lambda[t]!;
      for (let col = 0; col < k; col++) {
        let s = 0;
        for (let x = c; x < kt; x++) s += lam[x * kt + c]! * Atail[(e - c + x) * k + col]!;
        rowVals[col] = s;
      }
    } else {
      for (let col = 0; col < k; col++) rowVals[col] = Atail[e * k + col]!;
    }
    for (let col = 0; col < k; col++) {
      let s = 0;
      for (let y = col; y < k; y++) s += rowVals[y]! * lamI[y * k + col]!;
      b.Ltail[e * k + col] = s;
    }
  }
}

/** Observations grouped by level (counting sort): rows of level l are order[start[l] .. start[l + 1]). */
function rowsByLevel(refs: Int32Array, nl: number): { start: Int32Array; order: Int32Array } {
  const n = refs.length;
  const start = new Int32Array(nl + 1);
  for (let row = 0; row < n; row++) start[refs[row]! + 1]++;
  for (let l = 0; l < nl; l++) start[l + 1] += start[l]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, nl);
  for (let row = 0; row < n; row++) order[fill[refs[row]!]!++] = row;
  return { start, order };
}

/** Tail rows touched by each level of a chain term (ascending; the X and y rows always included). */
function chainPatterns(start: Int32Array, order: Int32Array, rows: TailRows, p: number, mark: Int32Array): { ptr: Int32Array; idx: Int32Array } {
  const nl = start.length - 1;
  const { w, rowIdx, qT } = rows;
  const ptr = new Int32Array(nl + 1);
  let cap = Math.max(16, order.length + nl * (p + 1));
  let idx = new Int32Array(cap);
  let nnz = 0;
  const found = new Int32Array(Math.max(qT, 1));
  for (let l = 0; l < nl; l++) {
    let cnt = 0;
    for (let s = start[l]!; s < start[l + 1]!; s++) {
      const o = order[s]! * w;
      for (let a = 0; a < w; a++) {
        const r = rowIdx[o + a]!;
        if (mark[r] !== l) {
          mark[r] = l;
          found[cnt++] = r;
        }
      }
    }
    if (cnt > 1) found.subarray(0, cnt).sort();
    if (nnz + cnt + p + 1 > cap) {
      cap = Math.max(2 * cap, nnz + cnt + p + 1);
      const bigger = new Int32Array(cap);
      bigger.set(idx.subarray(0, nnz));
      idx = bigger;
    }
    for (let x = 0; x < cnt; x++) idx[nnz++] = found[x]!;
    for (let c = 0; c <= p; c++) idx[nnz++] = qT + c;
    ptr[l + 1] = nnz;
  }
  return { ptr, idx: idx.slice(0, nnz) };
}

/** Z_i'Z_i per level and [Z_T X y]'Z_i on the patterns; widens the tail envelope by each pattern (a clique after elimination). */
function chainValues(d: LmmDesign, i: number, start: Int32Array, order: Int32Array, ptr: Int32Array, idx: Int32Array, rows: TailRows, pos: Int32Array, first: Int32Array): { Adiag: Float64Array; Atail: Float64Array } {
  const term = d.reterms[i]!;
  const k = term.k;
  const z = term.z;
  const nl = start.length - 1;
  const Adiag = new Float64Array(nl * k * k);
  const Atail = new Float64Array(idx.length * k);
  const wMax = rows.w + d.p + 1;
  const eIdx = new Int32Array(wMax);
  const eVal = new Float64Array(wMax);
  for (let l = 0; l < nl; l++) {
    const p0 = ptr[l]!;
    const p1 = ptr[l + 1]!;
    for (let e = p0; e < p1; e++) pos[idx[e]!] = e;
    const f0 = idx[p0]!;
    for (let e = p0; e < p1; e++) if (f0 < first[idx[e]!]!) first[idx[e]!] = f0;
    for (let s = start[l]!; s < start[l + 1]!; s++) {
      const row = order[s]!;
      const zr = row * k;
      const w = tailEntries(d, rows, row, eIdx, eVal);
      if (k === 1) {
        const zv = z[zr]!;
        Adiag[l] += zv * zv;
        for (let x = 0; x < w; x++) Atail[pos[eIdx[x]!]!] += eVal[x]! * zv;
      } else {
        for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) Adiag[l * k * k + a * k + c] += z[zr + a]! * z[zr + c]!;
        for (let x = 0; x < w; x++) {
          const e = pos[eIdx[x]!]!;
          const v = eVal[x]!;
          for (let c = 0; c < k; c++) Atail[e * k + c] += v * z[zr + c]!;
        }
      }
    }
    for (let e = p0; e < p1; e++) pos[idx[e]!] = -1;
  }
  return { Adiag, Atail };
}

/** Z_j'Z_i blocks (k_j x k_i) of (parent level, level) for a chain term i nested in chain term j. */
function crossBlock(d: LmmDesign, j: number, i: number): Float64Array {
  const ti = d.reterms[i]!;
  const tj = d.reterms[j]!;
  return crossProducts(ti.refs, ti.z, ti.k, ti.levels.length, tj.z, tj.k);
}

/** Per level of refs (nl levels): sum over its observations of zj zi' (kj x k blocks). */
function crossProducts(refs: Int32Array, zi: Float64Array, k: number, nl: number, zj: Float64Array, kj: number): Float64Array {
  const ac = new Float64Array(nl * kj * k);
  const n = refs.length;
  for (let row = 0; row < n; row++) {
    const o = refs[row]! * kj * k;
    for (let a = 0; a < kj; a++) for (let c = 0; c < k; c++) ac[o + a * k + c] += zj[row * kj + a]! * zi[row * k + c]!;
  }
  return ac;
}

/** Lower triangle of [Z_T X y]'[Z_T X y] and the envelope of the data part (one pass over the rows). */
function tailCrossProducts(d: LmmDesign, rows: TailRows, m: number): { A: Float64Array; first: Int32Array } {
  const A = new Float64Array(m * m);
  const first = new Int32Array(m);
  for (let r = 0; r < m; r++) first[r] = r;
  const wMax = rows.w + d.p + 1;
  const eIdx = new Int32Array(wMax);
  const eVal = new Float64Array(wMax);
  const n = d.n;
  for (let row = 0; row < n; row++) {
    const w = tailEntries(d, rows, row, eIdx, eVal);
    const i0 = eIdx[0]!;
    for (let a = 0; a < w; a++) {
      const ia = eIdx[a]!;
      const va = eVal[a]!;
      const ra = ia * m;
      for (let b = 0; b <= a; b++) A[ra + eIdx[b]!] += va * eVal[b]!;
      if (i0 < first[ia]!) first[ia] = i0;
    }
  }
  return { A, first };
}

/** The level of the coarser factor (refsI) containing each level of the finer one (refsJ), or null when not nested. */
function parentLevels(refsJ: Int32Array, refsI: Int32Array, nlJ: number): Int32Array | null {
  const pm = new Int32Array(nlJ).fill(-1);
  const n = refsJ.length;
  for (let row = 0; row < n; row++) {
    const lj = refsJ[row]!;
    const li = refsI[row]!;
    const cur = pm[lj]!;
    if (cur === -1) pm[lj] = li;
    else if (cur !== li) return null;
  }
  return pm;
}

/** Position, in the parent level's pattern (chain block j), of each entry of each child level's pattern (block i). */
function patternMap(pm: Int32Array, nl: number, ptr: Int32Array, idx: Int32Array, nlJ: number, ptrJ: Int32Array, idxJ: Int32Array, pos: Int32Array): Int32Array {
  const map = new Int32Array(idx.length);
  // Child levels grouped by parent (counting sort).
  const start = new Int32Array(nlJ + 1);
  for (let l = 0; l < nl; l++) start[pm[l]! + 1]++;
  for (let p = 0; p < nlJ; p++) start[p + 1] += start[p]!;
  const order = new Int32Array(nl);
  const fill = start.slice(0, nlJ);
  for (let l = 0; l < nl; l++) order[fill[pm[l]!]!++] = l;
  for (let pl = 0; pl < nlJ; pl++) {
    for (let e = ptrJ[pl]!; e < ptrJ[pl + 1]!; e++) pos[idxJ[e]!] = e;
    for (let s = start[pl]!; s < start[pl + 1]!; s++) {
      const l = order[s]!;
      for (let e = ptr[l]!; e < ptr[l + 1]!; e++) {
        const to = pos[idx[e]!]!;
        if (to < 0) throw new Error('internal error: nested pattern not contained in its parent');
        map[e] = to;
      }
    }
    for (let e = ptrJ[pl]!; e < ptrJ[pl + 1]!; e++) pos[idxJ[e]!] = -1;
  }
  return map;
}

/** Builds the chain and tail blocks of a design (one pass per block over the rows). */
function buildBlocks(d: LmmDesign): { chain: ChainBlock[]; tail: TailBlock } {
  const K = d.reterms.length;
  // Nested chain: term i joins when every earlier term is nested in it.
  const parentMaps: Int32Array[][] = [[]]; // parentMaps[i][j] = parent level in term i of each level of term j < i
  let D = 1;
  for (let i = 1; i < K; i++) {
    const ti = d.reterms[i]!;
    const maps: Int32Array[] = [];
    for (let j = 0; j < i; j++) {
      const tj = d.reterms[j]!;
      const pm = parentLevels(tj.refs, ti.refs, tj.levels.length);
      if (!pm) break;
      maps.push(pm);
    }
    if (maps.length < i) break;
    parentMaps.push(maps);
    D = i + 1;
  }
  // Tail layout.
  const tailTerms: number[] = [];
  let qT = 0;
  for (let t = D; t < K; t++) {
    tailTerms.push(t);
    qT += d.reterms[t]!.levels.length * d.reterms[t]!.k;
  }
  const base = tailOrder(d, D, tailTerms);
  const m = qT + d.p + 1;
  if (m > 20000) {
    throw new Error(
      `the random-effects terms after the first (${tailTerms.map((t) => d.reterms[t]!.factor).join(', ')}) have ${qT} effects: too many for the dense block of this engine (limit about 20,000)`,
    );
  }
  const rowTerm = new Int32Array(m).fill(-1);
  const rowComp = new Int32Array(m);
  for (const t of tailTerms) {
    const term = d.reterms[t]!;
    for (let l = 0; l < term.levels.length; l++) {
      for (let c = 0; c < term.k; c++) {
        rowTerm[base[t]![l]! + c] = t;
        rowComp[base[t]![l]! + c] = c;
      }
    }
  }
  const tailLayout = tailRows(d, tailTerms, base, qT);
  const { A, first } = tailCrossProducts(d, tailLayout, m);

  // Chain blocks.
  const chain: ChainBlock[] = [];
  const pos = new Int32Array(m).fill(-1);
  const mark = new Int32Array(Math.max(qT, 1)).fill(-1);
  for (let i = 0; i < D; i++) {
    const term = d.reterms[i]!;
    const nl = term.levels.length;
    const k = term.k;
    const { start, order } = rowsByLevel(term.refs, nl);
    const { ptr, idx } = chainPatterns(start, order, tailLayout, d.p, mark);
    mark.fill(-1);
    const { Adiag, Atail } = chainValues(d, i, start, order, ptr, idx, tailLayout, pos, first);
    const parent: (Int32Array | null)[] = new Array(D).fill(null);
    const Across: (Float64Array | null)[] = new Array(D).fill(null);
    const Lcross: (Float64Array | null)[] = new Array(D).fill(null);
    for (let j = i + 1; j < D; j++) {
      parent[j] = parentMaps[j]![i]!;
      Across[j] = crossBlock(d, j, i);
      Lcross[j] = new Float64Array(Across[j]!.length);
    }
    chain.push({
      term: i,
      nl,
      k,
      Adiag,
      Ldiag: new Float64Array(Adiag.length),
      parent,
      Across,
      Lcross,
      ptr,
      idx,
      Atail,
      Ltail: new Float64Array(Atail.length),
      mapTo: new Array(D).fill(null),
      grouped: undefined,
    });
  }
  // Maps from each chain level's pattern into its parents' patterns.
  for (let i = 0; i < D; i++) {
    const b = chain[i]!;
    for (let j = i + 1; j < D; j++) {
      const bj = chain[j]!;
      b.mapTo[j] = patternMap(b.parent[j]!, b.nl, b.ptr, b.idx, bj.nl, bj.ptr, bj.idx, pos);
    }
  }
  const tail: TailBlock = { terms: tailTerms, base, qT, m, A, L: new Float64Array(m * m), first, rowTerm, rowComp, rows: tailLayout };
  const grouped = groupedUpdate(chain, tail);
  if (grouped) chain[0]!.grouped = grouped;
  return { chain, tail };
}

/**
 * Order of the tail's levels (term t, level l -> first tail row), chosen to keep the envelope of the dense
 * Cholesky small: reverse Cuthill-McKee over the graph whose edges join levels that meet in an observation
 * or in a level of the coarsest chain term (whose elimination makes them a clique); levels connected to
 * more than half of the others go last. Falls back to the natural order (terms in order, levels in order)
 * when the tail is small (at most 256 levels) or the graph is too large to build cheaply.
 */
function tailOrder(d: LmmDesign, D: number, tailTerms: number[]): Int32Array[] {
  const base: Int32Array[] = d.reterms.map(() => new Int32Array(0));
  // Group g = (term, level); natural order.
  const groupStart: number[] = [];
  let G = 0;
  for (const t of tailTerms) {
    groupStart[t] = G;
    G += d.reterms[t]!.levels.length;
  }
  const natural = (): Int32Array[] => {
    let q = 0;
    for (const t of tailTerms) {
      const term = d.reterms[t]!;
      const b = new Int32Array(term.levels.length);
      for (let l = 0; l < b.length; l++, q += term.k) b[l] = q;
      base[t] = b;
    }
    return base;
  };
  // A small tail is cheap to factor in any order (and its envelope would stay nearly full).
  if (G <= 256 || G > 8000 || D === 0) return natural();
  // Cliques from the coarsest chain term's levels (they contain the finer chain levels' sets).
  const coarse = d.reterms[D - 1]!;
  const n = d.n;
  const order = new Int32Array(n);
  const start = new Int32Array(coarse.levels.length + 1);
  for (let row = 0; row < n; row++) start[coarse.refs[row]! + 1]++;
  for (let l = 0; l < coarse.levels.length; l++) start[l + 1] += start[l]!;
  const fill = start.slice(0, coarse.levels.length);
  for (let row = 0; row < n; row++) order[fill[coarse.refs[row]!]!++] = row;
  const mark = new Int32Array(G).fill(-1);
  const sets: Int32Array[] = [];
  let work = 0;
  for (let l = 0; l < coarse.levels.length; l++) {
    const gs: number[] = [];
    for (let s = start[l]!; s < start[l + 1]!; s++) {
      const row = order[s]!;
      for (const t of tailTerms) {
        const g = groupStart[t]! + d.reterms[t]!.refs[row]!;
        if (mark[g] !== l) {
          mark[g] = l;
          gs.push(g);
        }
      }
    }
    work += gs.length * gs.length;
    if (work > 5e7) return natural();
    sets.push(Int32Array.from(gs));
  }
  const words = (G + 31) >>> 5;
  const adj = new Uint32Array(G * words);
  const link = (a: number, b: number) => {
    adj[a * words + (b >>> 5)] |= 1 << (b & 31);
    adj[b * words + (a >>> 5)] |= 1 << (a & 31);
  };
  for (const gs of sets) for (let x = 0; x < gs.length; x++) for (let y = 0; y < x; y++) link(gs[x]!, gs[y]!);
  if (tailTerms.length > 1) {
    for (let row = 0; row < n; row++) {
      for (let x = 0; x < tailTerms.length; x++) {
        const gx = groupStart[tailTerms[x]!]! + d.reterms[tailTerms[x]!]!.refs[row]!;
        for (let y = 0; y < x; y++) link(gx, groupStart[tailTerms[y]!]! + d.reterms[tailTerms[y]!]!.refs[row]!);
      }
    }
  }
  const degree = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    let c = 0;
    for (let w = 0; w < words; w++) {
      let v = adj[g * words + w]!;
      while (v) {
        v &= v - 1;
        c++;
      }
    }
    degree[g] = c;
  }
  const dense = (g: number) => degree[g]! > G / 2;
  const neighbours = (g: number): number[] => {
    const out: number[] = [];
    for (let w = 0; w < words; w++) {
      let v = adj[g * words + w]!;
      while (v) {
        const bit = 31 - Math.clz32(v & -v);
        out.push((w << 5) + bit);
        v &= v - 1;
      }
    }
    return out;
  };
  // Cuthill-McKee from a low-degree node of each component (dense nodes excluded), then reversed.
  const visited = new Uint8Array(G);
  const cm: number[] = [];
  const byDegree = Array.from({ length: G }, (_, g) => g).sort((a, b) => degree[a]! - degree[b]! || a - b);
  for (const s of byDegree) {
    if (visited[s] || dense(s)) continue;
    visited[s] = 1;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const next = neighbours(queue[h]!).filter((x) => !visited[x] && !dense(x));
      next.sort((a, b) => degree[a]! - degree[b]! || a - b);
      for (const x of next) {
        visited[x] = 1;
        queue.push(x);
      }
    }
    cm.push(...queue);
  }
  const sequence = [...cm.reverse(), ...byDegree.filter((g) => dense(g))];
  // Map groups back to (term, level) and assign tail rows.
  const termOf = new Int32Array(G);
  for (const t of tailTerms) for (let l = 0; l < d.reterms[t]!.levels.length; l++) termOf[groupStart[t]! + l] = t;
  for (const t of tailTerms) base[t] = new Int32Array(d.reterms[t]!.levels.length);
  let q = 0;
  for (const g of sequence) {
    const t = termOf[g]!;
    base[t]![g - groupStart[t]!] = q;
    q += d.reterms[t]!.k;
  }
  return base;
}

/**
 * The absorbed form of the first chain block (see ChainBlock.grouped), when it is a scalar term, its per-
 * evaluation cost (G passes over the later blocks) is at most half that of the per-level elimination, and
 * the sums need at most 256 MB.
 */
function groupedUpdate(chain: ChainBlock[], tail: TailBlock): AbsorbedBlock | undefined {
  const b = chain[0]!;
  if (b.k !== 1) return undefined;
  const { m } = tail;
  const values = distinctSorted(b.Adiag);
  const G = values.length;
  let perLevel = patternWork(b.ptr, chain.length - 1);
  let later = 0;
  for (let j = 1; j < chain.length; j++) {
    const bj = chain[j]!;
    later += bj.Adiag.length + bj.Atail.length;
    for (const x of bj.Across) if (x) later += x.length;
    perLevel += b.nl * bj.k * (bj.k + 1);
  }
  const envelope = envelopeSize(tail.first);
  if (G * (envelope + later) * 2 > perLevel || G * (m * m + later) * 8 > 256 * 2 ** 20) return undefined;
  const of = groupOf(b.Adiag, values);
  const M: Float64Array[] = [];
  for (let g = 0; g < G; g++) M.push(new Float64Array(m * m));
  for (let g = 0; g < G; g++) addOuterProducts(M[g]!, m, of, g, b.ptr, b.idx, b.Atail);
  const count = new Float64Array(G);
  for (let l = 0; l < b.nl; l++) count[of[l]!]++;
  return { d: values, of, count, M, ...absorbedSums(chain, of, G) };
}

/** Distinct values, ascending. */
function distinctSorted(x: Float64Array): Float64Array {
  const s = Float64Array.from(x).sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[n - 1]) s[n++] = s[i]!;
  return s.slice(0, n);
}

/** Index of each value of x in the ascending distinct `values` (binary search). */
function groupOf(x: Float64Array, values: Float64Array): Int32Array {
  const of = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    of[i] = lo;
  }
  return of;
}

/** Sum over levels of w^2 + w * extra (w = the level's pattern size): the work of the per-level elimination. */
function patternWork(ptr: Int32Array, extra: number): number {
  let s = 0;
  for (let l = 0; l + 1 < ptr.length; l++) {
    const w = ptr[l + 1]! - ptr[l]!;
    s += w * w + w * extra;
  }
  return s;
}

/** Number of entries in the envelope of the lower triangle. */
function envelopeSize(first: Int32Array): number {
  let s = 0;
  for (let r = 0; r < first.length; r++) s += r - first[r]! + 1;
  return s;
}

/** M += sum over the levels l of group g of a_l a_l' (lower triangle; a_l = the level's pattern entries). */
function addOuterProducts(M: Float64Array, m: number, of: Int32Array, g: number, ptr: Int32Array, idx: Int32Array, vals: Float64Array): void {
  const nl = of.length;
  for (let l = 0; l < nl; l++) {
    if (of[l] !== g) continue;
    const p0 = ptr[l]!;
    const p1 = ptr[l + 1]!;
    for (let a = p0; a < p1; a++) {
      const va = vals[a]!;
      if (va === 0) continue;
      const ra = idx[a]! * m;
      for (let c = p0; c <= a; c++) M[ra + idx[c]!] += va * vals[c]!;
    }
  }
}

/**
 * The absorbed first block's sums S_g in the layouts of the later chain blocks: per level l of block 0 with
 * parent p in block j and column a = Across_j[l] (k_j values): diag_j[p] += a a', cross_{j,j2}[p] += a2 a',
 * tail_j[entry of p matching each entry e of l's pattern] += Atail_0[e] a'.
 */
function absorbedSums(chain: ChainBlock[], of: Int32Array, G: number): Pick<AbsorbedBlock, 'diag' | 'cross' | 'tail'> {
  const b = chain[0]!;
  const D = chain.length;
  const diag: (Float64Array[] | null)[] = new Array(D).fill(null);
  const cross: ((Float64Array[] | null)[] | null)[] = new Array(D).fill(null);
  const tail: (Float64Array[] | null)[] = new Array(D).fill(null);
  for (let j = 1; j < D; j++) {
    const bj = chain[j]!;
    const kj = bj.k;
    const pm = b.parent[j]!;
    const aj = b.Across[j]!;
    const dg: Float64Array[] = [];
    const tg: Float64Array[] = [];
    for (let g = 0; g < G; g++) {
      dg.push(outerByParent(of, g, pm, aj, kj, aj, kj, bj.Adiag.length));
      tg.push(patternTimesColumn(of, g, b.ptr, b.Atail, b.mapTo[j]!, aj, kj, bj.Atail.length));
    }
    const cg: (Float64Array[] | null)[] = new Array(D).fill(null);
    for (let j2 = j + 1; j2 < D; j2++) {
      const kj2 = chain[j2]!.k;
      const list: Float64Array[] = [];
      for (let g = 0; g < G; g++) list.push(outerByParent(of, g, pm, b.Across[j2]!, kj2, aj, kj, bj.Across[j2]!.length));
      cg[j2] = list;
    }
    diag[j] = dg;
    cross[j] = cg;
    tail[j] = tg;
  }
  return { diag, cross, tail };
}

/** Sum over the levels l of group g of the ka x kb block a_l b_l', into the block of l's parent level. */
function outerByParent(of: Int32Array, g: number, parent: Int32Array, a: Float64Array, ka: number, bv: Float64Array, kb: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let l = 0; l < of.length; l++) {
    if (of[l] !== g) continue;
    const o = parent[l]! * ka * kb;
    for (let r = 0; r < ka; r++) for (let c = 0; c < kb; c++) out[o + r * kb + c] += a[l * ka + r]! * bv[l * kb + c]!;
  }
  return out;
}

/** Sum over the levels l of group g of Atail_0[e] a_l' into the parent's pattern entry map[e] (k_j columns). */
function patternTimesColumn(of: Int32Array, g: number, ptr: Int32Array, vals: Float64Array, map: Int32Array, a: Float64Array, kj: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let l = 0; l < of.length; l++) {
    if (of[l] !== g) continue;
    for (let e = ptr[l]!; e < ptr[l + 1]!; e++) {
      const v = vals[e]!;
      const dst = map[e]! * kj;
      for (let c = 0; c < kj; c++) out[dst + c] += v * a[l * kj + c]!;
    }
  }
  return out;
}

/** A one-line description of the block structure, e.g. for benchmarks: "chain post:rater(1448 diag) ...". */
export function describeBlocks(sys: BlockedSystem): string {
  const d = sys.design;
  const chain = sys.chain
    .map((b) => `${d.reterms[b.term]!.group}(${b.nl}${b.k === 1 ? ' diagonal' : ` blocks ${b.k}x${b.k}`}${b.grouped ? `, update grouped by ${b.grouped.d.length} count${b.grouped.d.length > 1 ? 's' : ''}` : ''})`)
    .join(' > ');
  const env = Array.from(sys.tail.first).reduce((s, f, r) => s + (r - f + 1), 0);
  const dense = (sys.tail.m * (sys.tail.m + 1)) / 2;
  return `nested chain: ${chain}; dense tail: ${sys.tail.terms.map((t) => d.reterms[t]!.group).join(', ') || '(none)'} + X + y, size ${sys.tail.m}, envelope ${((100 * env) / dense).toFixed(0)}% of the lower triangle`;
}
