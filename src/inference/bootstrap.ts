/**
 * Parametric bootstrap of a fitted linear mixed model (lme4's `bootMer(type = "parametric")`): each
 * replicate simulates a response from the fit (new random effects and residuals), refits the same model to
 * it and records statistics of the refit. Seeded (src/stats/random createRng): the same seed and number of
 * replicates give the same numbers on every run. Progress is reported through a callback (the CLI draws a
 * bar on stderr; notebooks pass nothing, so their output stays deterministic).
 */
import { refit, simulateResponse, type LmmFit } from '../model/index';
import { createRng } from '../stats/random';

/** Options of {@link parametricBootstrap}. */
export interface BootstrapOptions {
  /** Number of bootstrap replicates. */
  replicates: number;
  /** Integer seed of the random number generator. */
  seed: number;
  /** Called after each replicate with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link parametricBootstrap}. */
export interface BootstrapResult {
  /** The statistics on the original fit. */
  t0: number[];
  /** Per statistic, its value in each replicate (NaN where the refit failed). */
  t: Float64Array[];
  replicates: number;
  seed: number;
  /** Number of replicates whose refit failed (kept as NaN, like bootMer's NA). */
  failures: number;
  /** Distinct failure messages. */
  messages: string[];
}

/**
 * Runs a parametric bootstrap of `statistic` (a function of a fit returning numbers).
 * @example
 *   const b = parametricBootstrap(fit, (f) => [f.beta[1]!], { replicates: 200, seed: 1 });
 *   percentileInterval(b.t[0], 0.95)
 */
export function parametricBootstrap(fit: LmmFit, statistic: (fit: LmmFit) => number[], options: BootstrapOptions): BootstrapResult {
  const B = options.replicates;
  if (!Number.isInteger(B) || B < 1) throw new Error(`replicates must be a positive whole number, got ${B}`);
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be a whole number, got ${options.seed}`);
  const t0 = statistic(fit);
  const m = t0.length;
  const t = Array.from({ length: m }, () => new Float64Array(B).fill(NaN));
  const rng = createRng(options.seed);
  let failures = 0;
  const messages = new Set<string>();
  for (let b = 0; b < B; b++) {
    const y = simulateResponse(fit, rng);
    try {
      const s = statistic(refit(fit, y));
      for (let j = 0; j < m; j++) t[j]![b] = s[j]!;
    } catch (err) {
      failures++;
      messages.add(err instanceof Error ? err.message : String(err));
    }
    options.onProgress?.(b + 1, B);
  }
  return { t0, t, replicates: B, seed: options.seed, failures, messages: [...messages] };
}

/** Quantiles and percentile intervals live in src/stats/quantile (shared with descriptives and figures). */
export { percentileInterval, quantile } from '../stats/quantile';
