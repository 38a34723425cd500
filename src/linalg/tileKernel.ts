/**
 * The SIMD kernels of the dense Cholesky, in WebAssembly with f64x2 arithmetic (about twice the throughput of
 * the same loops in JavaScript): `tile`, eight dot products of a 2 x 4 register tile (the row-oriented
 * envelope Cholesky, cholEnvelope.ts), and `syrk` / `gemm`, the block updates C -= A B' of the blocked dense
 * Cholesky (cholDense.ts), built on the same 2 x 4 tile. Their source is tileKernel.wat beside this file; the
 * binary below is that file assembled by wat2wasm (Debian: wabt). The module is compiled once per process and
 * instantiated on a shared memory, which a helper thread of cholDense can instantiate the same module on.
 * Where WebAssembly SIMD (or shared memory) is not available, {@link tileKernel} returns null and callers use
 * plain JavaScript.
 */

/** wat2wasm --enable-threads tileKernel.wat | base64 -w0 */
export const TILE_KERNEL_BASE64 =
  'AGFzbQEAAAABRQdgBn9/f39/fwBgB39/f39/f38AYAN/f38BfGAJf39/f39/f39/AGACf38Bf2AKf39/f39/f39/fwBgCH9/f39/f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAwsKAAECAwEEBQYABQcpBQR0aWxlAAAEc3lyawADBGdlbW0ABgVwYW5lbAAICHN5cmtSb3dzAAkK+BAKigUDBH8LewN8IAIgA2ohBiAGIANqIQcgByADaiEIIAAgBEF+cUEDdGohCQJAIAAgCU8NAANAIAD9AAQAIRIgAf0ABAAhEyAC/QAEACEUIAogEiAU/fIB/fABIQogDiATIBT98gH98AEhDiAG/QAEACEUIAsgEiAU/fIB/fABIQsgDyATIBT98gH98AEhDyAH/QAEACEUIAwgEiAU/fIB/fABIQwgECATIBT98gH98AEhECAI/QAEACEUIA0gEiAU/fIB/fABIQ0gESATIBT98gH98AEhESAAQRBqIQAgAUEQaiEBIAJBEGohAiAGQRBqIQYgB0EQaiEHIAhBEGohCCAAIAlJDQALCyAEQQFxBEAgACsDACEVIAErAwAhFiACKwMAIRcgCiAVIBei/RREAAAAAAAAAAD9IgH98AEhCiAOIBYgF6L9FEQAAAAAAAAAAP0iAf3wASEOIAYrAwAhFyALIBUgF6L9FEQAAAAAAAAAAP0iAf3wASELIA8gFiAXov0URAAAAAAAAAAA/SIB/fABIQ8gBysDACEXIAwgFSAXov0URAAAAAAAAAAA/SIB/fABIQwgECAWIBei/RREAAAAAAAAAAD9IgH98AEhECAIKwMAIRcgDSAVIBei/RREAAAAAAAAAAD9IgH98AEhDSARIBYgF6L9FEQAAAAAAAAAAP0iAf3wASERCyAFIAr9IQAgCv0hAaA5AwAgBSAL/SEAIAv9IQGgOQMIIAUgDP0hACAM/SEBoDkDECAFIA39IQAgDf0hAaA5AxggBSAO/SEAIA79IQGgOQMgIAUgD/0hACAP/SEBoDkDKCAFIBD9IQAgEP0hAaA5AzAgBSAR/SEAIBH9IQGgOQM4C4oFBAV/C3sDfAF/IAAgAWohByACIANqIQggCCADaiEJIAkgA2ohCiAAIARBfnFBA3RqIQsCQCAAIAtPDQADQCAA/QAEACEUIAf9AAQAIRUgAv0ABAAhFiAMIBQgFv3yAf3wASEMIBAgFSAW/fIB/fABIRAgCP0ABAAhFiANIBQgFv3yAf3wASENIBEgFSAW/fIB/fABIREgCf0ABAAhFiAOIBQgFv3yAf3wASEOIBIgFSAW/fIB/fABIRIgCv0ABAAhFiAPIBQgFv3yAf3wASEPIBMgFSAW/fIB/fABIRMgAEEQaiEAIAdBEGohByACQRBqIQIgCEEQaiEIIAlBEGohCSAKQRBqIQogACALSQ0ACwsgBEEBcQRAIAArAwAhFyAHKwMAIRggAisDACEZIAwgDP0hACAXIBmioP0iACEMIBAgEP0hACAYIBmioP0iACEQIAgrAwAhGSANIA39IQAgFyAZoqD9IgAhDSARIBH9IQAgGCAZoqD9IgAhESAJKwMAIRkgDiAO/SEAIBcgGaKg/SIAIQ4gEiAS/SEAIBggGaKg/SIAIRIgCisDACEZIA8gD/0hACAXIBmioP0iACEPIBMgE/0hACAYIBmioP0iACETCyAFIAZqIRogBSAFKwMAIAz9IQAgDP0hAaChOQMAIAUgBSsDCCAN/SEAIA39IQGgoTkDCCAFIAUrAxAgDv0hACAO/SEBoKE5AxAgBSAFKwMYIA/9IQAgD/0hAaChOQMYIBogGisDACAQ/SEAIBD9IQGgoTkDACAaIBorAwggEf0hACAR/SEBoKE5AwggGiAaKwMQIBL9IQAgEv0hAaChOQMQIBogGisDGCAT/SEAIBP9IQGgoTkDGAt0AwF/AXsBfCAAIAJBfnFBA3RqIQMCQCAAIANPDQADQCAEIAD9AAQAIAH9AAQA/fIB/fABIQQgAEEQaiEAIAFBEGohASAAIANJDQALCyAE/SEAIQUgAkEBcQRAIAUgACsDACABKwMAoqAhBQsgBSAE/SEBoAvXAQEFfyAEIQkCQANAIAlBAWogBU4NASACIAkgA2xqIQwgACAJIAFsaiENIAYhCgJAA0AgCkEDaiAJSg0BIApBBGogB0oNASAMIAMgAiAKIANsaiADIAggDSAKQQN0aiABEAEgCkEEaiEKDAALCyANIAwgAiADIAogByAJQQFqEAUgCBAEIA0gAWogDCADaiACIAMgCiAHIAlBAmoQBSAIEAQgCUECaiEJDAALCyAJIAVIBEAgACAJIAFsaiACIAkgA2xqIAIgAyAGIAcgCUEBahAFIAgQBAsLQQECfyAEIQcCQANAIAcgBU4NASAAIAdBA3RqIQggCCAIKwMAIAEgAiAHIANsaiAGEAKhOQMAIAdBAWohBwwACwsLDAAgACABIAAgAUgbC8oBAQV/AkADQCAKQQFqIAZODQEgAiAKIANsaiEMIAAgCiABbGohDUEAIQsCQANAIAtBBGogB0oNASAIIAtBBGoQBSAIIAkbIQ4gDCADIAQgCyAFbGogBSAOIA0gC0EDdGogARABIAtBBGohCwwACwsgDSAMIAQgBSALIAcgCCAJEAcgDSABaiAMIANqIAQgBSALIAcgCCAJEAcgCkECaiEKDAALCyAKIAZIBEAgACAKIAFsaiACIAogA2xqIAQgBUEAIAcgCCAJEAcLC00BAn8gBCEIAkADQCAIIAVODQEgACAIQQN0aiEJIAkgCSsDACABIAIgCCADbGogBiAIQQFqEAUgBiAHGxACoTkDACAIQQFqIQgMAAsLC1kBAn8gA0EDdCEHIAJBACAFIAds/AsAIAIgByAAIAEgBCAHIAUgAyADQQEQBgJAA0AgBiAFTg0BIAAgBiABbGogAiAGIAdsaiAH/AoAACAGQQFqIQYMAAsLC00BAn8gBiEKAkADQCAKIAdODQEgBCAKIAQgCkobIQsgCyAFSARAIAAgASACIAMgCyAFIAogByAKIAlqEAUgCBADCyAKIAlqIQoMAAsLCw==';

/** The instantiated kernel: `tile` reads and writes the instance's own memory (byte addresses). */
export interface TileKernel {
  /**
   * out[c] = sum_{x<n} A[pi + 8x] A[pj + c stride + 8x], out[4 + c] = the same with pi1 (c = 0..3); all
   * arguments are byte addresses in `memory` (stride too), results are 8 doubles at `out`.
   */
  tile(pi: number, pi1: number, pj: number, stride: number, n: number, out: number): void;
  /**
   * C[r][j] -= sum_{x<k} A[r][x] A[j][x] for r0 <= r < r1, c0 <= j < min(c1, r + 1) (lower triangle of a
   * symmetric rank-k update); row r of C at c + r ldc, of A at a + r lda (byte addresses and strides).
   */
  syrk(c: number, ldc: number, a: number, lda: number, r0: number, r1: number, c0: number, c1: number, k: number): void;
  /**
   * C[r][j] -= sum_{x<kk} A[r][x] B[j][x] for r < rows, j < cols, with kk = k, or kk = min(k, j + 1) when tri = 1
   * (B lower triangular); rows of C, A, B at c + r ldc, a + r lda, b + j ldb (bytes).
   */
  gemm(c: number, ldc: number, a: number, lda: number, b: number, ldb: number, rows: number, cols: number, k: number, tri: number): void;
  /**
   * The panel step of the blocked Cholesky for `rows` rows of A (at a, stride lda): P = A W' with W = -L_KK^-1
   * (kb x kb lower at w), P contiguous at p, then copied back over those rows of A.
   */
  panel(a: number, lda: number, p: number, kb: number, w: number, rows: number): void;
  /** syrk for rows r0 <= r < r1 over columns c0 <= j < c1, `chunk` columns per pass. */
  syrkRows(c: number, ldc: number, a: number, lda: number, r0: number, r1: number, c0: number, c1: number, k: number, chunk: number): void;
  /** The instance's memory, shared (grow it to fit the matrix; views must be re-created after growing). */
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  /** The compiled module (a helper thread instantiates it on the same memory). */
  module: object;
}

/** Minimal view of the WebAssembly global (not in the ES2022 library types). */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => TileKernel['memory'];
}

/** Maximum pages of the shared memory (64 KiB each: 4 GiB, the most 32-bit WebAssembly can address). */
const MAX_PAGES = 65536;

let cached: TileKernel | null | undefined;

/** The kernel, instantiated once per process; null when WebAssembly (with SIMD) is unavailable. */
export function tileKernel(): TileKernel | null {
  if (cached !== undefined) return cached;
  cached = null;
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return cached;
  try {
    const module = new wasm.Module(decodeBase64(TILE_KERNEL_BASE64));
    const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const e = new wasm.Instance(module, { env: { memory } }).exports as unknown as TileKernel;
    if ([e.tile, e.syrk, e.gemm, e.panel, e.syrkRows].every((f) => typeof f === 'function')) {
      cached = { tile: e.tile, syrk: e.syrk, gemm: e.gemm, panel: e.panel, syrkRows: e.syrkRows, memory, module };
    }
  } catch {
    cached = null;
  }
  return cached;
}

/** Bytes of a base64 string (no dependency on Buffer or atob). */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | alphabet.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
