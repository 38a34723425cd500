/** Linear algebra kernels, checked by reconstruction (L L' = A, L L^-1 = I, A x = b, V D V' = A). */
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backSolveEnvelope, cholBlock, cholEnvelope, congruence, crossprodLowerInv, invLower, luSolve, rdivLowerT, symmetricEigen } from '../../src/linalg/index';
import { BLOCKED_MIN_ORDER, SIMD_MIN_ORDER } from '../../src/linalg/cholEnvelope';
import { DENSE_BLOCK } from '../../src/linalg/cholDense';
import { denseHelperRunning, startDenseHelper } from '../../src/linalg/denseHelper';
import { decodeBase64, TILE_KERNEL_BASE64, tileKernel } from '../../src/linalg/tileKernel';
import { createRng } from '../../src/stats/random';
import { fromRoot } from '../../src/util/paths';
import { textbookCholesky } from '../model/helpers';

/** A random SPD matrix with the given envelope (first nonzero column per row), row-major. */
function spdWithEnvelope(m: number, first: Int32Array, seed: number): Float64Array {
  const rng = createRng(seed);
  // A = B B' + m I with B lower and B[i][j] = 0 left of first[i]: fill stays in the envelope.
  const B = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = first[i]!; j <= i; j++) B[i * m + j] = rng.normal();
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += B[i * m + k]! * B[j * m + k]!;
      A[i * m + j] = s + (i === j ? m : 0);
      A[j * m + i] = A[i * m + j]!;
    }
  }
  return A;
}

function maxReconstructionError(A: Float64Array, L: Float64Array, m: number): number {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[i * m + k]! * L[j * m + k]!;
      worst = Math.max(worst, Math.abs(s - A[i * m + j]!) / Math.max(1, Math.abs(A[i * m + j]!)));
    }
  }
  return worst;
}

describe('Cholesky', () => {
  it('factors a 2 x 2 block exactly', () => {
    const a = Float64Array.of(4, 2, 2, 5);
    expect(cholBlock(a, 0, 2)).toBe(true);
    expect([a[0], a[2], a[3]]).toEqual([2, 1, 2]);
    expect(cholBlock(Float64Array.of(1, 2, 2, 1), 0, 2)).toBe(false);
  });

  it('envelope Cholesky reconstructs A for dense and banded envelopes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 1e6 }), (m, band, seed) => {
        const first = Int32Array.from({ length: m }, (_, i) => (band === 0 ? 0 : Math.max(0, i - band)));
        const A = spdWithEnvelope(m, first, seed);
        const L = Float64Array.from(A);
        expect(cholEnvelope(L, m, first)).toBe(-1);
        for (let i = 0; i < m; i++) for (let j = 0; j < first[i]!; j++) expect(L[i * m + j]).toBe(0);
        expect(maxReconstructionError(A, L, m)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('reports the row of a non-positive pivot', () => {
    const A = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, -1);
    expect(cholEnvelope(A, 3, Int32Array.of(0, 0, 0))).toBe(2);
  });
});

describe('Cholesky with the WebAssembly SIMD kernel', () => {
  it('the kernel instantiates (WebAssembly SIMD is available in Node 20)', () => {
    expect(tileKernel()).not.toBeNull();
  });

  it('embedded base64 decodes to the same bytes as Buffer does, and is a wasm module', () => {
    const bytes = decodeBase64(TILE_KERNEL_BASE64);
    expect(Array.from(bytes)).toEqual(Array.from(Buffer.from(TILE_KERNEL_BASE64, 'base64')));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  let wat2wasm = true;
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'ignore' });
  } catch {
    wat2wasm = false;
  }
  it.skipIf(!wat2wasm)('the embedded binary is tileKernel.wat assembled (wat2wasm installed)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tile-')), 'k.wasm');
    execFileSync('wat2wasm', ['--enable-threads', fromRoot('src/linalg/tileKernel.wat'), '-o', out]);
    expect(readFileSync(out).toString('base64')).toBe(TILE_KERNEL_BASE64);
  });

  it('agrees with a textbook Cholesky on random SPD matrices: dense, banded and irregular envelopes', () => {
    const rng = createRng(11);
    for (const m of [SIMD_MIN_ORDER, 49, 64, 97, 160]) {
      for (const shape of ['dense', 'band', 'irregular'] as const) {
        const first = Int32Array.from({ length: m }, (_, i) =>
          shape === 'dense' ? 0 : shape === 'band' ? Math.max(0, i - 17) : i < 3 ? 0 : rng.int(i + 1),
        );
        const A = spdWithEnvelope(m, first, 1000 + m);
        const ref = textbookCholesky(A, m);
        const fast = Float64Array.from(A);
        const plain = Float64Array.from(A);
        expect(cholEnvelope(fast, m, first)).toBe(-1);
        expect(cholEnvelope(plain, m, first, { simd: false })).toBe(-1);
        let worst = 0;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j <= i; j++) {
            const scale = Math.max(1, Math.abs(ref[i * m + j]!));
            worst = Math.max(worst, Math.abs(fast[i * m + j]! - ref[i * m + j]!) / scale, Math.abs(plain[i * m + j]! - ref[i * m + j]!) / scale);
          }
          for (let j = 0; j < first[i]!; j++) expect(fast[i * m + j]).toBe(0);
          // The upper triangle is left as it was.
          for (let j = i + 1; j < m; j++) expect(fast[i * m + j]).toBe(A[i * m + j]);
        }
        expect(worst, `m = ${m}, ${shape}`).toBeLessThan(1e-12);
      }
    }
  });

  it('small matrices are factored in the kernel (potrf): textbook agreement on irregular envelopes, pivot rows', () => {
    const rng = createRng(41);
    for (const m of [1, 2, 7, 22, SIMD_MIN_ORDER - 1]) {
      const first = Int32Array.from({ length: m }, (_, i) => (i < 2 ? 0 : rng.int(i + 1)));
      const A = spdWithEnvelope(m, first, 300 + m);
      const ref = textbookCholesky(A, m);
      const wasm = Float64Array.from(A);
      expect(cholEnvelope(wasm, m, first, { method: 'small' })).toBe(-1);
      let worst = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) worst = Math.max(worst, Math.abs(wasm[i * m + j]! - ref[i * m + j]!) / Math.max(1, Math.abs(ref[i * m + j]!)));
      expect(worst, `m = ${m}`).toBeLessThan(1e-12);
      for (let i = 0; i < m; i++) for (let j = 0; j < first[i]!; j++) expect(wasm[i * m + j]).toBe(0);
    }
    const A = spdWithEnvelope(10, new Int32Array(10), 9);
    A[6 * 10 + 6] = -5;
    expect(cholEnvelope(A, 10, new Int32Array(10), { method: 'small' })).toBe(6);
    const nan = Float64Array.of(1, 0, 0, NaN);
    expect(cholEnvelope(nan, 2, new Int32Array(2), { method: 'small' })).toBe(1);
  });

  it('reports the row of a non-positive pivot on the kernel path, and the kernel memory is reused across sizes', () => {
    for (const m of [200, 60]) {
      const A = new Float64Array(m * m);
      for (let i = 0; i < m; i++) A[i * m + i] = 1;
      A[51 * m + 51] = -1;
      expect(cholEnvelope(A, m, new Int32Array(m))).toBe(51);
    }
  });
});

describe('blocked dense Cholesky (cholDense.ts) and its kernels', () => {
  it('agrees with a textbook Cholesky: dense, banded and irregular envelopes, partial last blocks', () => {
    const rng = createRng(23);
    for (const m of [BLOCKED_MIN_ORDER, 2 * DENSE_BLOCK + 1, 2 * DENSE_BLOCK + 47]) {
      for (const shape of ['dense', 'band', 'irregular'] as const) {
        const first = Int32Array.from({ length: m }, (_, i) =>
          shape === 'dense' ? 0 : shape === 'band' ? Math.max(0, i - 70) : i < 3 ? 0 : rng.int(i + 1),
        );
        const A = spdWithEnvelope(m, first, 2000 + m);
        const ref = textbookCholesky(A, m);
        const L = Float64Array.from(A);
        expect(cholEnvelope(L, m, first, { method: 'blocked' })).toBe(-1);
        let worst = 0;
        let nonzeroLeft = 0;
        let upperChanged = 0;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j <= i; j++) worst = Math.max(worst, Math.abs(L[i * m + j]! - ref[i * m + j]!) / Math.max(1, Math.abs(ref[i * m + j]!)));
          for (let j = 0; j < first[i]!; j++) if (L[i * m + j] !== 0) nonzeroLeft++;
          for (let j = i + 1; j < m; j++) if (L[i * m + j] !== A[i * m + j]) upperChanged++;
        }
        expect(worst, `m = ${m}, ${shape}`).toBeLessThan(1e-12);
        expect([nonzeroLeft, upperChanged]).toEqual([0, 0]);
      }
    }
  });

  it('is chosen for a large dense matrix and not for a narrow band (same result as the forced method)', () => {
    const m = 256;
    for (const [band, method] of [[m, 'blocked'], [20, 'rows']] as const) {
      const first = Int32Array.from({ length: m }, (_, i) => Math.max(0, i - band));
      const A = spdWithEnvelope(m, first, 77);
      const auto = Float64Array.from(A);
      const forced = Float64Array.from(A);
      const other = Float64Array.from(A);
      cholEnvelope(auto, m, first);
      cholEnvelope(forced, m, first, { method });
      cholEnvelope(other, m, first, { method: method === 'rows' ? 'blocked' : 'rows' });
      expect(Array.from(auto)).toEqual(Array.from(forced));
      expect(Array.from(auto)).not.toEqual(Array.from(other)); // sums in another order: the methods are told apart
    }
  });

  it('reports the row of a non-positive pivot in the first and in a later block', () => {
    const m = 2 * DENSE_BLOCK + 10;
    for (const bad of [5, DENSE_BLOCK + 3, m - 1]) {
      const A = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) A[i * m + j] = i === j ? 2 : 0.5 / m;
      A[bad * m + bad] = -1;
      expect(cholEnvelope(A, m, new Int32Array(m), { method: 'blocked' })).toBe(bad);
    }
  });

  it('with the helper thread: the same factor bit for bit (each entry is summed in the same order)', async () => {
    expect(await startDenseHelper(tileKernel()!)).toBe(true);
    expect(denseHelperRunning()).toBe(true);
    for (const m of [3 * DENSE_BLOCK + 5, 2 * DENSE_BLOCK]) {
      const A = spdWithEnvelope(m, new Int32Array(m), 500 + m);
      const one = Float64Array.from(A);
      const two = Float64Array.from(A);
      expect(cholEnvelope(one, m, new Int32Array(m), { method: 'blocked', threads: 1 })).toBe(-1);
      expect(cholEnvelope(two, m, new Int32Array(m), { method: 'blocked', threads: 2 })).toBe(-1);
      expect(Array.from(two)).toEqual(Array.from(one));
    }
    const m = 2 * DENSE_BLOCK + 10;
    const bad = new Float64Array(m * m);
    for (let i = 0; i < m; i++) bad[i * m + i] = i === DENSE_BLOCK + 7 ? -1 : 1;
    expect(cholEnvelope(bad, m, new Int32Array(m), { method: 'blocked', threads: 2 })).toBe(DENSE_BLOCK + 7);
  });

  it('gemm (plain and with a lower-triangular B) and syrk match dense loops, odd sizes included', () => {
    const kernel = tileKernel()!;
    const rng = createRng(31);
    const need = 3 * 64 * 64 * 8 + 4096;
    if (kernel.memory.buffer.byteLength < need) kernel.memory.grow(Math.ceil(need / 65536));
    const mem = new Float64Array(kernel.memory.buffer);
    const [cOff, aOff, bOff] = [512, 512 + 64 * 64, 512 + 2 * 64 * 64]; // in doubles
    for (const [rows, cols, k, tri] of [[7, 9, 5, 0], [6, 8, 13, 1], [9, 11, 11, 1], [1, 3, 1, 0]] as const) {
      const ld = 64;
      const C0 = Float64Array.from({ length: rows * ld }, () => rng.normal());
      const A = Float64Array.from({ length: rows * ld }, () => rng.normal());
      // With tri = 1, B is lower triangular (the kernel may read its zeros above the diagonal).
      const B = Float64Array.from({ length: cols * ld }, (_, x) => (tri && x % ld > Math.floor(x / ld) ? 0 : rng.normal()));
      mem.set(C0, cOff);
      mem.set(A, aOff);
      mem.set(B, bOff);
      kernel.gemm(cOff * 8, ld * 8, aOff * 8, ld * 8, bOff * 8, ld * 8, rows, cols, k, tri);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < ld; j++) {
          let want = C0[r * ld + j]!;
          if (j < cols) {
            const kk = tri ? Math.min(k, j + 1) : k;
            for (let x = 0; x < kk; x++) want -= A[r * ld + x]! * B[j * ld + x]!;
          }
          expect(Math.abs(mem[cOff + r * ld + j]! - want), `gemm ${rows}x${cols}x${k} tri ${tri} at ${r},${j}`).toBeLessThan(1e-12);
        }
      }
    }
    // syrk on rows r0..r1, columns c0..c1 (below the diagonal only).
    const n = 23;
    const ld = 32;
    for (const [r0, r1, c0, c1, k] of [[0, n, 0, n, 7], [3, 20, 2, 9, 8], [10, 11, 0, 15, 3]] as const) {
      const C0 = Float64Array.from({ length: n * ld }, () => rng.normal());
      const A = Float64Array.from({ length: n * ld }, () => rng.normal());
      mem.set(C0, cOff);
      mem.set(A, aOff);
      kernel.syrk(cOff * 8, ld * 8, aOff * 8, ld * 8, r0, r1, c0, c1, k);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < ld; j++) {
          let want = C0[r * ld + j]!;
          if (r >= r0 && r < r1 && j >= c0 && j < Math.min(c1, r + 1)) for (let x = 0; x < k; x++) want -= A[r * ld + x]! * A[j * ld + x]!;
          expect(Math.abs(mem[cOff + r * ld + j]! - want), `syrk ${r0}-${r1} x ${c0}-${c1} at ${r},${j}`).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe('triangular and small dense kernels', () => {
  it('invLower and crossprodLowerInv give (L L\')^-1', () => {
    const m = 6;
    const A = spdWithEnvelope(m, new Int32Array(m), 7);
    const L = Float64Array.from(A);
    cholEnvelope(L, m, new Int32Array(m));
    const Li = invLower(L, m);
    const Ainv = crossprodLowerInv(Li, m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += A[i * m + k]! * Ainv[k * m + j]!;
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('rdivLowerT solves X L\' = B', () => {
    const L = Float64Array.of(2, 0, 1, 3);
    const B = Float64Array.of(4, 5, -2, 7);
    const X = Float64Array.from(B);
    rdivLowerT(X, 0, 2, L, 0, 2);
    // X L' = B  <=>  row r: [x0, x1] with 2 x0 = b0, x0 + 3 x1 = b1
    expect(Array.from(X)).toEqual([2, 1, -1, 8 / 3]);
  });

  it('backSolveEnvelope solves L\' x = w on the leading rows of a banded factor', () => {
    const m = 9;
    const first = Int32Array.from({ length: m }, (_, i) => Math.max(0, i - 2));
    const L = Float64Array.from(spdWithEnvelope(m, first, 5));
    cholEnvelope(L, m, first);
    const nw = 7;
    const x = Float64Array.from({ length: nw }, (_, i) => i - 3.5);
    // w = L' x on the leading nw x nw block.
    const w = new Float64Array(nw);
    for (let r = 0; r < nw; r++) for (let c = r; c < nw; c++) w[r] += L[c * m + r]! * x[c]!;
    backSolveEnvelope(L, m, first, w, nw);
    for (let r = 0; r < nw; r++) expect(Math.abs(w[r]! - x[r]!)).toBeLessThan(1e-12);
  });

  it("congruence gives Lr' A Lc for 2 x 3 blocks", () => {
    const Lr = Float64Array.of(1, 0, 2, 3);
    const Lc = Float64Array.of(1, 0, 0, -1, 2, 0, 0.5, 1, 4);
    const A = Float64Array.of(9, 9, 1, 2, 3, 4, 5, 6, 9);
    const out = new Float64Array(8);
    congruence(A, 2, Lr, Lc, 2, 3, out, 1);
    // Dense reference: Lr' (2 x 2) times A (rows at offset 2) times Lc (3 x 3).
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let x = 0; x < 2; x++) for (let y = 0; y < 3; y++) s += Lr[x * 2 + r]! * A[2 + x * 3 + y]! * Lc[y * 3 + c]!;
        expect(out[1 + r * 3 + c]).toBeCloseTo(s, 12);
      }
    }
    expect(out[0]).toBe(0);
    expect(out[7]).toBe(0);
  });

  it('luSolve solves A x = b with pivoting and detects singular A', () => {
    const A = [0, 2, 1, 1, 1, 0, 3, 0, 1];
    const x = luSolve(A, [5, 3, 4], 3)!;
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 1]);
    expect(luSolve([1, 2, 2, 4], [1, 2], 2)).toBeNull();
  });

  it('symmetricEigen: A V = V D, eigenvalues in decreasing order', () => {
    const n = 5;
    const A = spdWithEnvelope(n, new Int32Array(n), 3);
    for (let i = 0; i < n * n; i++) A[i] -= i % (n + 1) === 0 ? 2 * n : 0; // make it indefinite
    const { values, vectors } = symmetricEigen(A, n);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    for (let c = 0; c < n; c++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k]! * vectors[k * n + c]!;
        expect(Math.abs(s - values[c]! * vectors[i * n + c]!)).toBeLessThan(1e-10);
      }
    }
  });
});
