/**
 * Verdicts: does our number reproduce the paper's to the precision the paper printed?
 *
 * - reproduced: ours, rounded to the paper's decimals, equals the paper's value (for bounds: ours
 *   satisfies the bound);
 * - rounding: ours differs by exactly one unit in the last printed digit (what a different rounding
 *   rule, or a tiny numerical difference, produces); reported separately so nothing is hidden;
 * - rounded-bound: a bound ours does NOT satisfy, although ours rounded to the bound's printed
 *   decimals equals the bound (p's > .65 against our smallest p = .6451): the paper most likely printed
 *   its own value, rounded, as a strict bound. One rule for every bound (see verdictForBound); never
 *   counted as reproduced;
 * - differs: anything else.
 * t values are compared in absolute value (the paper prints them unsigned).
 */
import type { Bound } from './claims';

export type Verdict = 'reproduced' | 'rounding' | 'rounded-bound' | 'differs';

/** Every verdict, from best to worst (the order of the report's counts). */
export const VERDICTS: readonly Verdict[] = ['reproduced', 'rounding', 'rounded-bound', 'differs'];

/** Rounds half away from zero to `decimals` (as a reader rounds a printed number). */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
}

/** Verdict for one printed number. */
export function verdictForValue(paper: number, ours: number, decimals: number): Verdict {
  if (!Number.isFinite(ours)) return 'differs';
  const unit = 10 ** -decimals;
  const diff = Math.abs(roundTo(ours, decimals) - paper);
  if (diff < unit / 2) return 'reproduced';
  if (diff < unit * 1.5) return 'rounding';
  return 'differs';
}

/**
 * The decimals a number was printed with: the fewest (up to 15) that represent it exactly.
 * @example printedDecimals(0.65) // 2; printedDecimals(0.001) // 3; printedDecimals(0) // 0
 */
export function printedDecimals(x: number): number {
  for (let d = 0; d < 15; d++) if (Math.abs(roundTo(x, d) - x) < 1e-12) return d;
  return 15;
}

/**
 * Verdict for a bound such as p < .001 or p's > .65: 'reproduced' when ours satisfies it;
 * 'rounded-bound' when ours does not, is not equal to the bound, and rounded to the bound's printed
 * decimals (`decimals`, default {@link printedDecimals} of the bound) equals it; 'differs' otherwise.
 * @example verdictForBound({ op: '>', value: 0.65 }, 0.6451) // 'rounded-bound'
 */
export function verdictForBound(bound: Bound, ours: number, decimals: number = printedDecimals(bound.value)): Verdict {
  if (!Number.isFinite(ours)) return 'differs';
  if (bound.op === '<' ? ours < bound.value : ours > bound.value) return 'reproduced';
  if (ours !== bound.value && Math.abs(roundTo(ours, decimals) - bound.value) < 10 ** -decimals / 2) return 'rounded-bound';
  return 'differs';
}

/** Verdict for an interval: the worse of its two ends. */
export function verdictForInterval(paper: readonly [number, number], ours: readonly [number, number], decimals: number): Verdict {
  return worst([verdictForValue(paper[0], ours[0], decimals), verdictForValue(paper[1], ours[1], decimals)]);
}

/** The worst of several verdicts (differs > rounding > rounded-bound > reproduced). */
export function worst(verdicts: readonly Verdict[]): Verdict {
  for (const v of ['differs', 'rounding', 'rounded-bound'] as const) if (verdicts.includes(v)) return v;
  return 'reproduced';
}
