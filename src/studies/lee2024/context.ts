/**
 * One shared set of loaded data, fits and results for the steps `reproduce` runs after the notebooks
 * (figures, replication report): each distinct fit or analysis is computed once, on first use, and then
 * handed to every step that needs it.
 */
import type { LiwcRecord } from '../../data/liwc';
import type { RatingRecord, ResponseRecord } from '../../data/types';
import type { LmmFit } from '../../model/index';
import type { RobustnessResult } from '../../ordinal/index';
import type { ResponseFeatures } from '../../style/featureModels';
import { loadLee2024Ratings, loadLee2024Responses, loadLee2024Study2Liwc } from './data';
import { fitPaperModel, type RaterCoding } from './models';
import { ordinalRobustness } from './robustness';
import { styleResults, type FeatureSet, type StyleResults } from './style';

/** Lazily computed, memoized data and results of the Lee et al. (2024) analyses. */
export class Lee2024Context {
  private readonly memo = new Map<string, unknown>();

  /** `dir`: the cache folder (default data/cache/lee2024). */
  constructor(readonly dir?: string) {}

  private once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /** All ratings of both studies. */
  records(): RatingRecord[] {
    return this.once('records', () => loadLee2024Ratings({ dir: this.dir }).records);
  }

  /** All responses of both studies. */
  responses(): ResponseRecord[] {
    return this.once('responses', () => loadLee2024Responses({ dir: this.dir }).records);
  }

  /** The paper's model of one study and measure under a rater coding. */
  paperFit(study: number, measure: string, coding: RaterCoding): LmmFit {
    return this.once(`fit|${study}|${measure}|${coding}`, () => fitPaperModel(this.records(), study, measure, coding));
  }

  /** The ordinal robustness check of one study's empathy ratings (unique raters), reusing the LMM fit. */
  robustness(study: number): RobustnessResult {
    return this.once(`robustness|${study}`, () => ordinalRobustness(this.records(), study, 'empathy', 'unique', { lmm: this.paperFit(study, 'empathy', 'unique') }));
  }

  /** LIWC-22's output for the Study 2 responses (the file behind the paper's Figure 3). */
  study2Liwc(): LiwcRecord[] {
    return this.once('study2Liwc', () => loadLee2024Study2Liwc({ dir: this.dir }).records);
  }

  /** Features of the Study 2 responses: LIWC-22's output (the paper's) or our open dictionary. */
  study2Features(set: FeatureSet): ResponseFeatures[] {
    return this.style().rows(set);
  }

  /** The Study 2 style analyses (features of both sets with their contrast tables and Figure 3 rows, classifier, regression). */
  style(): StyleResults {
    return this.once('style', () => styleResults(this.responses(), this.records(), () => this.study2Liwc()));
  }
}

