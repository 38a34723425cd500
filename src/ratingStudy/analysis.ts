/**
 * The standard analysis of a rating study, one function per step of its notebook: the mixed model,
 * marginal means and all pairwise (Tukey) contrasts with a degrees-of-freedom method chosen by size,
 * standardized effect sizes with bootstrap intervals, rater agreement, the ordinal robustness check and
 * the power of a follow-up. Each returns values (for tables, figures, sentences and results.json).
 */
import { raterAgreement, type RaterAgreement } from '../agreement/index';
import { effectSizes, emmeans, type ContrastTable, type DfMethod, type EffectSizeTable, type EmmGrid } from '../inference/index';
import { fitLmm, type LmmFit } from '../model/index';
import { compareLmmClmm, type RobustnessResult } from '../ordinal/index';
import { closedFormContrastPower, lmmScenario, smallestRatersFor, type LmmScenario, type StudyLayout } from '../power/index';
import type { StudyDesign } from './design';
import type { RatingStudy } from './load';


/** Above this many ratings, Satterthwaite df instead of Kenward-Roger (emmeans' pbkrtest.limit). */
export const KENWARD_ROGER_LIMIT = 3000;

/** The study's mixed model (REML), the reference source first. */
export function fitStudyModel(study: RatingStudy, design: StudyDesign): LmmFit {
  return fitLmm(design.formula, study.rows, { reference: { [study.spec.columns.source]: study.sources[0]! }, dataName: `${study.spec.name} (${study.measure})` });
}

/** The df method for the means and contrasts, and why (Kenward-Roger up to {@link KENWARD_ROGER_LIMIT} ratings). */
export function studyDfMethod(fit: LmmFit): { method: DfMethod; reason: string } {
  return fit.nobs <= KENWARD_ROGER_LIMIT
    ? { method: 'kenward-roger', reason: `Kenward-Roger degrees of freedom (emmeans' default; the study has ${fit.nobs} ratings, at most ${KENWARD_ROGER_LIMIT}, so it is quick)` }
    : { method: 'satterthwaite', reason: `Satterthwaite degrees of freedom (the study has ${fit.nobs} ratings, more than ${KENWARD_ROGER_LIMIT}, where emmeans also stops using Kenward-Roger)` };
}

/** Marginal means of the sources and all pairwise contrasts, Tukey-adjusted. */
export interface StudyMeans {
  means: EmmGrid;
  contrasts: ContrastTable;
  df: { method: DfMethod; reason: string };
}

/** {@link StudyMeans} of the fit. */
export function studyMeans(fit: LmmFit, study: RatingStudy): StudyMeans {
  const df = studyDfMethod(fit);
  const means = emmeans(fit, study.spec.columns.source, { df: df.method });
  return { means, contrasts: means.contrast('pairwise', { adjust: 'tukey' }), df };
}

/** Bootstrap replicates for effect sizes: fewer for large studies (each replicate is a refit). */
export function effectSizeReplicates(nobs: number): number {
  return nobs <= 2000 ? 500 : nobs <= 10000 ? 200 : 100;
}

/** Standardized pairwise differences d = contrast / sqrt(total variance), seeded parametric bootstrap CIs. */
export function studyEffectSizes(fit: LmmFit, study: RatingStudy, seed = 1): EffectSizeTable {
  return effectSizes(fit, study.spec.columns.source, { method: 'pairwise', replicates: effectSizeReplicates(fit.nobs), seed });
}

/** Rater agreement per source and overall (ICC(2,1), ICC(2,k), Krippendorff's alpha; bootstrap CIs over items). */
export function studyAgreement(study: RatingStudy, seed = 1): RaterAgreement {
  return raterAgreement(
    study.ratings.map((r) => ({ rater: r.rater, item: r.item, rating: r.rating, group: r.source })),
    { seed, replicates: 1000, scale: study.spec.scale },
  );
}


/** All pairwise conclusions from the linear model and from the cumulative link (ordinal) model. */
export function studyRobustness(study: RatingStudy, design: StudyDesign, fit: LmmFit): RobustnessResult {
  return compareLmmClmm(design.formula, study.rows, { factor: study.spec.columns.source, reference: { [study.spec.columns.source]: study.sources[0]! }, lmm: fit, dataName: `${study.spec.name} (${study.measure})` });
}

/** The power of a follow-up for one contrast, over numbers of raters (closed form, noncentral t). */
export interface FollowUpPower {
  contrast: [string, string];
  /** The difference the follow-up should detect (the observed one), in rating points. */
  difference: number;
  layout: StudyLayout;
  scenario: LmmScenario;
  curve: { raters: number; power: number }[];
  /** Smallest number of raters with 80% power (null: more than 100,000). */
  ratersFor80: number | null;
  description: string;
}

/**
 * Power of a follow-up with the design the fit describes, to detect the smallest observed difference
 * between two sources: each new rater rates every source's response of `itemsPerRater` items (the
 * within-rater layout, which the crossed design has and a nested one could adopt), variances from the fit.
 */
export function followUpPower(fit: LmmFit, study: RatingStudy, design: StudyDesign, means: EmmGrid): FollowUpPower {
  const c = study.spec.columns;
  const rows = means.rows.filter((r) => r.estimable);
  let best: [string, string] | null = null;
  let diff = Infinity;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const d = Math.abs(rows[i]!.emmean - rows[j]!.emmean);
      if (d > 0 && d < diff) {
        diff = d;
        best = rows[i]!.emmean >= rows[j]!.emmean ? [rows[i]!.level, rows[j]!.level] : [rows[j]!.level, rows[i]!.level];
      }
    }
  }
  if (!best) throw new Error('followUpPower: no two sources differ');
  const scenario = lmmScenario(fit, { factor: c.source, roles: { rater: c.rater, post: c.item, 'post:rater': `${c.item}:${c.rater}`, 'post:condition': `${c.item}:${c.source}` } });
  const itemsPerRater = Math.max(1, Math.round(design.perRater.mean / (design.structure === 'crossed' ? design.sourcesPerRaterMax : 1)));
  const layout: StudyLayout = { posts: design.items, postsPerRater: Math.min(itemsPerRater, design.items), conditions: study.sources.slice(), factor: c.source };
  const power = (raters: number) => closedFormContrastPower(scenario, layout, best!, raters).power;
  const ratersFor80 = smallestRatersFor(power, 0.8, 2);
  const top = Math.max(20, Math.ceil((ratersFor80 ?? design.raters * 4) * 1.5));
  const step = Math.max(1, Math.round(top / 12));
  const curve: { raters: number; power: number }[] = [];
  for (let r = step; r <= top; r += step) curve.push({ raters: r, power: power(r) });
  const description =
    `To detect a difference of ${diff.toFixed(2)} points between ${best[0]} and ${best[1]} (the smallest observed) with 80% power at alpha = .05, ` +
    (ratersFor80 === null
      ? 'no number of raters up to 100,000 suffices in this layout'
      : `a follow-up needs about ${ratersFor80} raters, each rating every source's response to ${layout.postsPerRater} of ${layout.posts} items`) +
    ' (closed-form power of the within-rater contrast, variances from this study).';
  return { contrast: best, difference: diff, layout, scenario, curve, ratersFor80, description };
}
