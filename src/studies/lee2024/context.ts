/**
 * One shared set of loaded data, fits and results for the steps `reproduce` runs after the notebooks
 * (figures, replication report): each distinct fit or analysis is computed once, on first use, and then
 * handed to every step that needs it.
 */
import type { RatingRecord, ResponseRecord } from '../../data/types';
import type { LmmFit } from '../../model/index';
import type { RobustnessResult } from '../../ordinal/index';
import type { ResponseFeatures } from '../../style/featureModels';
import { loadLee2024Ratings, loadLee2024Responses } from './data';
import { fitPaperModel, type RaterCoding } from './models';
import { ordinalRobustness } from './robustness';
import { styleResults, type StyleResults } from './style';

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

  /** Open-dictionary features of the Study 2 responses. */
  study2Features(): ResponseFeatures[] {
    return this.style().rows();
  }

  /** The Study 2 style analyses (contrast tables, classifier, regression). */
  style(): StyleResults {
    return this.once('style', () => styleResults(this.responses(), this.records()));
  }
}

