/**
 * The elimination kernels of the nested chain: factoring each chain block level by level and pushing its
 * updates into later chain blocks and the dense tail (forward), and solving for the chain's random effects
 * given the tail's solution (backward).
 */
import type { BlockSystemView, ChainBlock } from './blockTypes';
import { cholBlock, rdivLowerT } from '../linalg/index';

/**
 * u of chain block i given the tail solution w and u of the later chain blocks:
 * L_ii' u_i = c_u - L_Ti' w_T - sum_j L_ji' u_j[parent], per level.
 */
export function solveChainBlock(chain: ChainBlock[], i: number, w: Float64Array, u: Float64Array[]): void {
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
export function eliminateChainBlock(sys: BlockSystemView, i: number, T: Float64Array, m: number): boolean {
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
