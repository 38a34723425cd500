/**
 * The blocks of the blocked system A = [Z X y]'[Z X y] (see blocked.ts): a chain block per level group of
 * the sparse terms, an absorbed first block, the dense tail; and what the scaling and elimination code
 * reads from the system. Types only, so the files of the blocked system can share them without circles.
 */
import type { LmmDesign } from './design';

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

/** The random-effects part of each observation's row of [Z_T X y], precomputed (ascending tail rows). */
export interface TailRows {
  qT: number;
  /** Entries per observation (sum of k over the tail terms). */
  w: number;
  /** n x w tail rows and values. */
  rowIdx: Int32Array;
  rowVal: Float64Array;
}

/** What scaling and elimination read from the blocked system (a BlockedSystem has it). */
export interface BlockSystemView {
  readonly design: LmmDesign;
  readonly chain: ChainBlock[];
  readonly tail: TailBlock;
  readonly lambda: Float64Array[];
  scratchTail(): Float64Array;
}
