import { cholDenseInKernel, cholDenseScratchBytes } from './cholDense';
import { cholRows } from './cholRows';
import { CONTROL_BYTES, CONTROL_SIZE } from './denseHelper';
import { tileKernel } from './tileKernel';

/** Smallest order factored by the tiled row-oriented algorithm (below it, the kernel's potrf: one row at a time). */
export const SIMD_MIN_ORDER = 48;
/** Bytes before the matrix in the kernel's memory (the tile's 8 results, then the helper's control block). */
const OUT_BYTES = CONTROL_BYTES + CONTROL_SIZE;
/**
 * Largest order the SIMD kernel can factor: the matrix and the blocked algorithm's work space must fit the
 * 4 GiB that 32-bit WebAssembly memory can address (m = 23,106; about 4.3 GB per m x m array).
 */
export const KERNEL_MAX_ORDER = maxOrderIn(65536 * 65536);

/** Smallest order for which a (nearly) dense matrix is factored by the blocked algorithm (cholDense.ts). */
export const BLOCKED_MIN_ORDER = 192;
/**
 * Smallest share of the dense factorization's work that the envelope's work must reach for the blocked
 * algorithm to be used (a narrower envelope, e.g. a band, is cheaper row by row: its rows stay in cache).
 */
export const BLOCKED_MIN_WORK = 0.75;

/**
 * In-place Cholesky factor (lower, L L' = A) of a dense m x m symmetric positive-definite matrix stored
 * row-major, exploiting its envelope: `first[i]` is the column of the first structural nonzero in row i
 * (first[i] <= i); entries left of it must be zero and stay zero (fill-in stays inside the envelope).
 * Nested designs give narrow envelopes; crossed designs are dense (first = 0).
 *
 * Row-oriented (Crout): two rows against four earlier rows at a time, so the inner loop is a register-tiled
 * set of eight contiguous dot products (6 loads for 8 multiply-adds). Entries left of a row's envelope are
 * read as the zeros they are, which lets a tile use the union of its rows' envelopes. The matrix is copied
 * into the SIMD kernel's WebAssembly memory (tileKernel.ts): below m = 48 it is factored there row by row
 * (`potrf`: compiled once per process, so even the first call runs at full speed, where JavaScript would be
 * interpreted until it is compiled); from m = 48 the long tile dot products run in the kernel (about twice
 * as fast as JavaScript; the same algorithm, sums in a different order). A large matrix whose envelope holds
 * nearly all the work of a dense one (from m = 192, at least 3/4 of it) is factored as dense by the blocked
 * algorithm of cholDense.ts instead (its zeros left of the envelope stay exact zeros): for each pair of rows
 * the row-oriented loop streams every earlier row from memory, the blocked one works from cache (about twice
 * as fast at m = 5000). Without WebAssembly SIMD, all of it runs in JavaScript (`simd: false` forces that).
 * Returns -1 on success, otherwise the row where a nonpositive pivot appeared.
 * @example cholEnvelope(a, 3, Int32Array.of(0, 0, 0))  // plain dense Cholesky of a 3 x 3 matrix
 */
export function cholEnvelope(a: Float64Array, m: number, first: Int32Array, options: { simd?: boolean; method?: 'small' | 'rows' | 'blocked'; threads?: 1 | 2 } = {}): number {
  const kernel = options.simd !== false ? tileKernel() : null;
  if (!kernel) return cholRows(a, 0, m, first, null);
  const method = options.method ?? (m < SIMD_MIN_ORDER ? 'small' : m >= BLOCKED_MIN_ORDER && envelopeWorkShare(first) >= BLOCKED_MIN_WORK ? 'blocked' : 'rows');
  const matrixBytes = m * m * 8;
  const extra = method === 'blocked' ? cholDenseScratchBytes(m) : method === 'small' ? 4 * m : 0;
  const need = OUT_BYTES + matrixBytes + extra;
  const have = kernel.memory.buffer.byteLength;
  if (have < need) kernel.memory.grow(Math.ceil((need - have) / 65536));
  const mem = new Float64Array(kernel.memory.buffer);
  const off = OUT_BYTES / 8;
  if (method === 'rows') {
    // Each row from the first column any tile reads it at (zeros left of its own envelope included): a narrow
    // envelope copies a small part of the triangle (cholRows reads row r only from columns >= readFrom[r]).
    const from = readFrom(first);
    for (let r = 0; r < m; r++) copyRange(mem, off + r * m, a, r * m, from[r]!, r + 1);
  } else {
    // Rows 0..r of each row (the blocked algorithm reads the whole triangle; zeros left of the envelope included).
    for (let r = 0; r < m; r++) mem.set(a.subarray(r * m, r * m + r + 1), off + r * m);
  }
  let res: number;
  if (method === 'blocked') {
    res = cholDenseInKernel(kernel, OUT_BYTES, m, OUT_BYTES + matrixBytes, options.threads);
  } else if (method === 'small') {
    new Int32Array(kernel.memory.buffer, OUT_BYTES + matrixBytes, m).set(first);
    res = kernel.potrf(OUT_BYTES, m, OUT_BYTES + matrixBytes);
  } else {
    res = cholRows(mem, off, m, first, kernel);
  }
  for (let r = 0; r < m; r++) copyRange(a, r * m, mem, off + r * m, first[r]!, r + 1);
  return res;
}

/** dst[d + c] = src[s + c] for from <= c < to (a loop: short envelope rows copy faster than with subarray + set). */
function copyRange(dst: Float64Array, d: number, src: Float64Array, s: number, from: number, to: number): void {
  if (to - from > 64) {
    dst.set(src.subarray(s + from, s + to), d + from);
    return;
  }
  for (let c = from; c < to; c++) dst[d + c] = src[s + c]!;
}

/**
 * The first column at which cholRows reads each row: a row is read together with its pair partner (rows i,
 * i + 1) and within a tile of four consecutive rows, from the smallest envelope start among them, so from
 * min(first[r - 3 .. r + 3]) at the lowest (entries between that and first[r] are the zeros of `a`).
 */
function readFrom(first: Int32Array): Int32Array {
  const m = first.length;
  const out = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    let lo = first[r]!;
    const end = Math.min(m - 1, r + 3);
    for (let x = Math.max(0, r - 3); x <= end; x++) if (first[x]! < lo) lo = first[x]!;
    out[r] = lo;
  }
  return out;
}

/** Multiply-adds of the envelope factorization relative to the dense one (about sum of (i - first_i)^2 / 2 vs m^3 / 6). */
function envelopeWorkShare(first: Int32Array): number {
  const m = first.length;
  let env = 0;
  let dense = 0;
  for (let r = 0; r < m; r++) {
    const w = r - first[r]!;
    env += w * w;
    dense += r * r;
  }
  return dense > 0 ? env / dense : 1;
}

/** Largest m with OUT_BYTES + 8 m^2 + cholDenseScratchBytes(m) <= bytes. */
function maxOrderIn(bytes: number): number {
  let m = Math.floor(Math.sqrt(bytes / 8));
  while (m > 0 && OUT_BYTES + m * m * 8 + cholDenseScratchBytes(m) > bytes) m--;
  return m;
}
