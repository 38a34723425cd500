/**
 * Seeded random numbers (stdlib's Mersenne Twister based generators): the same seed gives the same
 * stream on every machine, so bootstrap, simulation and cross-validation results are reproducible.
 */
import normalFactory from '@stdlib/random-base-normal';
import randuFactory from '@stdlib/random-base-randu';

/** A seeded source of uniform and standard-normal variates. */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer uniform on 0..n-1. */
  int(n: number): number;
}

/** Creates a reproducible generator from an integer seed (1 <= seed < 2^32). */
export function createRng(seed: number): Rng {
  const s = (Math.abs(Math.trunc(seed)) % 4294967295) + 1;
  const u = randuFactory.factory({ seed: s, name: 'mt19937' });
  const n = normalFactory.factory(0, 1, { seed: (s * 2654435761) % 4294967295 || 1 });
  return {
    uniform: () => u(),
    normal: () => n(),
    int: (k: number) => Math.floor(u() * k),
  };
}

/** Fisher-Yates shuffle of a copy of `xs` using `rng`. */
export function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
