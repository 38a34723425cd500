/**
 * Per-replicate seeds: each simulated data set gets its own seed computed from the master seed, the design
 * (number of raters) and the replicate number, so results do not depend on how many worker threads run
 * the replicates or in which order.
 */

/** A 32-bit integer mixing function (the finaliser of MurmurHash3 / lowbias32): spreads nearby inputs apart. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Seed (1 .. 2^32 - 1) of replicate `replicate` of the design with `raters` raters.
 * @example replicateSeed(1, 100, 0) !== replicateSeed(1, 100, 1)
 */
export function replicateSeed(seed: number, raters: number, replicate: number): number {
  const a = mix32(Math.trunc(seed) ^ 0x5bd1e995);
  const b = mix32(a ^ Math.imul(Math.trunc(raters) + 1, 0x9e3779b9));
  const c = mix32(b ^ Math.imul(Math.trunc(replicate) + 1, 0x85ebca6b));
  return c === 0 ? 1 : c;
}
