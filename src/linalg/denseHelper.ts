/**
 * A second thread for the blocked dense Cholesky (cholDense.ts): a worker that instantiates the SIMD kernel's
 * compiled module on the same shared memory and runs one kernel call at a time on request, so that the two
 * cores share each block's panel and trailing update. Requests and replies go through a small control block
 * in that memory with Atomics (the main thread waits synchronously, as the factorization is synchronous;
 * the only message is the worker's "ready"). The worker starts on first need, in the background (the
 * factorizations meanwhile run on one thread), and does not keep the process alive. Set EMPATHY_LAB_THREADS=1 to keep everything on one thread.
 */
import { Worker } from 'node:worker_threads';
import type { TileKernel } from './tileKernel';

/** Byte offset of the control block in the kernel's memory (16 Int32 slots; the kernel's `tile` results are below it). */
export const CONTROL_BYTES = 64;
/** Bytes of the control block. */
export const CONTROL_SIZE = 64;

// Control slots.
const SEQ = 0; // request number, written by the main thread
const DONE = 1; // last request finished, written by the worker
const READY = 2; // 1 once the worker runs
const FAILED = 3; // 1 when a request threw in the worker
const OP = 4; // 1 = panel, 2 = syrkRows
const ARGS = 5; // up to 11 arguments (byte addresses may exceed 2^31: stored as their int32 bit pattern)

/** Operation codes. */
export const OP_PANEL = 1;
export const OP_SYRK_ROWS = 2;

/** The worker's program (CommonJS, evaluated as a string: no file to resolve under tsx, tslab or a bundle). */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(memory.buffer, control, 16);
Atomics.store(ctl, ${READY}, 1);
parentPort.postMessage('ready');
let seen = Atomics.load(ctl, ${SEQ});
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  const seq = Atomics.load(ctl, ${SEQ});
  if (seq === seen) continue;
  seen = seq;
  const a = ctl.slice(${ARGS}, 16);
  try {
    if (ctl[${OP}] === ${OP_PANEL}) k.panel(a[0], a[1], a[2], a[3], a[4], a[5]);
    else if (ctl[${OP}] === ${OP_SYRK_ROWS}) k.syrkRows(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
  } catch (e) {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${DONE}, seq);
  Atomics.notify(ctl, ${DONE});
}
`;

/** A running helper: post one request, do the main thread's share, then wait. */
export interface DenseHelper {
  /** Starts `op` with `args` on the helper thread. */
  post(op: number, args: number[]): void;
  /** Waits until the last request is done; throws if it failed in the worker. */
  wait(): void;
}

let state: { worker: Worker | null; ctl: Int32Array; seq: number; ready: Promise<boolean> } | null = null;

/** True unless EMPATHY_LAB_THREADS=1 (or the environment has no worker threads). */
function threadsAllowed(): boolean {
  return (typeof process === 'undefined' ? undefined : process.env?.EMPATHY_LAB_THREADS) !== '1';
}

/** Starts the helper thread if it is not started yet; resolves true once it runs (false if it cannot). */
export function startDenseHelper(kernel: TileKernel): Promise<boolean> {
  if (state) return state.ready;
  const ctl = new Int32Array(kernel.memory.buffer, CONTROL_BYTES, CONTROL_SIZE / 4);
  if (!threadsAllowed()) {
    state = { worker: null, ctl, seq: 0, ready: Promise.resolve(false) };
    return state.ready;
  }
  try {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: kernel.module, memory: kernel.memory, control: CONTROL_BYTES } });
    const ready = new Promise<boolean>((resolve) => {
      worker.once('message', () => {
        worker.unref(); // from now on idle in Atomics.wait: it must not keep the process alive
        resolve(true);
      });
      worker.once('error', () => resolve(false));
    });
    worker.on('error', () => {
      // Never used again: requests fall back to the main thread.
      if (state) state.worker = null;
    });
    state = { worker, ctl, seq: Atomics.load(ctl, SEQ), ready };
  } catch {
    state = { worker: null, ctl, seq: 0, ready: Promise.resolve(false) };
  }
  return state.ready;
}

/** True when the helper thread runs (requests would go to it). */
export function denseHelperRunning(): boolean {
  return state !== null && state.worker !== null && Atomics.load(state.ctl, READY) === 1;
}

/** The helper when it is running; null while it starts (the caller then works alone) or when unavailable. */
export function denseHelper(kernel: TileKernel): DenseHelper | null {
  if (!state) void startDenseHelper(kernel);
  const s = state!;
  if (!s.worker || Atomics.load(s.ctl, READY) !== 1) return null;
  const ctl = s.ctl;
  return {
    post(op: number, args: number[]): void {
      for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]! | 0;
      ctl[OP] = op;
      s.seq = (s.seq + 1) | 0;
      Atomics.store(ctl, SEQ, s.seq);
      Atomics.notify(ctl, SEQ, 1);
    },
    wait(): void {
      for (;;) {
        const done = Atomics.load(ctl, DONE);
        if (done === s.seq) break;
        Atomics.wait(ctl, DONE, done, 1000);
      }
      if (Atomics.load(ctl, FAILED) !== 0) throw new Error('internal error: the dense Cholesky helper thread failed');
    },
  };
}
