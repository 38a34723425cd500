/**
 * Body of a feature worker thread (started by parallel.ts from its esbuild bundle or through worker.mjs):
 * compiles the dictionary it is given once, then answers each message { id, texts } with { id, values }:
 * the feature values of the texts, row after row, as one transferable Float64Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileDictionary } from './dictionary/match';
import { type FeatureOptions, featureColumns, featureValuesInto } from './extract';
import type { LiwcDictionary } from './dictionary/types';

/** What the main thread passes as workerData. */
export interface FeatureWorkerInit {
  dictionary: LiwcDictionary;
  options: Omit<FeatureOptions, 'dictionary'>;
}

/**
 * A request: texts to process as ONE string, each text followed by a newline, and where each starts
 * (text r is joined.slice(offsets[r], offsets[r + 1] - 1)): cloning one long string costs a copy, cloning
 * thousands of short strings costs microseconds each, and the texts are scanned in place (no slicing).
 * The string travels as UTF-8 bytes in a transferred buffer (`utf8`, written text by text by the main
 * thread): postMessage of a long string is slow (about 20 ms per MB), encoding and decoding are not. A
 * chunk with a text that is not well-formed UTF-16 (lone surrogates, which UTF-8 cannot carry) is sent as
 * a string (`joined`).
 */
export interface FeatureWorkerRequest {
  id: number;
  joined?: string;
  utf8?: Uint8Array;
  offsets: Int32Array;
}

/** A reply: values of `offsets.length - 1` rows of `columns` numbers each. */
export interface FeatureWorkerReply {
  id: number;
  values: Float64Array;
  /** Milliseconds the worker spent on this chunk (for diagnostics). */
  ms: number;
}

const port = parentPort;
if (port !== null) {
  const init = workerData as FeatureWorkerInit;
  const matcher = compileDictionary(init.dictionary, { phraseCounts: init.options.phraseCounts });
  const ncol = featureColumns(matcher).length;
  const decoder = new TextDecoder();
  port.on('message', (req: FeatureWorkerRequest) => {
    const t0 = performance.now();
    const joined = req.joined ?? decoder.decode(req.utf8);
    const n = req.offsets.length - 1;
    const values = new Float64Array(n * ncol);
    for (let r = 0; r < n; r++) {
      featureValuesInto(values, r * ncol, joined, matcher, init.options, req.offsets[r]!, req.offsets[r + 1]! - 1);
    }
    const reply: FeatureWorkerReply = { id: req.id, values, ms: performance.now() - t0 };
    port.postMessage(reply, [values.buffer]);
  });
}
