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
  'AGFzbQEAAAABTAhgBn9/f39/fwBgB39/f39/f38AYAN/f38BfGAJf39/f39/f39/AGACf38Bf2AKf39/f39/f39/fwBgCH9/f39/f39/AGADf39/AX8CEgEDZW52Bm1lbW9yeQIDAYCABAMMCwABAgMBBAUGAAUHBzEGBHRpbGUAAARzeXJrAAMEZ2VtbQAGBXBhbmVsAAgIc3lya1Jvd3MACQVwb3RyZgAKCvMSC4oFAwR/C3sDfCACIANqIQYgBiADaiEHIAcgA2ohCCAAIARBfnFBA3RqIQkCQCAAIAlPDQADQCAA/QAEACESIAH9AAQAIRMgAv0ABAAhFCAKIBIgFP3yAf3wASEKIA4gEyAU/fIB/fABIQ4gBv0ABAAhFCALIBIgFP3yAf3wASELIA8gEyAU/fIB/fABIQ8gB/0ABAAhFCAMIBIgFP3yAf3wASEMIBAgEyAU/fIB/fABIRAgCP0ABAAhFCANIBIgFP3yAf3wASENIBEgEyAU/fIB/fABIREgAEEQaiEAIAFBEGohASACQRBqIQIgBkEQaiEGIAdBEGohByAIQRBqIQggACAJSQ0ACwsgBEEBcQRAIAArAwAhFSABKwMAIRYgAisDACEXIAogFSAXov0URAAAAAAAAAAA/SIB/fABIQogDiAWIBei/RREAAAAAAAAAAD9IgH98AEhDiAGKwMAIRcgCyAVIBei/RREAAAAAAAAAAD9IgH98AEhCyAPIBYgF6L9FEQAAAAAAAAAAP0iAf3wASEPIAcrAwAhFyAMIBUgF6L9FEQAAAAAAAAAAP0iAf3wASEMIBAgFiAXov0URAAAAAAAAAAA/SIB/fABIRAgCCsDACEXIA0gFSAXov0URAAAAAAAAAAA/SIB/fABIQ0gESAWIBei/RREAAAAAAAAAAD9IgH98AEhEQsgBSAK/SEAIAr9IQGgOQMAIAUgC/0hACAL/SEBoDkDCCAFIAz9IQAgDP0hAaA5AxAgBSAN/SEAIA39IQGgOQMYIAUgDv0hACAO/SEBoDkDICAFIA/9IQAgD/0hAaA5AyggBSAQ/SEAIBD9IQGgOQMwIAUgEf0hACAR/SEBoDkDOAuKBQQFfwt7A3wBfyAAIAFqIQcgAiADaiEIIAggA2ohCSAJIANqIQogACAEQX5xQQN0aiELAkAgACALTw0AA0AgAP0ABAAhFCAH/QAEACEVIAL9AAQAIRYgDCAUIBb98gH98AEhDCAQIBUgFv3yAf3wASEQIAj9AAQAIRYgDSAUIBb98gH98AEhDSARIBUgFv3yAf3wASERIAn9AAQAIRYgDiAUIBb98gH98AEhDiASIBUgFv3yAf3wASESIAr9AAQAIRYgDyAUIBb98gH98AEhDyATIBUgFv3yAf3wASETIABBEGohACAHQRBqIQcgAkEQaiECIAhBEGohCCAJQRBqIQkgCkEQaiEKIAAgC0kNAAsLIARBAXEEQCAAKwMAIRcgBysDACEYIAIrAwAhGSAMIAz9IQAgFyAZoqD9IgAhDCAQIBD9IQAgGCAZoqD9IgAhECAIKwMAIRkgDSAN/SEAIBcgGaKg/SIAIQ0gESAR/SEAIBggGaKg/SIAIREgCSsDACEZIA4gDv0hACAXIBmioP0iACEOIBIgEv0hACAYIBmioP0iACESIAorAwAhGSAPIA/9IQAgFyAZoqD9IgAhDyATIBP9IQAgGCAZoqD9IgAhEwsgBSAGaiEaIAUgBSsDACAM/SEAIAz9IQGgoTkDACAFIAUrAwggDf0hACAN/SEBoKE5AwggBSAFKwMQIA79IQAgDv0hAaChOQMQIAUgBSsDGCAP/SEAIA/9IQGgoTkDGCAaIBorAwAgEP0hACAQ/SEBoKE5AwAgGiAaKwMIIBH9IQAgEf0hAaChOQMIIBogGisDECAS/SEAIBL9IQGgoTkDECAaIBorAxggE/0hACAT/SEBoKE5AxgLdAMBfwF7AXwgACACQX5xQQN0aiEDAkAgACADTw0AA0AgBCAA/QAEACAB/QAEAP3yAf3wASEEIABBEGohACABQRBqIQEgACADSQ0ACwsgBP0hACEFIAJBAXEEQCAFIAArAwAgASsDAKKgIQULIAUgBP0hAaAL1wEBBX8gBCEJAkADQCAJQQFqIAVODQEgAiAJIANsaiEMIAAgCSABbGohDSAGIQoCQANAIApBA2ogCUoNASAKQQRqIAdKDQEgDCADIAIgCiADbGogAyAIIA0gCkEDdGogARABIApBBGohCgwACwsgDSAMIAIgAyAKIAcgCUEBahAFIAgQBCANIAFqIAwgA2ogAiADIAogByAJQQJqEAUgCBAEIAlBAmohCQwACwsgCSAFSARAIAAgCSABbGogAiAJIANsaiACIAMgBiAHIAlBAWoQBSAIEAQLC0EBAn8gBCEHAkADQCAHIAVODQEgACAHQQN0aiEIIAggCCsDACABIAIgByADbGogBhACoTkDACAHQQFqIQcMAAsLCwwAIAAgASAAIAFIGwvKAQEFfwJAA0AgCkEBaiAGTg0BIAIgCiADbGohDCAAIAogAWxqIQ1BACELAkADQCALQQRqIAdKDQEgCCALQQRqEAUgCCAJGyEOIAwgAyAEIAsgBWxqIAUgDiANIAtBA3RqIAEQASALQQRqIQsMAAsLIA0gDCAEIAUgCyAHIAggCRAHIA0gAWogDCADaiAEIAUgCyAHIAggCRAHIApBAmohCgwACwsgCiAGSARAIAAgCiABbGogAiAKIANsaiAEIAVBACAHIAggCRAHCwtNAQJ/IAQhCAJAA0AgCCAFTg0BIAAgCEEDdGohCSAJIAkrAwAgASACIAggA2xqIAYgCEEBahAFIAYgBxsQAqE5AwAgCEEBaiEIDAALCwtZAQJ/IANBA3QhByACQQAgBSAHbPwLACACIAcgACABIAQgByAFIAMgA0EBEAYCQANAIAYgBU4NASAAIAYgAWxqIAIgBiAHbGogB/wKAAAgBkEBaiEGDAALCwtNAQJ/IAYhCgJAA0AgCiAHTg0BIAQgCiAEIApKGyELIAsgBUgEQCAAIAEgAiADIAsgBSAKIAcgCiAJahAFIAgQAwsgCiAJaiEKDAALCwv5AQIHfwF8IAFBA3QhCQJAA0AgAyABTg0BIAAgAyAJbGohByACIANBAnRqKAIAIQUgBSEEAkADQCAEIANODQEgACAEIAlsaiEIIAIgBEECdGooAgAhBiAFIAZKBEAgBSEGCyAHIARBA3RqIAcgBEEDdGorAwAgByAGQQN0aiAIIAZBA3RqIAQgBmsQAqEgCCAEQQN0aisDAKM5AwAgBEEBaiEEDAALCyAHIANBA3RqKwMAIAcgBUEDdGogByAFQQN0aiADIAVrEAKhIQogCkQAAAAAAAAAAGRFBEAgAw8LIAcgA0EDdGogCp85AwAgA0EBaiEDDAALC0F/Cw==';

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
  /**
   * The envelope Cholesky of a small m x m matrix at a (row-major, lower triangle read and written), row by
   * row; first[i] (int32 at byte address first + 4i) is the first column of row i's envelope. Returns -1, or
   * the row where a non-positive pivot appeared.
   */
  potrf(a: number, m: number, first: number): number;
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
    if ([e.tile, e.syrk, e.gemm, e.panel, e.syrkRows, e.potrf].every((f) => typeof f === 'function')) {
      cached = { tile: e.tile, syrk: e.syrk, gemm: e.gemm, panel: e.panel, syrkRows: e.syrkRows, potrf: e.potrf, memory, module };
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
