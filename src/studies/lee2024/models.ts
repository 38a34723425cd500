/**
 * The Lee et al. (2024) rating analyses, as functions shared by the notebooks, the replication
 * report and the figure export (so a number in the report is the number the notebook prints).
 *
 * The paper's model: rating ~ source + (1|post:rater) + (1|post) + (1|rater), treatment contrasts,
 * reference level human (Study 1) or gpt4 (Study 2), other pairs by changing the reference, no
 * multiplicity correction. "paper" rater coding = SubjectNum as in the files (collides across the
 * Study 1 groups); "unique" = one rater per (group, SubjectNum).
 */
import type { RatingRecord } from '../../data/types';
import { fitLmm, type LmmFit } from '../../model/index';
import type { ContrastTest } from '../../model/satterthwaite';
import { compareStudies, type CrossStudyOptions, type CrossStudyTable, type StudyRating } from '../../inference/index';

/** How raters are identified: as the paper did (SubjectNum) or uniquely across groups. */
export type RaterCoding = 'paper' | 'unique';

/** The paper's reference level per study. */
export const PAPER_REFERENCE: Readonly<Record<number, string>> = { 1: 'human', 2: 'gpt4' };

/** The paper's model on the rows of {@link lee2024ModelRows} (column `rater` holds the chosen coding). */
export const PAPER_MODEL_FORMULA = 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)';

/**
 * One study's ratings of one measure as plain rows for {@link PAPER_MODEL_FORMULA}: rating, source, post
 * (text), rater (SubjectNum for the paper's coding, unique ids otherwise) and domain.
 */
export function lee2024ModelRows(records: readonly RatingRecord[], study: number, measure: string, coding: RaterCoding): { rating: number; source: string; post: string; rater: string; domain: string }[] {
  return selectRatings(records, study, measure).map((r) => ({ rating: r.rating, source: r.source, post: String(r.post), rater: coding === 'paper' ? r.rater_raw : r.rater, domain: r.domain }));
}

/** The paper's model formula with the chosen rater column. */
export function paperFormula(coding: RaterCoding): string {
  const rater = coding === 'paper' ? 'rater_raw' : 'rater';
  return `rating ~ source + (1|post:${rater}) + (1|post) + (1|${rater})`;
}

/** Ratings of one study and measure. */
export function selectRatings(records: readonly RatingRecord[], study: number, measure: string): RatingRecord[] {
  return records.filter((r) => r.study === study && r.measure === measure);
}

/** Fits the paper's model to one study and measure (REML, as the paper). */
export function fitPaperModel(records: readonly RatingRecord[], study: number, measure: string, coding: RaterCoding = 'paper'): LmmFit {
  const rows = selectRatings(records, study, measure);
  if (rows.length === 0) throw new Error(`no ${measure} ratings for Study ${study}`);
  return fitLmm(paperFormula(coding), rows, {
    reference: { source: PAPER_REFERENCE[study] ?? rows[0]!.source },
    dataName: `Study ${study} ${measure} ratings (${coding === 'paper' ? "paper's rater coding" : 'unique raters'})`,
  });
}

/** Weight vector of "level a minus level b" for a treatment-coded factor `factor` (reference has no column). */
export function pairWeights(fit: LmmFit, factor: string, a: string, b: string): Record<string, number> {
  const w: Record<string, number> = {};
  for (const [level, sign] of [[a, 1], [b, -1]] as const) {
    const term = `${factor}${level}`;
    if (fit.fixefNames.includes(term)) w[term] = (w[term] ?? 0) + sign;
    else if (level !== referenceLevel(fit, factor)) throw new Error(`level '${level}' of ${factor} is not in the model (terms: ${fit.fixefNames.join(', ')})`);
  }
  return w;
}

/** The reference level of a factor in a fitted model. */
export function referenceLevel(fit: LmmFit, factor: string): string {
  const f = fit.design.factors[factor];
  if (!f) throw new Error(`'${factor}' is not a factor of the model`);
  return f.reference;
}

/** t-test of level a vs level b (Satterthwaite df), as the paper got it by changing the reference level. */
export function pairTest(fit: LmmFit, factor: string, a: string, b: string): ContrastTest {
  return fit.contrast(pairWeights(fit, factor, a, b));
}

/** The comparisons the paper reports, per study, as [a, b] = "a vs b". */
export const PAPER_PAIRS: Readonly<Record<number, readonly (readonly [string, string])[]>> = {
  1: [['gpt4', 'human'], ['llama2', 'human'], ['mistral', 'human'], ['gpt4_high', 'gpt4'], ['llama2', 'gpt4'], ['gpt4', 'mistral'], ['llama2', 'mistral']],
  2: [['llama2', 'gpt4'], ['mistral', 'gpt4'], ['mistral', 'llama2']],
};

/**
 * Study 1 vs Study 2 per source with the chosen rater coding: "paper" (the authors' SubjectNum, so group
 * 1's and group 2's rater k of Study 1 share one random effect; reproduces p = .586 / .580 / .735) or
 * "unique" (p = .599 / .596 / .729). See inference/crossStudy.ts.
 */
export function compareLee2024Studies(records: readonly StudyRating[], coding: RaterCoding = 'paper', options: Omit<CrossStudyOptions, 'raterCoding' | 'codingLabel'> = {}): CrossStudyTable {
  return compareStudies(records, { ...options, raterCoding: coding === 'paper' ? 'raw' : 'unique', codingLabel: coding });
}
