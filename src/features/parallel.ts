/**
 * Feature extraction on several cores with worker_threads: the texts are cut into chunks of about
 * `chunkChars` characters, each worker takes the next chunk when it is done, and the rows come back in
 * input order. Gives the same rows as {@link extractFeatures} (a test checks it).
 *
 * The workers run plain JavaScript: worker-main.ts and what it imports are bundled once per process with
 * esbuild (present as tsx's dependency; about 0.1-0.5 s) and started from that code, which takes a few
 * tens of milliseconds per worker. Without esbuild the workers load the TypeScript through tsx
 * (worker.mjs), which costs about a second per worker.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeatureWorkerInit, FeatureWorkerReply, FeatureWorkerRequest } from './worker-main';
import { type FeatureOptions, type FeatureTable, extractFeatures, featureColumns, resolveMatcher, rowsFromValues } from './extract';
import { fromRoot, projectRoot } from '../util/paths';

/** The part of esbuild's API used here. */
interface EsbuildLike {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
}

let bundle: string | null | undefined;

/** worker-main.ts bundled as one CommonJS script, or null when esbuild is not available. */
function workerBundle(): string | null {
  if (bundle === undefined) {
    try {
      const esbuild = createRequire(join(projectRoot(), 'package.json'))('esbuild') as EsbuildLike;
      bundle = esbuild.buildSync({
        entryPoints: [fromRoot('src', 'features', 'worker-main.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      }).outputFiles[0]!.text;
    } catch {
      bundle = null;
    }
  }
  return bundle;
}

function startWorker(init: FeatureWorkerInit, loader: 'auto' | 'tsx'): Worker {
  const code = loader === 'auto' ? workerBundle() : null;
  if (code !== null) return new Worker(code, { eval: true, workerData: init, execArgv: [] });
  return new Worker(fromRoot('src', 'features', 'worker.mjs'), { workerData: init, execArgv: [] });
}

/** A UTF-16 surrogate without its partner (UTF-8 cannot carry it; such chunks are sent as strings). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Options of {@link extractFeaturesParallel}. */
export interface ParallelOptions extends FeatureOptions {
  /** Worker threads (default: the number of cores). 1 runs in this thread. */
  jobs?: number;
  /** Characters of text per chunk sent to a worker (default 1,000,000). */
  chunkChars?: number;
  /** How workers load the code: 'auto' (default: an esbuild bundle, else tsx) or 'tsx' (always tsx). */
  workerLoader?: 'auto' | 'tsx';
}

/**
 * {@link extractFeatures} on `jobs` worker threads.
 * @example const t = await extractFeaturesParallel(texts, { jobs: 2 });
 */
export async function extractFeaturesParallel(texts: readonly (string | null | undefined)[], options: ParallelOptions = {}): Promise<FeatureTable> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const { jobs: _j, chunkChars: _c, workerLoader, dictionary, ...rest } = options;
  if (jobs === 1 || texts.length < 2) return extractFeatures(texts, options);

  const matcher = resolveMatcher(dictionary, { phraseCounts: options.phraseCounts });
  const columns = featureColumns(matcher);
  const ncol = columns.length;
  const limit = Math.max(1, options.chunkChars ?? 1_000_000);

  // chunks of consecutive texts, each sent as one newline-joined string plus offsets (see worker-main.ts)
  const chunks: { start: number; count: number; joined: string; offsets: Int32Array }[] = [];
  let start = 0;
  while (start < texts.length) {
    let end = start;
    let chars = 0;
    while (end < texts.length && (end === start || chars < limit)) chars += (texts[end++] ?? '').length;
    const offsets = new Int32Array(end - start + 1);
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      const s = texts[i] ?? '';
      parts.push(s);
      offsets[i - start + 1] = offsets[i - start]! + s.length + 1;
    }
    chunks.push({ start, count: end - start, joined: parts.join('\n') + '\n', offsets });
    start = end;
  }

  const values: Float64Array[] = new Array(texts.length);
  const init: FeatureWorkerInit = { dictionary: matcher.dictionary, options: rest };
  const nWorkers = Math.min(jobs, chunks.length);
  const workers = Array.from({ length: nWorkers }, () => startWorker(init, workerLoader ?? 'auto'));
  let next = 0;
  let workerMs = 0;
  const encoder = new TextEncoder();
  const started = performance.now();
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            // Two chunks in flight per worker, so a worker never waits for this thread between chunks.
            let inFlight = 0;
            const send = () => {
              if (next >= chunks.length) {
                if (inFlight === 0) resolve();
                return;
              }
              const id = next++;
              const { joined, offsets } = chunks[id]!;
              inFlight++;
              if (LONE_SURROGATE.test(joined)) {
                w.postMessage({ id, joined, offsets } satisfies FeatureWorkerRequest);
              } else {
                const utf8 = encoder.encode(joined);
                w.postMessage({ id, utf8, offsets } satisfies FeatureWorkerRequest, [utf8.buffer]);
              }
            };
            w.on('message', (reply: FeatureWorkerReply) => {
              inFlight--;
              workerMs += reply.ms;
              const chunk = chunks[reply.id]!;
              for (let r = 0; r < chunk.count; r++) values[chunk.start + r] = reply.values.subarray(r * ncol, (r + 1) * ncol);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (next < chunks.length || code !== 0) reject(new Error(`feature worker stopped (exit code ${code})`));
            });
            send();
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (process.env.EMPATHY_LAB_DEBUG) {
    console.error(`extractFeaturesParallel: ${chunks.length} chunks on ${nWorkers} workers, ${(performance.now() - started).toFixed(0)} ms wall, ${workerMs.toFixed(0)} ms in workers`);
  }
  return { columns, rows: rowsFromValues(columns, values), dictionary: matcher.dictionary.name, units: options.units ?? 'percent' };
}
