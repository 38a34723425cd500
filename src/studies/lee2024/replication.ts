/**
 * Our values for the paper's rating claims (data/reported/lee2024.json), computed with the same
 * functions the notebooks call. Each measurement carries a note saying how it was computed and, where
 * the paper's number cannot be reproduced exactly, why.
 */
import type { RatingRecord } from '../../data/types';
import { ciAcrossPosts, summarizeBySourceAndMeasure } from '../../describe/descriptives';
import type { Claim } from '../../report/claims';
import type { Measurement } from '../../report/replication';
import { compareLee2024Studies, fitPaperModel, pairTest, type RaterCoding } from './models';
import type { LmmFit } from '../../model/index';

/**
 * Measurements for every rating claim (means, the paper's CIs, contrasts, cross-study p values). `fitFor`
 * gives the paper's model of a study and measure (default: fitted here, once each); the pipeline passes
 * its shared fits.
 */
export function ratingMeasurements(
  records: readonly RatingRecord[],
  claims: readonly Claim[],
  coding: RaterCoding = 'paper',
  fitFor: (study: number, measure: string) => LmmFit = memoFits(records, coding),
): Measurement[] {
  const out: Measurement[] = [];
  const cells = summarizeBySourceAndMeasure(records.map((r) => ({ ...r, source: `${r.study}|${r.source}` })));
  const codingNote = coding === 'paper' ? "paper's rater coding (SubjectNum)" : 'unique raters';
  for (const c of claims) {
    const study = c.study ?? 0;
    const measure = c.measure ?? 'empathy';
    switch (c.kind) {
      case 'mean': {
        const cell = cells.find((x) => x.source === `${study}|${c.source}` && x.measure === measure);
        if (cell) out.push({ id: c.id, value: cell.mean, note: `mean of ${cell.n} ratings` });
        break;
      }
      case 'paper_ci': {
        const rows = records.filter((r) => r.study === study);
        const spread = measure === 'empathy' ? 'appropriateness' : measure;
        const ci = ciAcrossPosts(rows, c.source!, measure, { quantile: 'normal', spreadFrom: spread });
        const note =
          spread === measure
            ? 'mean +/- 1.96 SD(per-post means)/sqrt(posts)'
            : "reproduced only with the paper's defect: SD of per-post APPROPRIATENESS means (z); the correct interval is wider, see notebook 0" + study;
        out.push({ id: c.id, value: [ci.lower, ci.upper], note });
        break;
      }
      case 't':
      case 'p': {
        const [a, b] = c.contrast!;
        const test = pairTest(fitFor(study, measure), 'source', a, b);
        out.push({
          id: c.id,
          value: c.kind === 't' ? test.t : test.p,
          p: c.p ? test.p : undefined,
          note: `paper's model, REML, Satterthwaite df = ${test.df.toFixed(1)}, ${codingNote}`,
        });
        break;
      }
      case 'cross_study_p': {
        const row = compareLee2024Studies(records, coding, { measure, sources: [c.source!] }).rows[0]!;
        out.push({ id: c.id, value: row.p, note: `rating ~ study + (1|post) + (1|rater), ${codingNote}; t = ${row.t.toFixed(2)}` });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The paper's model per study and measure, fitted on first use. */
function memoFits(records: readonly RatingRecord[], coding: RaterCoding): (study: number, measure: string) => LmmFit {
  const fits = new Map<string, LmmFit>();
  return (study, measure) => {
    const key = `${study}|${measure}`;
    let f = fits.get(key);
    if (!f) fits.set(key, (f = fitPaperModel(records, study, measure, coding)));
    return f;
  };
}
