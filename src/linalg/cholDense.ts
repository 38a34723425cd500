/**
 * Dense Cholesky factor (lower, L L' = A) of an m x m matrix held in the SIMD kernel's WebAssembly memory, by
 * a blocked right-looking algorithm. For each block column K of width nb: the diagonal block is factored (the
 * row-oriented Cholesky of cholRows.ts in JavaScript, nb x nb), the rows below it become L_IK = A_IK L_KK^-T (a triangular
 * multiply by -L_KK^-1 in the kernel's `gemm`), and the trailing lower triangle is updated, A_IJ -= L_IK L_JK'
 * (`syrk`), column chunk by column chunk so that the chunk's panel rows stay in the core's cache.
 * Almost all the flops are in `syrk`, whose 2 x 4 register tile runs dot products of length nb from cache;
 * the row-oriented envelope Cholesky instead streams every earlier row from memory for each pair of rows.
 * Returns -1 on success, otherwise the row where a non-positive pivot appeared.
 */
import { cholRows } from './cholRows';
import { invLower } from './invLower';
import type { TileKernel } from './tileKernel';

/** Block width nb (columns per panel). */
export const DENSE_BLOCK = 128;
/** Columns of the trailing update per kernel call (their panel rows are reused from cache). */
const COLUMN_CHUNK = 512;

/** Bytes of work space cholDenseInKernel needs after the matrix (two m x nb panels and an nb x nb block). */
export function cholDenseScratchBytes(m: number): number {
  return (2 * m * DENSE_BLOCK + DENSE_BLOCK * DENSE_BLOCK) * 8;
}

/**
 * Factors the matrix at byte offset `off` of `kernel.memory` (row-major, row stride m, lower triangle read
 * and written), using cholDenseScratchBytes(m) bytes of work space at `scratch`. Upper-triangle entries are
 * left undefined.
 */
export function cholDenseInKernel(kernel: TileKernel, off: number, m: number, scratch: number): number {
  const nb = DENSE_BLOCK;
  const mem = new Float64Array(kernel.memory.buffer);
  const base = off / 8;
  const panel = scratch; // m x nb: the factored panel rows L_IK, contiguous
  const winv = scratch + m * nb * 8; // nb x nb: -L_KK^-1
  const zeros = new Int32Array(nb);
  const diag = new Float64Array(nb * nb);
  for (let k0 = 0; k0 < m; k0 += nb) {
    const kb = Math.min(nb, m - k0);
    const k1 = k0 + kb;
    // 1. The diagonal block (updated by all earlier panels already).
    for (let r = 0; r < kb; r++) diag.set(mem.subarray(base + (k0 + r) * m + k0, base + (k0 + r) * m + k0 + r + 1), r * kb);
    const bad = cholRows(diag, 0, kb, zeros, null);
    if (bad >= 0) return k0 + bad;
    for (let r = 0; r < kb; r++) mem.set(diag.subarray(r * kb, r * kb + r + 1), base + (k0 + r) * m + k0);
    if (k1 >= m) break;
    // 2. The panel below: L_IK = A_IK L_KK^-T, computed into the contiguous panel, then copied back.
    const rows = m - k1;
    const inv = invLower(diag, kb, 0, kb);
    const w0 = winv / 8;
    for (let x = 0; x < kb * kb; x++) mem[w0 + x] = -inv[x]!;
    const p0 = panel / 8;
    mem.fill(0, p0, p0 + rows * kb);
    kernel.gemm(panel, kb * 8, off + (k1 * m + k0) * 8, m * 8, winv, kb * 8, rows, kb, kb, 1);
    for (let r = 0; r < rows; r++) mem.copyWithin(base + (k1 + r) * m + k0, p0 + r * kb, p0 + r * kb + kb);
    // 3. The trailing lower triangle: A_IJ -= L_IK L_JK' (panel row i at panel + (i - k1) kb).
    const a = panel - k1 * kb * 8;
    for (let c0 = k1; c0 < m; c0 += COLUMN_CHUNK) kernel.syrk(off, m * 8, a, kb * 8, c0, m, c0, Math.min(m, c0 + COLUMN_CHUNK), kb);
  }
  return -1;
}
