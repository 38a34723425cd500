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
 *
 * This file holds the system (update at theta, the criteria, the solution, the conditional-variance blocks);
 * its parts live beside it: blockStructure.ts (the layout and values of A, built once per design),
 * tailOrder.ts (the order of the dense tail's levels), absorbedBlock.ts (the absorbed first block's sums),
 * blockScaling.ts (Lambda' A Lambda + I) and blockElimination.ts (the chain's elimination and back solve).
 */
import type { LmmDesign } from './design';
import { backSolveEnvelope, cholEnvelope, crossprodLowerInv, invLower } from '../linalg/index';
import { absorbedSums } from './absorbedBlock';
import { buildBlocks, tailEntries, type AbsorbedBlock, type ChainBlock, type TailBlock } from './blockStructure';
import { eliminateChainBlock, solveChainBlock } from './blockElimination';
import { scaleChainTail, scaleCross, scaleDiag, scaleTail, subtractScaled } from './blockScaling';

export type { AbsorbedBlock, ChainBlock, TailBlock } from './blockStructure';

/**
 * Blocked cross-products and factor of one model (MixedModels.jl: the `A` and `L` fields of
 * LinearMixedModel). Create once per design; call {@link update} for each theta.
 */
export class BlockedSystem {
  private currentDesign: LmmDesign;
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
    this.currentDesign = design;
    this.lambda = design.reterms.map((t) => new Float64Array(t.k * t.k));
    this.theta = new Float64Array(design.nTheta);
    if (shared) {
      // Same design structure, different response: copy the y-dependent parts, share the rest.
      // (slice(): a plain copy; Float64Array.from iterates, which is slow on the dense tail's m x m arrays.)
      this.chain = shared.chain.map((b) => ({
        ...b,
        Ldiag: new Float64Array(b.Ldiag.length),
        Lcross: b.Lcross.map((x) => (x ? new Float64Array(x.length) : null)),
        Atail: b.Atail.slice(),
        Ltail: new Float64Array(b.Ltail.length),
        grouped: b.grouped ? { ...b.grouped, M: b.grouped.M.map((x) => x.slice()), tail: b.grouped.tail.map((x) => (x ? x.map((v) => v.slice()) : null)) } : undefined,
      }));
      this.tail = { ...shared.tail, A: shared.tail.A.slice(), L: new Float64Array(shared.tail.L.length) };
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

  /** The design (its response is the one given last to the constructor or {@link resetResponse}). */
  get design(): LmmDesign {
    return this.currentDesign;
  }

  /** A system for the same design with another response (the structure is shared; used by refit). */
  withResponse(design: LmmDesign): BlockedSystem {
    return new BlockedSystem(design, this);
  }

  /**
   * Switches this system to another response of the same design, in place: only the parts of A that
   * involve y are recomputed, the dense tail is not copied (withResponse copies the whole system). A fit made
   * earlier on this system is left with a system at the new response: use it for a sequence of fits of
   * which only the latest is still in use (power simulation). The factor is stale until the next update().
   * @example const work = system.withResponse(d0); for (const y of ys) { work.resetResponse({ ...d0, y }); fitDesign({ ...d0, y }, {}, work); }
   */
  resetResponse(design: LmmDesign): void {
    const d = this.currentDesign;
    if (design.X !== d.X || design.n !== d.n || design.reterms.length !== d.reterms.length || design.reterms.some((t, i) => t.refs !== d.reterms[i]!.refs || t.z !== d.reterms[i]!.z)) {
      throw new Error('resetResponse: the design differs from this system\'s beyond its response (use withResponse or a new BlockedSystem)');
    }
    if (design.y.length !== d.n) throw new Error(`resetResponse: the response has ${design.y.length} values; the design has ${d.n} observations`);
    this.currentDesign = design;
    this.ok = false;
    this.setResponse(design.y);
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
