/**
 * How much the Lee et al. (2024) raters agree: ICC(2,1), ICC(2,k) and Krippendorff's alpha of one study's
 * ratings of one measure, per source and over all sources (src/agreement), with raters identified uniquely
 * (with the paper's SubjectNum coding, two people of Study 1 share an id and "rate" a response twice).
 */
import { raterAgreement, type RaterAgreement } from '../../agreement/index';
import type { RatingRecord } from '../../data/types';
import { LEE2024_SCALE } from './data';
import { selectRatings } from './models';

/** Rater agreement of one study and measure (items = posts; per source and pooled; seeded item bootstrap). */
export function lee2024Agreement(records: readonly RatingRecord[], study: number, measure = 'empathy', seed = 2024, replicates = 1000): RaterAgreement {
  return raterAgreement(
    selectRatings(records, study, measure).map((r) => ({ rater: r.rater, item: String(r.post), rating: r.rating, group: r.source })),
    { seed, replicates, scale: { min: LEE2024_SCALE.min, max: LEE2024_SCALE.max } },
  );
}

/** The agreement as table rows (source, counts, the four estimates with ICC(2,1)'s interval). */
export function agreementRows(a: RaterAgreement, label: (source: string) => string = (s) => s): Record<string, string | number>[] {
  return [a.overall, ...a.groups].map((g) => ({
    source: g.group === null ? 'all sources' : label(g.group),
    ratings: g.counts.ratings,
    responses: g.counts.items,
    raters: g.counts.raters,
    k: g.k,
    'ICC(2,1)': g.icc_single.estimate,
    'ICC(2,1) 95% CI': `${g.icc_single.lower.toFixed(3)} to ${g.icc_single.upper.toFixed(3)}`,
    'ICC(2,k)': g.icc_average.estimate,
    'alpha (interval)': g.alpha_interval.estimate,
    'alpha (ordinal)': g.alpha_ordinal.estimate,
  }));
}
