/**
 * Robustness of the paper's conclusions to treating the 5-point ratings as ordinal: the paper's
 * model refitted as a cumulative link mixed model (logit), each reported comparison decided by both.
 */
import type { RatingRecord } from '../../data/types';
import { SOURCE_LABELS } from './labels';
import { compareLmmClmm, type RobustnessResult } from '../../ordinal/index';
import type { LmmFit } from '../../model/index';
import { PAPER_PAIRS, PAPER_REFERENCE, paperFormula, selectRatings, type RaterCoding } from './models';

/** The paper's comparisons of one study in the LMM and the CLMM (same formula, unadjusted alpha = .05). */
export function ordinalRobustness(records: readonly RatingRecord[], study: number, measure = 'empathy', coding: RaterCoding = 'unique', fitted: { lmm?: LmmFit } = {}): RobustnessResult {
  return compareLmmClmm(paperFormula(coding), selectRatings(records, study, measure), {
    ...fitted,
    factor: 'source',
    reference: { source: PAPER_REFERENCE[study]! },
    pairs: PAPER_PAIRS[study],
    labels: { ...SOURCE_LABELS },
    dataName: `Study ${study} ${measure} ratings`,
  });
}
