/**
 * Stage 2 of Kenward-Roger: how the random terms are split to avoid n x n matrices. The term with the
 * most effects ("term 1", Z1) makes V1 = I + Z1 Lambda1 Lambda1' Z1' block diagonal by its levels; all
 * other terms (Z2, q2 columns) form the dense block that enters V = V1 + Z2 Lambda2 Lambda2' Z2' by the
 * Woodbury identity. V = Sigma / sigma^2.
 */
import type { KrParameter } from './parameters';
import type { KrTerm } from './types';

/** One term of the dense block: its columns in Z2 start at `off`, nl levels of k columns, Lambda block `lam`. */
export interface KrDenseTerm {
  off: number;
  k: number;
  nl: number;
  lam: Float64Array;
}

/** The split of the random terms. */
export interface KrSplit {
  /** Index of term 1 (most effects nl k; the first such term on ties). */
  term1: number;
  /** Indices of the dense-block terms, in model order. */
  rest: number[];
  /** Offset of each term's columns in Z2 (-1 for term 1). */
  off2: number[];
  /** Columns of Z2. */
  q2: number;
  /** The dense-block terms (Lambda2 is block diagonal with these blocks). */
  blocks: KrDenseTerm[];
}

/**
 * Chooses term 1 and lays out Z2.
 * @example krSplit(terms).term1 // 0 for post:rater in the Lee et al. models
 */
export function krSplit(terms: KrTerm[]): KrSplit {
  let f = 0;
  terms.forEach((t, i) => {
    if (t.nl * t.k > terms[f]!.nl * terms[f]!.k) f = i;
  });
  const rest = terms.map((_, i) => i).filter((i) => i !== f);
  const off2 = new Array<number>(terms.length).fill(-1);
  let q2 = 0;
  for (const t of rest) {
    off2[t] = q2;
    q2 += terms[t]!.nl * terms[t]!.k;
  }
  const blocks = rest.map((t) => ({ off: off2[t]!, k: terms[t]!.k, nl: terms[t]!.nl, lam: terms[t]!.lambda }));
  return { term1: f, rest, off2, q2, blocks };
}

/** Indices (into `params`) of term 1's parameters and of the dense-block parameters. */
export function krParameterSides(params: KrParameter[], split: KrSplit): { term1: number[]; dense: number[] } {
  return {
    term1: params.map((q, i) => (q.term === split.term1 ? i : -1)).filter((i) => i >= 0),
    dense: params.map((q, i) => (q.term !== split.term1 ? i : -1)).filter((i) => i >= 0),
  };
}
