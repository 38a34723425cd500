/**
 * The profiled deviance as a function of theta (lme4's mkLmerDevfun / `lmer(..., devFunOnly = TRUE)`):
 * REML criterion log|L|^2 + log|R_X|^2 + (n - p)(1 + log(2 pi r2 / (n - p))) or ML deviance
 * log|L|^2 + n (1 + log(2 pi r2 / n)), with beta and u profiled out by penalized least squares.
 */
import { BlockedSystem } from './blocked';
import type { LmmDesign } from './design';

/** A callable profiled deviance, carrying the blocked system it updates. */
export interface DevianceFunction {
  /** The criterion at theta (updates `system` to theta). Infinity if the factorization fails. */
  (theta: ArrayLike<number>): number;
  /** The blocked cross-products and factor, left at the last theta evaluated. */
  readonly system: BlockedSystem;
  /** The design. */
  readonly design: LmmDesign;
  /** REML (true) or ML (false). */
  readonly reml: boolean;
  /** Lower bounds of theta (0 on diagonal entries of Lambda, -Infinity off the diagonal). */
  readonly lower: number[];
  /** lme4's starting value: 1 on diagonal entries, 0 off the diagonal. */
  readonly start: number[];
}

/**
 * Creates the profiled deviance of a design.
 * @example const dev = createDevianceFunction(buildDesign('Reaction ~ Days + (Days|Subject)', rows));
 *   dev([1, 0, 1]) // 1773.68 (the REML criterion at lme4's start)
 */
export function createDevianceFunction(design: LmmDesign, options: { reml?: boolean; system?: BlockedSystem } = {}): DevianceFunction {
  const reml = options.reml ?? true;
  const system = options.system ?? new BlockedSystem(design);
  const f = (theta: ArrayLike<number>): number => {
    if (theta.length !== design.nTheta) throw new Error(`theta has ${theta.length} values; the model has ${design.nTheta}`);
    system.update(theta);
    return system.objective(reml);
  };
  return Object.assign(f, {
    system,
    design,
    reml,
    lower: design.lowerBounds.slice(),
    start: design.lowerBounds.map((l) => (l === 0 ? 1 : 0)),
  });
}
