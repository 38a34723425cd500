/**
 * Dense Cholesky factor (lower, L L' = A) of an m x m matrix held in the SIMD kernel's WebAssembly memory, by
 * a blocked right-looking algorithm. For each block column K of width nb: the diagonal block is factored (the
 * row-oriented Cholesky of cholRows.ts in JavaScript, nb x nb), the rows below it become L_IK = A_IK L_KK^-T
 * (a triangular multiply by -L_KK^-1: the kernel's `panel`), and the trailing lower triangle is updated,
 * A_IJ -= L_IK L_JK' (`syrkRows`), column chunk by column chunk so that the chunk's panel rows stay in the
 * core's cache. Almost all the flops are in the trailing update, whose 2 x 4 register tile runs dot products
 * of length nb from cache; the row-oriented envelope Cholesky instead streams every earlier row from memory
 * for each pair of rows. From m = 1024 on, a helper thread (denseHelper.ts) takes half of each panel and of
 * each trailing update (rows split so that the work is even), when it is running.
 * Returns -1 on success, otherwise the row where a non-positive pivot appeared.
 */
import { cholRows } from './cholRows';
import { denseHelper, OP_PANEL, OP_SYRK_ROWS, type DenseHelper } from './denseHelper';
import { invLower } from './invLower';
import type { TileKernel } from './tileKernel';

/** Block width nb (columns per panel). */
export const DENSE_BLOCK = 128;
/** Columns of the trailing update per kernel pass (their panel rows are reused from cache). */
const COLUMN_CHUNK = 512;
/** Smallest order for which the helper thread is used (below it, waking it costs more than it saves). */
export const HELPER_MIN_ORDER = 1024;

/** Bytes of work space cholDenseInKernel needs after the matrix (an m x nb panel and an nb x nb block). */
export function cholDenseScratchBytes(m: number): number {
  return (m * DENSE_BLOCK + DENSE_BLOCK * DENSE_BLOCK) * 8;
}

/**
 * Factors the matrix at byte offset `off` of `kernel.memory` (row-major, row stride m, lower triangle read
 * and written), using cholDenseScratchBytes(m) bytes of work space at `scratch`. Upper-triangle entries are
 * left undefined. `threads`: 2 to use the helper thread whenever it runs, 1 never; default from m = 1024.
 */
export function cholDenseInKernel(kernel: TileKernel, off: number, m: number, scratch: number, threads?: 1 | 2): number {
  const nb = DENSE_BLOCK;
  const mem = new Float64Array(kernel.memory.buffer);
  const base = off / 8;
  const ld = m * 8;
  const winv = scratch; // nb x nb: -L_KK^-1
  const panel = scratch + nb * nb * 8; // m x nb: the factored panel rows L_IK, contiguous
  const helper: DenseHelper | null = (threads ?? (m >= HELPER_MIN_ORDER ? 2 : 1)) === 2 ? denseHelper(kernel) : null;
  const zeros = new Int32Array(nb);
  const diag = new Float64Array(nb * nb);
  for (let k0 = 0; k0 < m; k0 += nb) {
    const kb = Math.min(nb, m - k0);
    const k1 = k0 + kb;
    // 1. The diagonal block (updated by all earlier panels already), in a contiguous copy.
    for (let r = 0; r < kb; r++) diag.set(mem.subarray(base + (k0 + r) * m + k0, base + (k0 + r) * m + k0 + r + 1), r * kb);
    const bad = cholRows(diag, 0, kb, zeros, null);
    if (bad >= 0) return k0 + bad;
    for (let r = 0; r < kb; r++) mem.set(diag.subarray(r * kb, r * kb + r + 1), base + (k0 + r) * m + k0);
    if (k1 >= m) break;
    const rows = m - k1;
    const inv = invLower(diag, kb, 0, kb);
    const w0 = winv / 8;
    for (let x = 0; x < kb * kb; x++) mem[w0 + x] = -inv[x]!;
    // 2. The panel below: L_IK = A_IK L_KK^-T (rows [k1, mid) here, [mid, m) on the helper).
    const a0 = off + (k1 * m + k0) * 8;
    const mid = helper ? rows >> 1 : rows;
    if (helper && mid < rows) helper.post(OP_PANEL, [a0 + mid * ld, ld, panel + mid * kb * 8, kb, winv, rows - mid]);
    kernel.panel(a0, ld, panel, kb, winv, mid);
    if (helper) helper.wait();
    // 3. The trailing lower triangle: A_IJ -= L_IK L_JK' (panel row i at panel + (i - k1) kb). Rows split
    //    where the triangle's area halves.
    const pa = panel - k1 * kb * 8;
    const split = helper ? Math.min(m, k1 + 2 * Math.round(rows / Math.SQRT2 / 2)) : m;
    if (helper && split < m) helper.post(OP_SYRK_ROWS, [off, ld, pa, kb * 8, split, m, k1, m, kb, COLUMN_CHUNK]);
    kernel.syrkRows(off, ld, pa, kb * 8, k1, split, k1, split, kb, COLUMN_CHUNK);
    if (helper) helper.wait();
  }
  return -1;
}
