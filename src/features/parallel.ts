/**
 * Feature extraction on several cores with worker_threads: the texts are cut into chunks of about
 * `chunkChars` characters; this thread and `jobs - 1` workers each take the next chunk when done, and
 * the rows come back in input order. Gives the same rows as {@link extractFeatures} (a test checks it).
 *
 * This thread works too: its chunks need no copy, while a worker's chunk is encoded to UTF-8 here and
 * decoded there (together about half the cost of scoring it). The workers are kept between calls (idle
 * workers do not keep the process alive; {@link closeFeatureWorkers} ends them), because a fresh worker
 * runs its first megabytes several times slower until V8 has compiled the tokenizer.
 *
 * The workers run plain JavaScript: worker-main.ts and what it imports are bundled by esbuild into a file
 * cached in build/cache/workers until a bundled source changes (src/util/workerBundle.ts) and started
 * from it, which takes a few tens of milliseconds per worker. Without esbuild the workers load the
 * TypeScript through tsx (worker.mjs), which costs about a second per worker.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FeatureWorkerInit, FeatureWorkerReply, FeatureWorkerRequest } from './worker-main';
import type { DictionaryMatcher } from './dictionary/match';
import { type FeatureOptions, type FeatureTable, extractFeatures, featureColumns, featureValuesInto, resolveMatcher, rowsFromValues } from './extract';
import { startWorker, workerCode } from '../util/workerBundle';

/** String.prototype.isWellFormed (ES2024, in Node 20; not yet in this project's TypeScript lib). */
type WellFormedCheck = string & { isWellFormed(): boolean };

/** Options of {@link extractFeaturesParallel}. */
export interface ParallelOptions extends FeatureOptions {
  /** Threads in all, this one included (default: the number of cores). 1 runs in this thread only. */
  jobs?: number;
  /** Characters of text per chunk (default 250,000). */
  chunkChars?: number;
  /** How workers load the code: 'auto' (default: the cached esbuild bundle, else tsx) or 'tsx' (always tsx). */
  workerLoader?: 'auto' | 'tsx';
}

/** Workers kept between calls, for one dictionary and one set of options. */
interface Pool {
  dictionary: DictionaryMatcher['dictionary'];
  key: string;
  workers: Worker[];
}

let pool: Pool | null = null;

/** Workers for this dictionary and options: the kept ones when they match, else new ones. */
function workersFor(init: FeatureWorkerInit, count: number, loader: 'auto' | 'tsx'): Worker[] {
  const key = JSON.stringify([init.options, loader]);
  if (pool !== null && (pool.dictionary !== init.dictionary || pool.key !== key)) void closeFeatureWorkers();
  pool ??= { dictionary: init.dictionary, key, workers: [] };
  const code = pool.workers.length < count && loader === 'auto' ? workerCode('src/features/worker-main.ts') : null;
  while (pool.workers.length < count) {
    const w = startWorker(code, 'src/features/worker.mjs', { workerData: init });
    w.unref(); // an idle worker must not keep the process alive
    pool.workers.push(w);
  }
  return pool.workers.slice(0, count);
}

/** Ends the worker threads kept by {@link extractFeaturesParallel} (they end with the process anyway). */
export async function closeFeatureWorkers(): Promise<void> {
  const workers = pool?.workers ?? [];
  pool = null;
  await Promise.all(workers.map((w) => w.terminate()));
}

/** A run of consecutive texts: texts[start, start + count). */
interface Chunk {
  start: number;
  count: number;
}

/** The call in progress: calls share the kept workers, so they run one after another. */
let running: Promise<unknown> = Promise.resolve();

/**
 * {@link extractFeatures} on `jobs` threads: this one and `jobs - 1` worker threads.
 * @example const t = await extractFeaturesParallel(texts, { jobs: 2 });
 */
export async function extractFeaturesParallel(texts: readonly (string | null | undefined)[], options: ParallelOptions = {}): Promise<FeatureTable> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  if (jobs === 1 || texts.length < 2) return extractFeatures(texts, options);
  const call = running.then(() => extractOnThreads(texts, options, jobs));
  running = call.catch(() => undefined);
  return call;
}

async function extractOnThreads(texts: readonly (string | null | undefined)[], options: ParallelOptions, jobs: number): Promise<FeatureTable> {
  const { jobs: _j, chunkChars: _c, workerLoader, dictionary, ...rest } = options;

  const matcher = resolveMatcher(dictionary, { phraseCounts: options.phraseCounts });
  const columns = featureColumns(matcher);
  const ncol = columns.length;
  const limit = Math.max(1, options.chunkChars ?? 250_000);

  const chunks: Chunk[] = [];
  for (let start = 0; start < texts.length; ) {
    let end = start;
    let chars = 0;
    while (end < texts.length && (end === start || chars < limit)) chars += (texts[end++] ?? '').length;
    chunks.push({ start, count: end - start });
    start = end;
  }

  const values = new Float64Array(texts.length * ncol);
  const init: FeatureWorkerInit = { dictionary: matcher.dictionary, options: rest };
  const workers = workersFor(init, Math.min(jobs - 1, chunks.length - 1), workerLoader ?? 'auto');
  let next = 0;
  let workerMs = 0;
  let ownChunks = 0;
  const encoder = new TextEncoder();
  const started = performance.now();

  /**
   * Sends chunk `id` to a worker: its texts as UTF-8, each followed by a newline, in one transferred
   * buffer, plus where each text starts in the decoded string (see worker-main.ts). Encoding text by
   * text into one buffer avoids building the joined string here. A text that is not well-formed UTF-16
   * (a lone surrogate, which UTF-8 cannot carry) sends the chunk as a string instead.
   */
  const post = (w: Worker, id: number) => {
    const { start, count } = chunks[id]!;
    const offsets = new Int32Array(count + 1);
    let units = 0;
    let wellFormed = true;
    for (let r = 0; r < count; r++) {
      const s = texts[start + r] ?? '';
      units += s.length + 1;
      offsets[r + 1] = units;
      if (wellFormed && !(s as WellFormedCheck).isWellFormed()) wellFormed = false;
    }
    if (!wellFormed) {
      const joined = texts.slice(start, start + count).map((s) => s ?? '').join('\n') + '\n';
      w.postMessage({ id, joined, offsets } satisfies FeatureWorkerRequest);
      return;
    }
    const buffer = new Uint8Array(units * 3); // a UTF-16 unit takes at most 3 bytes of UTF-8
    let at = 0;
    for (let r = 0; r < count; r++) {
      at += encoder.encodeInto(texts[start + r] ?? '', buffer.subarray(at)).written;
      buffer[at++] = 10; // '\n'
    }
    const utf8 = buffer.subarray(0, at);
    w.postMessage({ id, utf8, offsets } satisfies FeatureWorkerRequest, [buffer.buffer]);
  };

  const workerDone = workers.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        // Two chunks in flight per worker, so a worker never waits for this thread between chunks.
        let inFlight = 0;
        const send = () => {
          if (next < chunks.length) {
            inFlight++;
            post(w, next++);
          } else if (inFlight === 0) {
            cleanup();
            resolve();
          }
        };
        const onMessage = (reply: FeatureWorkerReply) => {
          inFlight--;
          workerMs += reply.ms;
          values.set(reply.values, chunks[reply.id]!.start * ncol);
          send();
        };
        const onError = (err: Error) => {
          cleanup();
          reject(err);
        };
        const onExit = (code: number) => onError(new Error(`feature worker stopped (exit code ${code})`));
        const cleanup = () => {
          w.off('message', onMessage).off('error', onError).off('exit', onExit);
          w.unref();
        };
        w.ref();
        w.on('message', onMessage).on('error', onError).on('exit', onExit);
        send();
        send();
      }),
  );

  // This thread takes chunks too, letting the workers' replies through between chunks.
  const own = (async () => {
    while (next < chunks.length) {
      const { start, count } = chunks[next++]!;
      for (let r = start; r < start + count; r++) featureValuesInto(values, r * ncol, texts[r] ?? '', matcher, options);
      ownChunks++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();

  try {
    await Promise.all([own, ...workerDone]);
  } catch (err) {
    await closeFeatureWorkers(); // a worker failed: start afresh next time
    throw err;
  }
  if (process.env.EMPATHY_LAB_DEBUG) {
    console.error(
      `extractFeaturesParallel: ${chunks.length} chunks, ${ownChunks} in this thread and the rest on ${workers.length} workers, ` +
        `${(performance.now() - started).toFixed(0)} ms wall, ${workerMs.toFixed(0)} ms in workers`,
    );
  }
  return { columns, rows: rowsFromValues(columns, values, texts.length), dictionary: matcher.dictionary.name, units: options.units ?? 'percent' };
}
