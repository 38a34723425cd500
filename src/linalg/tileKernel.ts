/**
 * The SIMD kernel of the dense Cholesky (see cholEnvelope): eight dot products of a 2 x 4 register tile in
 * WebAssembly with f64x2 arithmetic, about twice the throughput of the same loop in JavaScript. Its source is
 * tileKernel.wat beside this file; the binary below is that file assembled by wat2wasm (Debian: wabt).
 * Where WebAssembly SIMD is not available, {@link tileKernel} returns null and callers use plain JavaScript.
 */

/** wat2wasm tileKernel.wat | base64 -w0 */
export const TILE_KERNEL_BASE64 =
  'AGFzbQEAAAABCgFgBn9/f39/fwADAgEABQMBAAEHEQIGbWVtb3J5AgAEdGlsZQAACo0FAYoFAwR/C3sDfCACIANqIQYgBiADaiEHIAcgA2ohCCAAIARBfnFBA3RqIQkCQCAAIAlPDQADQCAA/QAEACESIAH9AAQAIRMgAv0ABAAhFCAKIBIgFP3yAf3wASEKIA4gEyAU/fIB/fABIQ4gBv0ABAAhFCALIBIgFP3yAf3wASELIA8gEyAU/fIB/fABIQ8gB/0ABAAhFCAMIBIgFP3yAf3wASEMIBAgEyAU/fIB/fABIRAgCP0ABAAhFCANIBIgFP3yAf3wASENIBEgEyAU/fIB/fABIREgAEEQaiEAIAFBEGohASACQRBqIQIgBkEQaiEGIAdBEGohByAIQRBqIQggACAJSQ0ACwsgBEEBcQRAIAArAwAhFSABKwMAIRYgAisDACEXIAogFSAXov0URAAAAAAAAAAA/SIB/fABIQogDiAWIBei/RREAAAAAAAAAAD9IgH98AEhDiAGKwMAIRcgCyAVIBei/RREAAAAAAAAAAD9IgH98AEhCyAPIBYgF6L9FEQAAAAAAAAAAP0iAf3wASEPIAcrAwAhFyAMIBUgF6L9FEQAAAAAAAAAAP0iAf3wASEMIBAgFiAXov0URAAAAAAAAAAA/SIB/fABIRAgCCsDACEXIA0gFSAXov0URAAAAAAAAAAA/SIB/fABIQ0gESAWIBei/RREAAAAAAAAAAD9IgH98AEhEQsgBSAK/SEAIAr9IQGgOQMAIAUgC/0hACAL/SEBoDkDCCAFIAz9IQAgDP0hAaA5AxAgBSAN/SEAIA39IQGgOQMYIAUgDv0hACAO/SEBoDkDICAFIA/9IQAgD/0hAaA5AyggBSAQ/SEAIBD9IQGgOQMwIAUgEf0hACAR/SEBoDkDOAs=';

/** The instantiated kernel: `tile` reads and writes the instance's own memory (byte addresses). */
export interface TileKernel {
  /**
   * out[c] = sum_{x<n} A[pi + 8x] A[pj + c stride + 8x], out[4 + c] = the same with pi1 (c = 0..3); all
   * arguments are byte addresses in `memory` (stride too), results are 8 doubles at `out`.
   */
  tile(pi: number, pi1: number, pj: number, stride: number, n: number, out: number): void;
  /** The instance's memory (grow it to fit the matrix; views must be re-created after growing). */
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

/** Minimal view of the WebAssembly global (not in the ES2022 library types). */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let cached: TileKernel | null | undefined;

/** The kernel, instantiated once per process; null when WebAssembly (with SIMD) is unavailable. */
export function tileKernel(): TileKernel | null {
  if (cached !== undefined) return cached;
  cached = null;
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return cached;
  try {
    const instance = new wasm.Instance(new wasm.Module(decodeBase64(TILE_KERNEL_BASE64)), {});
    const { tile, memory } = instance.exports as unknown as TileKernel;
    if (typeof tile === 'function' && memory) cached = { tile, memory };
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
