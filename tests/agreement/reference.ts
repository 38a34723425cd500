/** Reads the R reference cases of tests/reference/agreement (written by tests/reference/R/agreement.R). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RatingRow } from '../../src/agreement/index';

export interface ReferenceIcc {
  counts: { rows: number; ratings: number; missing: number; items: number; raters: number; mean_ratings_per_item: number };
  reml_crossed: { item: number; rater: number; residual: number };
  reml_oneway: { item: number; residual: number };
  performance: { icc2_by_group_item: number; icc1_adjusted: number };
  psych: { n_obs: number; nj: number; lme: { id: number; items: number; residual: number }; icc: { type: string; ICC: number }[] };
  psych_anova?: {
    results: { type: string; ICC: number; F: number; df1: number; df2: number; p: number; lower: number; upper: number }[];
    MSB: number;
    MSJ: number;
    MSE: number;
  };
}

export interface ReferenceCase extends ReferenceIcc {
  case: string;
  data: { item: string[]; rater: string[]; rating: (number | null)[] };
  source?: string[];
  groups?: (ReferenceIcc & { group: string })[];
  overall?: ReferenceIcc;
  paper_model?: { formula: string; reference: string; varcorr: Record<string, number>; by_group: { group: string; ICC: number }[] };
}

export const ICC_CASES = ['shrout_fleiss', 'complete_crossed', 'incomplete_crossed', 'nested_groups'] as const;

export function readCase(name: string): ReferenceCase {
  return JSON.parse(readFileSync(join(__dirname, '..', 'reference', 'agreement', `${name}.json`), 'utf8')) as ReferenceCase;
}

/** The case's long rows (with the source as group when the case has one). */
export function rowsOf(c: ReferenceCase, withGroup = true): RatingRow[] {
  return c.data.item.map((item, i) => ({
    item,
    rater: c.data.rater[i]!,
    rating: c.data.rating[i],
    ...(withGroup && c.source ? { group: c.source[i]! } : {}),
  }));
}
