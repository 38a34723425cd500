/**
 * The absorbed first chain block (see ChainBlock.grouped): the decision whether to absorb it and the sums
 * S_g of its levels' outer products, per group of levels with the same Z_0'Z_0, in the layouts of the tail
 * and of the later chain blocks.
 */
import type { AbsorbedBlock, ChainBlock, TailBlock } from './blockTypes';

/**
 * The absorbed form of the first chain block (see ChainBlock.grouped), when it is a scalar term, its per-
 * evaluation cost (G passes over the later blocks) is at most half that of the per-level elimination, and
 * the sums need at most 256 MB.
 */
export function groupedUpdate(chain: ChainBlock[], tail: TailBlock): AbsorbedBlock | undefined {
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
export function absorbedSums(chain: ChainBlock[], of: Int32Array, G: number): Pick<AbsorbedBlock, 'diag' | 'cross' | 'tail'> {
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
