/**
 * The order of the dense tail's levels (which tail row each level of each tail term gets), chosen to keep
 * the envelope of its Cholesky factor small.
 */
import type { LmmDesign } from './design';

/**
 * Order of the tail's levels (term t, level l -> first tail row), chosen to keep the envelope of the dense
 * Cholesky small: reverse Cuthill-McKee over the graph whose edges join levels that meet in an observation
 * or in a level of the coarsest chain term (whose elimination makes them a clique); levels connected to
 * more than half of the others go last. Falls back to the natural order (terms in order, levels in order)
 * when the tail is small (at most 256 levels) or the graph is too large to build cheaply.
 */
export function tailOrder(d: LmmDesign, D: number, tailTerms: number[]): Int32Array[] {
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
