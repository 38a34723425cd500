/**
 * The block structure of a linear mixed model's cross-products A = [Z X y]'[Z X y] (see blocked.ts): which
 * random-effects terms form the nested chain of block-diagonal blocks and which go to the dense tail, the
 * sparse links between them (patterns, parent levels) and the values of A in that layout, built once per
 * design without forming Z.
 */
import type { LmmDesign } from './design';
import { KERNEL_MAX_ORDER } from '../linalg/cholEnvelope';
import { groupedUpdate } from './absorbedBlock';
import { tailOrder } from './tailOrder';

export type { AbsorbedBlock, ChainBlock, TailBlock, TailRows } from './blockTypes';
import type { AbsorbedBlock, ChainBlock, TailBlock, TailRows } from './blockTypes';


/** Tail row index and value of each nonzero of one observation in [Z_T X y]. */
export function tailEntries(d: LmmDesign, tail: TailRows, row: number, idx: Int32Array, val: Float64Array): number {
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

export function tailRows(d: LmmDesign, terms: number[], base: Int32Array[], qT: number): TailRows {
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
export function buildBlocks(d: LmmDesign): { chain: ChainBlock[]; tail: TailBlock } {
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
  if (m > KERNEL_MAX_ORDER) {
    throw new Error(
      `the random-effects terms after the first (${tailTerms.map((t) => d.reterms[t]!.factor).join(', ')}) have ${qT} effects: too many for the dense block of this engine (limit ${KERNEL_MAX_ORDER - d.p - 1}: its ${KERNEL_MAX_ORDER}^2 entries fill the 4 GiB of WebAssembly memory)`,
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
