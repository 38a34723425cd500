/**
 * Power by simulation over a range of rater counts (in the spirit of simr's powerCurve): for each number
 * of raters, `nsim` data sets are simulated from the scenario, the analysis model is refitted and the
 * contrast tested; power = share of significant results, with a Clopper-Pearson interval.
 *
 * - Seeded: replicate i of the design with R raters always uses the seed replicateSeed(seed, R, i), so the
 *   same seed gives the same numbers with any number of worker threads.
 * - Parallel: worker threads on all cores (options.jobs to change), each taking batches of replicates.
 * - Announces its running time before it starts, from a timed pilot (the first replicates of the smallest
 *   and of the largest design, run here and kept as results; the workers' start-up is measured too), and
 *   shows a progress bar on stderr when that is a terminal (options.onProgress in any case).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { startWorker, workerCode } from '../util/workerBundle';
import { clopperPearson } from './binomial';
import { ReplicateRunner, checkSpec, type PowerSpec, type ReplicateResult } from './replicate';
import type { StudyLayout } from './design';
import type { Scenario } from './scenario';

/** Options of {@link powerCurve}. */
export interface PowerCurveOptions {
  /** What the data are simulated from (lmmScenario / clmmScenario or stated values). */
  scenario: Scenario;
  /** The planned study without its number of raters. */
  layout: StudyLayout;
  /** Numbers of raters to evaluate. */
  raters: readonly number[];
  /** Simulated data sets per number of raters (default 100). */
  nsim?: number;
  /** The two conditions compared (contrast[0] - contrast[1]). */
  contrast: [string, string];
  /** Analysis model (default "lmm"). */
  analysis?: 'lmm' | 'clmm';
  /** Analysis formula (default: the paper's, rating ~ <factor> + (1 | post:rater) + (1 | post) + (1 | rater)). */
  formula?: string;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Confidence level of the power intervals (default 0.95). */
  level?: number;
  /** Master seed (default 1). */
  seed?: number;
  /** Worker threads (default: all cores); 1 runs in this thread. */
  jobs?: number;
  /**
   * How workers load the code: 'auto' (default: one esbuild bundle, cached in build/cache/workers, see
   * src/util/workerBundle.ts; tsx when esbuild is unavailable) or 'tsx' (always through tsx, slower to start).
   */
  workerLoader?: 'auto' | 'tsx';
  /** Replicates per message to a worker (default 4). */
  batch?: number;
  /** Where the time estimate and the final line go (default: stderr). */
  log?: (message: string) => void;
  /** Progress callback (done, total); a terminal also gets a progress bar on stderr (progressBar: false to hide it). */
  onProgress?: (done: number, total: number) => void;
  progressBar?: boolean;
}

/** Power at one number of raters. */
export interface PowerPoint {
  raters: number;
  /** Observations per simulated data set. */
  nobs: number;
  nsim: number;
  /** Replicates whose fit failed (left out). */
  failures: number;
  /** Significant results among the successful fits. */
  significant: number;
  /** significant / (nsim - failures) with its Clopper-Pearson interval. */
  power: number;
  lower: number;
  upper: number;
  /** Mean estimated contrast and mean SE over the successful fits. */
  meanEstimate: number;
  meanSe: number;
}

/** Result of {@link powerCurve}. */
export interface PowerCurveResult {
  points: PowerPoint[];
  /** Every replicate (raters-major, replicate order). */
  replicates: ReplicateResult[];
  spec: PowerSpec;
  level: number;
  jobs: number;
  /** The estimate announced before the run and the time taken (seconds). */
  estimatedSeconds: number;
  seconds: number;
  /** CPU time of this process during the run, worker threads included (seconds). */
  cpuSeconds: number;
}

/** Messages between the main thread and a power worker. */
export interface PowerWorkerRequest {
  raters: number;
  replicates: number[];
}
export interface PowerWorkerReply {
  results: ReplicateResult[];
  error?: string;
  /** Sent once when the worker has loaded the code and checked the spec. */
  ready?: boolean;
}

/** "1 min 20 s", "45 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  if (m < 60) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Summarises the replicates of one design. */
export function powerPoint(raters: number, nobs: number, results: readonly ReplicateResult[], level = 0.95): PowerPoint {
  const ok = results.filter((r) => r.ok);
  const sig = ok.filter((r) => r.significant).length;
  const ci = clopperPearson(sig, ok.length, level);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    raters,
    nobs,
    nsim: results.length,
    failures: results.length - ok.length,
    significant: sig,
    power: ci.estimate,
    lower: ci.lower,
    upper: ci.upper,
    meanEstimate: mean(ok.map((r) => r.estimate)),
    meanSe: mean(ok.map((r) => r.se)),
  };
}

/** The smallest number of raters whose estimated power reaches `target` (null if none does). */
export function smallestRaters(points: readonly PowerPoint[], target = 0.8): PowerPoint | null {
  const sorted = [...points].sort((a, b) => a.raters - b.raters);
  return sorted.find((p) => p.power >= target) ?? null;
}

function makeProgress(total: number, options: PowerCurveOptions): { tick(n: number): void; stop(): void } {
  let done = 0;
  const tty = options.progressBar !== false && process.stderr.isTTY === true;
  let bar: { start(t: number, v: number): void; update(v: number): void; stop(): void } | null = null;
  if (tty) {
    bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'power simulation [{bar}] {percentage}% | {value}/{total} fits | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
  }
  return {
    tick(n: number) {
      done += n;
      bar?.update(done);
      options.onProgress?.(done, total);
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * Runs the power simulation (see the module comment).
 * @example
 *   const res = await powerCurve({ scenario: lmmScenario(fit, { means: { llama2: 3.94 } }), layout: { posts: 120, postsPerRater: 10, conditions: ['gpt4', 'llama2', 'mistral'] },
 *     raters: [40, 60, 80, 100], nsim: 200, contrast: ['gpt4', 'llama2'] });
 *   res.points // [{ raters: 40, power: 0.43, lower: 0.36, upper: 0.50, ... }, ...]
 */
export async function powerCurve(options: PowerCurveOptions): Promise<PowerCurveResult> {
  const started = Date.now();
  const cpuStart = process.cpuUsage(); // this process's CPU time, worker threads included
  const factor = options.layout.factor ?? 'source';
  const spec: PowerSpec = {
    scenario: options.scenario,
    layout: options.layout,
    analysis: options.analysis ?? 'lmm',
    formula: options.formula ?? `rating ~ ${factor} + (1 | post:rater) + (1 | post) + (1 | rater)`,
    contrast: [options.contrast[0], options.contrast[1]],
    alpha: options.alpha ?? 0.05,
    seed: options.seed ?? 1,
  };
  checkSpec(spec);
  const nsim = options.nsim ?? 100;
  if (!Number.isInteger(nsim) || nsim < 1) throw new Error(`nsim must be a positive integer (got ${nsim})`);
  const raters = [...new Set(options.raters)].sort((a, b) => a - b);
  if (raters.length === 0) throw new Error('raters: give at least one number of raters');
  const level = options.level ?? 0.95;
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const batch = Math.max(1, Math.floor(options.batch ?? 4));

  const results = new Map<number, ReplicateResult[]>(raters.map((r) => [r, new Array<ReplicateResult>(nsim)]));
  const local = new ReplicateRunner(spec);
  // Workers load the code while the pilot runs here; their start-up time is measured, not guessed.
  const poolStart = Date.now();
  const pool = jobs > 1 && raters.length * nsim > 2 ? new WorkerPool(spec, jobs, options.workerLoader ?? 'auto') : null;
  // Pilot: replicate 0 of the smallest and the largest design, timed (first use includes building the design).
  const pilotDesigns = raters.length > 1 ? [raters[0]!, raters[raters.length - 1]!] : [raters[0]!];
  const pilotSeconds: number[] = [];
  let prepareSeconds = 0;
  pilotDesigns.forEach((R, k) => {
    const t0 = process.hrtime.bigint();
    local.nobs(R); // builds the design (timed apart)
    prepareSeconds = Math.max(prepareSeconds, Number(process.hrtime.bigint() - t0) / 1e9);
    const timed = (i: number) => {
      const t0 = process.hrtime.bigint();
      results.get(R)![i] = local.run(R, i);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    // The very first fits also compile the code: for the first design, time the 2nd and 3rd replicates.
    if (k === 0 && nsim >= 3) {
      timed(0);
      pilotSeconds.push(Math.min(timed(1), timed(2)));
    } else pilotSeconds.push(timed(0));
  });
  const perFit = (R: number) => {
    if (pilotDesigns.length === 1) return pilotSeconds[0]!;
    const [n0, n1] = [local.nobs(pilotDesigns[0]!), local.nobs(pilotDesigns[1]!)];
    const [t0, t1] = pilotSeconds as [number, number];
    const n = local.nobs(R);
    return t0 + ((t1 - t0) * (n - n0)) / (n1 - n0);
  };
  const tasks: { raters: number; replicates: number[] }[] = [];
  let remainingFits = 0;
  let estimate = 0;
  for (const R of raters) {
    const todo: number[] = [];
    for (let i = 0; i < nsim; i++) if (!results.get(R)![i]) todo.push(i);
    remainingFits += todo.length;
    estimate += todo.length * Math.max(perFit(R), 0);
    for (let k = 0; k < todo.length; k += batch) tasks.push({ raters: R, replicates: todo.slice(k, k + batch) });
  }
  let workers = 1;
  if (pool) {
    try {
      await pool.ready;
      workers = pool.size;
    } catch (e) {
      await pool.close();
      throw e;
    }
  }
  const startupSeconds = pool ? (Date.now() - poolStart) / 1000 : 0;
  // Each worker also builds each design once (the pilot measured that here).
  const estimatedSeconds = (Date.now() - started) / 1000 + estimate / workers + (pool ? prepareSeconds * raters.length : 0);
  log(
    `Power simulation: ${raters.length} design${raters.length > 1 ? 's' : ''} (${raters.join(', ')} raters) x ${nsim} data sets = ${raters.length * nsim} fits (${spec.analysis.toUpperCase()}) on ${workers} thread${workers > 1 ? 's' : ''}. ` +
      `Pilot fits took ${pilotDesigns.map((R, i) => `${pilotSeconds[i]!.toFixed(2)} s (${R} raters)`).join(' and ')}${pool ? `, worker start-up ${startupSeconds.toFixed(1)} s` : ''}: estimated running time about ${formatDuration(estimatedSeconds)} in all.`,
  );

  const progress = makeProgress(raters.length * nsim, options);
  progress.tick(raters.length * nsim - remainingFits);
  const store = (rs: ReplicateResult[]) => {
    for (const r of rs) results.get(r.raters)![r.replicate] = r;
    progress.tick(rs.length);
  };
  try {
    if (!pool) {
      for (const t of tasks) store(t.replicates.map((i) => local.run(t.raters, i)));
    } else {
      await pool.run(tasks, store);
    }
  } finally {
    progress.stop();
    await pool?.close();
  }
  const replicates: ReplicateResult[] = [];
  const points = raters.map((R) => {
    const rs = results.get(R)!;
    replicates.push(...rs);
    return powerPoint(R, local.nobs(R), rs, level);
  });
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  log(`Power simulation done in ${formatDuration(seconds)} (estimated ${formatDuration(estimatedSeconds)}; CPU time ${cpuSeconds.toFixed(1)} s on all threads).`);
  return { points, replicates, spec, level, jobs: workers, estimatedSeconds, seconds, cpuSeconds };
}

/**
 * Worker threads that run batches of replicates: started from worker-main.ts bundled by esbuild (cached in
 * build/cache/workers), or through tsx (worker.mjs) when there is no bundle or loader is 'tsx'.
 */
class WorkerPool {
  readonly workers: Worker[];
  /** Resolves when every worker has loaded the code. */
  readonly ready: Promise<void>;
  private readonly handlers = new Map<Worker, (reply: PowerWorkerReply) => void>();
  private readonly failures = new Map<Worker, (e: Error) => void>();

  constructor(spec: PowerSpec, n: number, loader: 'auto' | 'tsx') {
    const code = loader === 'auto' ? workerCode('src/power/worker-main.ts') : null;
    this.workers = Array.from({ length: n }, () => startWorker(code, 'src/power/worker.mjs', { workerData: spec }));
    this.ready = Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.on('message', (reply: PowerWorkerReply) => {
              if (reply.ready) {
                if (reply.error) reject(new Error(`power worker failed to start: ${reply.error}`));
                else resolve();
                return;
              }
              this.handlers.get(w)?.(reply);
            });
            w.on('error', (e) => {
              reject(e);
              this.failures.get(w)?.(e);
            });
            w.on('exit', (code) => {
              const e = new Error(`power worker stopped (exit code ${code})`);
              reject(e);
              this.failures.get(w)?.(e);
            });
          }),
      ),
    ).then(() => undefined);
    this.ready.catch(() => undefined);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Hands out the tasks, one batch per idle worker, until all are done. */
  run(tasks: { raters: number; replicates: number[] }[], store: (rs: ReplicateResult[]) => void): Promise<void> {
    let next = 0;
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= tasks.length) {
                this.handlers.delete(w);
                this.failures.delete(w);
                resolve();
                return;
              }
              const req: PowerWorkerRequest = tasks[next++]!;
              w.postMessage(req);
            };
            this.handlers.set(w, (reply) => {
              if (reply.error) {
                reject(new Error(`power worker failed: ${reply.error}`));
                return;
              }
              store(reply.results);
              send();
            });
            this.failures.set(w, reject);
            send();
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.failures.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
