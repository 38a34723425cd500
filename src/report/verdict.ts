/**
 * Verdicts: does our number reproduce the paper's to the precision the paper printed?
 *
 * - reproduced: ours, rounded to the paper's decimals, equals the paper's value (for bounds: ours
 *   satisfies the bound);
 * - rounding: ours differs by exactly one unit in the last printed digit (what a different rounding
 *   rule, or a tiny numerical difference, produces); reported separately so nothing is hidden;
 * - differs: anything else.
 * t values are compared in absolute value (the paper prints them unsigned).
 */
import type { Bound } from './claims';

export type Verdict = 'reproduced' | 'rounding' | 'differs';

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

/** Verdict for a bound such as p < .001. */
export function verdictForBound(bound: Bound, ours: number): Verdict {
  return (bound.op === '<' ? ours < bound.value : ours > bound.value) ? 'reproduced' : 'differs';
}

/** Verdict for an interval: the worse of its two ends. */
export function verdictForInterval(paper: readonly [number, number], ours: readonly [number, number], decimals: number): Verdict {
  return worst([verdictForValue(paper[0], ours[0], decimals), verdictForValue(paper[1], ours[1], decimals)]);
}

/** The worst of several verdicts (differs > rounding > reproduced). */
export function worst(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('differs')) return 'differs';
  if (verdicts.includes('rounding')) return 'rounding';
  return 'reproduced';
}
