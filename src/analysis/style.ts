/**
 * The paper's per-feature models of Study 2 (Figure 3): for each linguistic feature,
 * feature ~ source + (1|post) over the responses, with marginal means and pairwise contrasts.
 */
import type { ResponseRecord } from '../data/types';
import { extractFeatures } from '../features/index';
import { comparePairs, emmeans } from '../inference/index';
import type { AdjustMethod } from '../inference/adjust';
import { fitLmm, type LmmFit } from '../model/index';
import { sourceLabel } from '../describe/labels';
import type { Figure3Panel, Figure3Row } from '../figures/index';

/** The features of the paper's Figure 3 and their panels. */
export const FIGURE3_FEATURES: readonly { feature: string; panel: Figure3Panel }[] = [
  { feature: 'i', panel: 'pronouns' },
  { feature: 'we', panel: 'pronouns' },
  { feature: 'you', panel: 'pronouns' },
  { feature: 'shehe', panel: 'pronouns' },
  { feature: 'they', panel: 'pronouns' },
  { feature: 'QMark', panel: 'punctuation' },
  { feature: 'Exclam', panel: 'punctuation' },
  { feature: 'Emoji', panel: 'punctuation' },
  { feature: 'emo_pos', panel: 'emotion' },
  { feature: 'emo_neg', panel: 'emotion' },
];

/** One response with its features (percent of words, as LIWC; WC in words). */
export interface ResponseFeatures {
  post: number;
  source: string;
  features: Record<string, number>;
}

/** Features (open dictionary) of each response. */
export function responseFeatures(responses: readonly ResponseRecord[]): ResponseFeatures[] {
  const table = extractFeatures(responses.map((r) => r.text));
  return responses.map((r, i) => ({ post: r.post, source: r.source, features: table.rows[i]! as Record<string, number> }));
}

/** The per-feature model feature ~ source + (1|post) (REML). */
export function fitFeatureModel(rows: readonly ResponseFeatures[], feature: string, reference = 'gpt4'): LmmFit {
  const data = rows.map((r) => ({ value: r.features[feature] ?? NaN, source: r.source, post: String(r.post) }));
  return fitLmm('value ~ source + (1|post)', data, { reference: { source: reference }, dataName: `${feature} per response` });
}

/** Figure 3 rows: per feature and model, the marginal mean with its 95% CI (percent of words). */
export function figure3Rows(rows: readonly ResponseFeatures[], features = FIGURE3_FEATURES): Figure3Row[] {
  return features.flatMap(({ feature, panel }) =>
    emmeans(fitFeatureModel(rows, feature), 'source').rows.map((m) => ({ feature, panel, model: sourceLabel(m.level), mean: m.emmean, lower: m.lower, upper: m.upper })),
  );
}

/** All pairwise model contrasts of one feature. */
export function featureContrasts(rows: readonly ResponseFeatures[], feature: string, adjust: AdjustMethod = 'none') {
  return comparePairs(fitFeatureModel(rows, feature), 'source', { adjust });
}
