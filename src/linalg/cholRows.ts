/**
 * The row-oriented (Crout) envelope Cholesky itself, on a matrix at a[off ...] (see cholEnvelope for the
 * layout and the envelope): two rows against four earlier rows at a time, the long tile dot products in the
 * SIMD kernel when one is given (its memory must then be a's buffer).
 */
import type { TileKernel } from './tileKernel';

/** Shortest dot product handed to the kernel (shorter ones stay in JavaScript). */
const SIMD_MIN_LENGTH = 12;

/** The factorization of the matrix at a[off ...]; tile dot products in `kernel` (memory = a's buffer) when given. */
export function cholRows(a: Float64Array, off: number, m: number, first: Int32Array, kernel: TileKernel | null): number {
  const tile = kernel ? kernel.tile : null;
  const stride = m * 8;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const ri = off + i * m;
    const ri1 = ri + m;
    const fi = first[i]!;
    const fi1 = first[i + 1]!;
    const fr = fi < fi1 ? fi : fi1;
    let j = fr;
    for (; j + 3 < i; j += 4) {
      let k0 = first[j]!;
      const f1 = first[j + 1]!;
      const f2 = first[j + 2]!;
      const f3 = first[j + 3]!;
      if (f1 < k0) k0 = f1;
      if (f2 < k0) k0 = f2;
      if (f3 < k0) k0 = f3;
      if (fr > k0) k0 = fr;
      const r0 = off + j * m;
      const r1 = r0 + m;
      const r2 = r1 + m;
      const r3 = r2 + m;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      if (tile && j - k0 >= SIMD_MIN_LENGTH) {
        tile((ri + k0) * 8, (ri1 + k0) * 8, (r0 + k0) * 8, stride, j - k0, 0);
        s0 = a[0]!;
        s1 = a[1]!;
        s2 = a[2]!;
        s3 = a[3]!;
        t0 = a[4]!;
        t1 = a[5]!;
        t2 = a[6]!;
        t3 = a[7]!;
      } else {
        for (let k = k0; k < j; k++) {
          const x = a[ri + k]!;
          const y = a[ri1 + k]!;
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
      }
      // The 4 x 4 triangle of rows j..j+3.
      const l10 = a[r1 + j]!;
      const l20 = a[r2 + j]!;
      const l21 = a[r2 + j + 1]!;
      const l30 = a[r3 + j]!;
      const l31 = a[r3 + j + 1]!;
      const l32 = a[r3 + j + 2]!;
      const d0 = a[r0 + j]!;
      const d1 = a[r1 + j + 1]!;
      const d2 = a[r2 + j + 2]!;
      const d3 = a[r3 + j + 3]!;
      const v0 = (a[ri + j]! - s0) / d0;
      const v1 = (a[ri + j + 1]! - s1 - v0 * l10) / d1;
      const v2 = (a[ri + j + 2]! - s2 - v0 * l20 - v1 * l21) / d2;
      a[ri + j] = v0;
      a[ri + j + 1] = v1;
      a[ri + j + 2] = v2;
      a[ri + j + 3] = (a[ri + j + 3]! - s3 - v0 * l30 - v1 * l31 - v2 * l32) / d3;
      const w0 = (a[ri1 + j]! - t0) / d0;
      const w1 = (a[ri1 + j + 1]! - t1 - w0 * l10) / d1;
      const w2 = (a[ri1 + j + 2]! - t2 - w0 * l20 - w1 * l21) / d2;
      a[ri1 + j] = w0;
      a[ri1 + j + 1] = w1;
      a[ri1 + j + 2] = w2;
      a[ri1 + j + 3] = (a[ri1 + j + 3]! - t3 - w0 * l30 - w1 * l31 - w2 * l32) / d3;
    }
    for (; j < i; j++) {
      const rj = off + j * m;
      const fj = first[j]!;
      const k0 = fr > fj ? fr : fj;
      let s = a[ri + j]!;
      let t = a[ri1 + j]!;
      for (let k = k0; k < j; k++) {
        const b = a[rj + k]!;
        s -= a[ri + k]! * b;
        t -= a[ri1 + k]! * b;
      }
      a[ri + j] = s / a[rj + j]!;
      a[ri1 + j] = t / a[rj + j]!;
    }
    // Diagonal of row i, then row i + 1's entry in column i and its diagonal.
    let d = a[ri + i]!;
    for (let k = fr; k < i; k++) d -= a[ri + k]! * a[ri + k]!;
    if (!(d > 0)) return i;
    const lii = Math.sqrt(d);
    a[ri + i] = lii;
    let s = a[ri1 + i]!;
    for (let k = fr; k < i; k++) s -= a[ri1 + k]! * a[ri + k]!;
    a[ri1 + i] = s / lii;
    let d1 = a[ri1 + i + 1]!;
    for (let k = fr; k <= i; k++) d1 -= a[ri1 + k]! * a[ri1 + k]!;
    if (!(d1 > 0)) return i + 1;
    a[ri1 + i + 1] = Math.sqrt(d1);
  }
  if (i < m) {
    // The last row when m is odd.
    const ri = off + i * m;
    const fi = first[i]!;
    for (let j = fi; j < i; j++) {
      const rj = off + j * m;
      const fj = first[j]!;
      const k0 = fi > fj ? fi : fj;
      let s = a[ri + j]!;
      for (let k = k0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / a[rj + j]!;
    }
    let d = a[ri + i]!;
    for (let k = fi; k < i; k++) d -= a[ri + k]! * a[ri + k]!;
    if (!(d > 0)) return i;
    a[ri + i] = Math.sqrt(d);
  }
  return -1;
}
