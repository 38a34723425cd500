/**
 * Exact (Clopper-Pearson) confidence interval for a binomial proportion: the power estimated from `x`
 * significant results in `n` simulated data sets. lower = qbeta(alpha/2, x, n - x + 1) (0 when x = 0),
 * upper = qbeta(1 - alpha/2, x + 1, n - x) (1 when x = n), as R's binom.test and simr's powerSim.
 */
import { qbeta } from '../stats/distributions';

/** An estimated proportion with its interval. */
export interface BinomialInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

/**
 * Clopper-Pearson interval of x successes in n trials.
 * @example clopperPearson(8, 10) // { estimate: 0.8, lower: 0.4439, upper: 0.9748, level: 0.95 }
 */
export function clopperPearson(x: number, n: number, level = 0.95): BinomialInterval {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 0 || x < 0 || x > n) throw new Error(`clopperPearson: need integers 0 <= x <= n (got x = ${x}, n = ${n})`);
  if (!(level > 0 && level < 1)) throw new Error(`clopperPearson: level must be in (0, 1) (got ${level})`);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level };
  const a = 1 - level;
  const lower = x === 0 ? 0 : qbeta(a / 2, x, n - x + 1);
  const upper = x === n ? 1 : qbeta(1 - a / 2, x + 1, n - x);
  return { estimate: x / n, lower, upper, level };
}
