import { SIMD_MIN_ORDER } from './cholEnvelope';
import { tileKernel, type TileKernel } from './tileKernel';

/** Shortest dot product handed to the SIMD kernel (shorter ones stay in JavaScript). */
const SIMD_MIN_LENGTH = 12;
/** Bytes before the work area in the kernel's memory (its 8 results). */
const OUT_BYTES = 64;

/**
 * The inverse A^-1 = L^-T L^-1 of a symmetric positive-definite m x m matrix from its lower Cholesky
 * factor L (row-major at l[loff ...], lower triangle read), written in full (both triangles) to
 * out[ooff ...] (m x m row-major). Used where the entries of A^-1 are needed, not a solve (selected
 * inverses for gradients, conditional variances).
 *
 * Two passes of contiguous dot products, each m^3 / 6 multiply-adds: W = L^-T (upper triangular, row j of
 * W = column j of L^-1; W[j, i] = -(L[i, j..i-1] . W[j, j..i-1]) / L[i, i]), then
 * (A^-1)[a, b] = W[a, b..] . W[b, b..] for a <= b. Both run on the register tile of cholEnvelope (two rows
 * against four rows, zeros below W's diagonal read as zeros) and, from m = 48 on, in its WebAssembly SIMD
 * kernel (tileKernel.ts).
 * @example const l = Float64Array.of(2, 0, 1, 2); const inv = new Float64Array(4); cholInverse(l, 0, 2, inv); // inv of [[4, 2], [2, 5]] = [0.3125, -0.125, -0.125, 0.25]
 */
export function cholInverse(l: Float64Array, loff: number, m: number, out: Float64Array, ooff = 0, options: { simd?: boolean } = {}): void {
  if (m === 0) return;
  const kernel = m >= SIMD_MIN_ORDER && options.simd !== false ? tileKernel() : null;
  // Work area: L (copied) then W, m x m each, in the kernel's memory or in a JavaScript array.
  let a: Float64Array;
  let base: number;
  if (kernel) {
    const need = OUT_BYTES + 2 * m * m * 8;
    const have = kernel.memory.buffer.byteLength;
    if (have < need) kernel.memory.grow(Math.ceil((need - have) / 65536));
    a = new Float64Array(kernel.memory.buffer);
    base = OUT_BYTES / 8;
  } else {
    a = new Float64Array(2 * m * m);
    base = 0;
  }
  const L = base;
  const W = base + m * m;
  for (let r = 0; r < m; r++) a.set(l.subarray(loff + r * m, loff + r * m + r + 1), L + r * m);
  a.fill(0, W, W + m * m);
  const res = new Float64Array(8);
  const dots = tileDots(a, kernel, res);
  inverseTransposed(a, L, W, m, dots, res);
  crossprodUpper(a, W, m, out, ooff, dots, res);
}

/**
 * res[c] = a[pi..pi+n) . a[pj + c m ..), res[4 + c] = a[pi1..pi1+n) . a[pj + c m ..) for c = 0..3 (element
 * offsets; rows of stride m): in the SIMD kernel when given and n is long enough, else in JavaScript.
 */
type Dots = (pi: number, pi1: number, pj: number, m: number, n: number) => void;

function tileDots(a: Float64Array, kernel: TileKernel | null, res: Float64Array): Dots {
  return (pi, pi1, pj, m, n) => {
    if (kernel && n >= SIMD_MIN_LENGTH) {
      kernel.tile(pi * 8, pi1 * 8, pj * 8, m * 8, n, 0);
      for (let c = 0; c < 8; c++) res[c] = a[c]!;
      return;
    }
    const r0 = pj;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (let k = 0; k < n; k++) {
      const x = a[pi + k]!;
      const y = a[pi1 + k]!;
      const b0 = a[r0 + k]!;
      const b1 = a[r1 + k]!;
      const b2 = a[r2 + k]!;
      const b3 = a[r3 + k]!;
      s0 += x * b0;
      s1 += x * b1;
      s2 += x * b2;
      s3 += x * b3;
      t0 += y * b0;
      t1 += y * b1;
      t2 += y * b2;
      t3 += y * b3;
    }
    res[0] = s0;
    res[1] = s1;
    res[2] = s2;
    res[3] = s3;
    res[4] = t0;
    res[5] = t1;
    res[6] = t2;
    res[7] = t3;
  };
}

/** W = L^-T (upper, row-major at a[W ...]; zeros below the diagonal stay zero), two rows of L at a time. */
function inverseTransposed(a: Float64Array, L: number, W: number, m: number, dots: Dots, res: Float64Array): void {
  const dot = (p: number, q: number, n: number) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[p + k]! * a[q + k]!;
    return s;
  };
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const li = L + i * m;
    const li1 = li + m;
    const dii = a[li + i]!;
    const d11 = a[li1 + i + 1]!;
    const lc = a[li1 + i]!; // L[i + 1, i]
    let j = 0;
    // W[j.., i] from L[i, j..i-1] and W[j.., i + 1] from L[i + 1, j..i]: the tile covers k < i.
    for (; j + 3 < i; j += 4) {
      dots(li + j, li1 + j, W + j * m + j, m, i - j);
      for (let c = 0; c < 4; c++) {
        const wr = W + (j + c) * m;
        const wi = -res[c]! / dii;
        a[wr + i] = wi;
        a[wr + i + 1] = -(res[4 + c]! + lc * wi) / d11;
      }
    }
    for (; j < i; j++) {
      const wr = W + j * m;
      const wi = -dot(li + j, wr + j, i - j) / dii;
      a[wr + i] = wi;
      a[wr + i + 1] = -(dot(li1 + j, wr + j, i - j) + lc * wi) / d11;
    }
    const wii = 1 / dii;
    a[W + i * m + i] = wii;
    a[W + i * m + i + 1] = -(lc * wii) / d11;
    a[W + (i + 1) * m + i + 1] = 1 / d11;
  }
  if (i < m) {
    // The last row when m is odd.
    const li = L + i * m;
    const dii = a[li + i]!;
    for (let j = 0; j < i; j++) a[W + j * m + i] = -dot(li + j, W + j * m + j, i - j) / dii;
    a[W + i * m + i] = 1 / dii;
  }
}

/** out = W W' in full, W upper (row-major at a[W ...]): entry (p, q), p <= q, is W[p, q..] . W[q, q..]. */
function crossprodUpper(a: Float64Array, W: number, m: number, out: Float64Array, ooff: number, dots: Dots, res: Float64Array): void {
  const dot = (p: number, q: number, n: number) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[p + k]! * a[q + k]!;
    return s;
  };
  const put = (p: number, q: number, v: number) => {
    out[ooff + p * m + q] = v;
    out[ooff + q * m + p] = v;
  };
  let p = 0;
  for (; p + 1 < m; p += 2) {
    const wp = W + p * m;
    const wp1 = wp + m;
    // The 2 x 2 corner: rows p, p + 1 from column p (W[p + 1, p] = 0).
    put(p, p, dot(wp + p, wp + p, m - p));
    put(p, p + 1, dot(wp + p + 1, wp1 + p + 1, m - p - 1));
    put(p + 1, p + 1, dot(wp1 + p + 1, wp1 + p + 1, m - p - 1));
    let q = p + 2;
    for (; q + 3 < m; q += 4) {
      dots(wp + q, wp1 + q, W + q * m + q, m, m - q);
      for (let c = 0; c < 4; c++) {
        put(p, q + c, res[c]!);
        put(p + 1, q + c, res[4 + c]!);
      }
    }
    for (; q < m; q++) {
      put(p, q, dot(wp + q, W + q * m + q, m - q));
      put(p + 1, q, dot(wp1 + q, W + q * m + q, m - q));
    }
  }
  if (p < m) put(p, p, dot(W + p * m + p, W + p * m + p, m - p));
}
