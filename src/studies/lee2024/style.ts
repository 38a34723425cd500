/**
 * The linguistic-style analysis of Lee et al. (2024), Study 2 (Figure 3, Tables III and IV), as the
 * notebook 03 runs it and the replication report measures it: the inputs (responses as style
 * documents, responses with their mean empathy rating), the settings both use, the rating-level mixed
 * model, and our values for the paper's style claims.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { RatingRecord, ResponseRecord } from '../../data/types';
import { formatPValue } from '../../format/index';
import { fitLmm, type LmmFit } from '../../model/index';
import type { Claim } from '../../report/claims';
import type { Measurement } from '../../report/replication';
import {
  buildRatingLevelDesign,
  crossValidateEmpathyRegression,
  crossValidateStyleClassifier,
  fitEmpathyRegression,
  fitStyleClassifier,
  meanRatingPerResponse,
  repeatedHoldoutStyleClassifier,
  topWeightedFeatures,
  type EmpathyRegressionFit,
  type RatedDoc,
  type StyleDoc,
} from '../../style/index';
import { featureContrastTable, figure3Rows, responseFeatures, type FeatureContrastRow, type PanelFeature, type ResponseFeatures } from '../../style/featureModels';
import type { Figure3Row } from '../../figures/index';
import { sourceLabel } from './labels';

/** The features of the paper's Figure 3 and their panels. */
export const FIGURE3_FEATURES: readonly PanelFeature[] = [
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

/** Figure 3's rows: the paper's features, sources labelled as the paper prints them, bootstrap CIs over posts. */
export function lee2024Figure3Rows(rows: readonly ResponseFeatures[]): Figure3Row[] {
  return figure3Rows(rows, FIGURE3_FEATURES, { label: sourceLabel });
}

/** Settings shared by notebook 03 and the report, so both print the same numbers. */
export const LEE2024_STYLE_SETTINGS = {
  /** Seed of every split and permutation. */
  seed: 2024,
  /** Grouped K-fold by post. */
  folds: 5,
  /** Repeats of the grouped K-fold. */
  repeats: 10,
  /** Single 90:10 splits averaged for the paper's protocol. */
  holdoutSplits: 50,
  /** Permutations of the test against chance (p >= 1 / (N + 1)). */
  permutations: 99,
  /** Top-weighted n-grams per model compared with the paper's list. */
  topK: 10,
  /** Features entering the rating-level mixed model: this many most positive and most negative ridge coefficients. */
  mixedModelFeatures: 5,
} as const;

/** The models of Study 2 in the paper's order. */
export const STUDY2_MODELS = ['gpt4', 'llama2', 'mistral'] as const;

/** Study 2 responses as classifier documents (group = post, label = model). */
export function styleDocs(responses: readonly ResponseRecord[]): StyleDoc[] {
  return responses.map((r) => ({ id: `${r.study}-${r.post}-${r.source}`, group: r.post, label: r.source, text: r.text }));
}

/**
 * Each response with the mean of its empathy ratings (the regression's outcome). Ratings of a response
 * that has no text, and responses without ratings, are errors naming them.
 */
export function ratedDocs(responses: readonly ResponseRecord[], ratings: readonly RatingRecord[], measure = 'empathy'): RatedDoc[] {
  const text = new Map(responses.map((r) => [`${r.study}|${r.post}|${r.source}`, r]));
  const means = meanRatingPerResponse(
    ratings.map((r) => ({ ...r, post: `${r.study}|${r.post}` })),
    measure,
  );
  if (means.length !== responses.length) {
    const rated = new Set(means.map((m) => `${m.post}|${m.source}`));
    const unrated = responses.filter((r) => !rated.has(`${r.study}|${r.post}|${r.source}`));
    if (unrated.length > 0) throw new Error(`ratedDocs: ${unrated.length} response(s) have no ${measure} rating, e.g. Study ${unrated[0]!.study} post ${unrated[0]!.post} ${unrated[0]!.source}`);
  }
  return means.map((m) => {
    const r = text.get(`${m.post}|${m.source}`);
    if (!r) throw new Error(`ratedDocs: ratings of ${m.post.replace('|', ' post ')} ${m.source} have no response text`);
    return { id: `${r.study}-${r.post}-${r.source}`, group: r.post, text: r.text, y: m.mean };
  });
}

/**
 * The rating-level mixed model rating ~ features + (1|rater) + (1|post): the individual ratings on the
 * features with the `k` most positive and `k` most negative coefficients of the response-level ridge fit.
 * The features were chosen on the same data, so their p values are optimistic: read the estimates
 * as "how much of the response-level association survives rater and post effects".
 */
export function ratingLevelStyleModel(
  ratings: readonly RatingRecord[],
  responses: readonly ResponseRecord[],
  regression: EmpathyRegressionFit,
  k: number = LEE2024_STYLE_SETTINGS.mixedModelFeatures,
  measure = 'empathy',
): { fit: LmmFit; features: { column: string; feature: string }[] } {
  const top = regression.topCoefficients(k);
  const include = [...top.positive, ...top.negative].map((w) => w.feature);
  const rows = ratings.filter((r) => r.measure === measure);
  const design = buildRatingLevelDesign(rows, responses, regression.features, { include });
  return { fit: fitLmm(design.formula, design.data, { dataName: `${measure} ratings with style features` }), features: design.featureColumns };
}

/** Mean and sample SD (n - 1) of a feature per source (e.g. word counts). */
export function featureMeanSd(rows: readonly ResponseFeatures[], feature: string): { source: string; n: number; mean: number; sd: number }[] {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    const v = r.features[feature];
    if (v === undefined || !Number.isFinite(v)) continue;
    const xs = by.get(r.source) ?? [];
    xs.push(v);
    by.set(r.source, xs);
  }
  return [...by].map(([source, xs]) => ({ source, n: xs.length, mean: mean(xs), sd: xs.length > 1 ? sampleStandardDeviation(xs) : NaN }));
}

const STYLE_KINDS = new Set(['feature_b', 'feature_t', 'feature_p', 'feature_p_min', 'emoji_texts', 'word_count', 'word_count_sd', 'classifier_f1', 'top_ngrams', 'regression_mae']);

/** True for the claim kinds styleMeasurements measures. */
export function isStyleClaim(c: Claim): boolean {
  return STYLE_KINDS.has(c.kind);
}

function findContrast(table: readonly FeatureContrastRow[], feature: string, a: string, b: string): { row: FeatureContrastRow; sign: number } {
  for (const row of table) {
    if (row.feature !== feature) continue;
    if (row.a === a && row.b === b) return { row, sign: 1 };
    if (row.a === b && row.b === a) return { row, sign: -1 };
  }
  throw new Error(`style claims: no contrast ${a} - ${b} of feature ${feature}`);
}

/**
 * The Study 2 style analyses behind the paper's style claims, each computed on first use and then kept:
 * the per-feature contrast table, the classifier under the paper's 90:10 protocol and grouped CV, its top
 * weights, and the empathy regression. Notebook 03 and the report step ask the same questions.
 */
export interface StyleResults {
  rows(): ResponseFeatures[];
  contrastTable(features: readonly string[]): FeatureContrastRow[];
  holdout(): ReturnType<typeof repeatedHoldoutStyleClassifier>;
  cv(): ReturnType<typeof crossValidateStyleClassifier>;
  top(): ReturnType<typeof topWeightedFeatures>;
  regression(): ReturnType<typeof crossValidateEmpathyRegression>;
}

/** {@link StyleResults} of the Study 2 responses and ratings, with the settings of {@link LEE2024_STYLE_SETTINGS}. */
export function styleResults(responses: readonly ResponseRecord[], ratings: readonly RatingRecord[]): StyleResults {
  const S = LEE2024_STYLE_SETTINGS;
  const study2 = responses.filter((r) => r.study === 2);
  const once = <T>(f: () => T): (() => T) => {
    let v: { value: T } | undefined;
    return () => (v ??= { value: f() }).value;
  };
  const rows = once(() => responseFeatures(study2));
  const docs = once(() => styleDocs(study2));
  const tables = new Map<string, FeatureContrastRow[]>();
  return {
    rows,
    contrastTable(features) {
      const key = features.join('|');
      let t = tables.get(key);
      if (!t) tables.set(key, (t = featureContrastTable(rows(), features)));
      return t;
    },
    holdout: once(() => repeatedHoldoutStyleClassifier(docs(), { splits: S.holdoutSplits, seed: S.seed, classes: STUDY2_MODELS })),
    cv: once(() => crossValidateStyleClassifier(docs(), { folds: S.folds, repeats: S.repeats, seed: S.seed, classes: STUDY2_MODELS })),
    top: once(() => topWeightedFeatures(fitStyleClassifier(docs()), S.topK)),
    regression: once(() => crossValidateEmpathyRegression(ratedDocs(study2, ratings.filter((r) => r.study === 2)), { folds: S.folds, repeats: S.repeats, seed: S.seed })),
  };
}

/**
 * Our values for the paper's style claims (data/reported/lee2024.json, kinds feature_*, emoji_texts,
 * word_count*, classifier_f1, top_ngrams, regression_mae) from the Study 2 responses and ratings.
 * Feature contrasts are in the paper's proportions (percent / 100); t is signed for the claim's a - b.
 * `results` are the analyses to read (default: computed here; the pipeline passes its shared ones).
 */
export function styleMeasurements(responses: readonly ResponseRecord[], ratings: readonly RatingRecord[], claims: readonly Claim[], results: StyleResults = styleResults(responses, ratings)): Measurement[] {
  const S = LEE2024_STYLE_SETTINGS;
  const mine = claims.filter(isStyleClaim);
  if (mine.length === 0) return [];
  const rows = results.rows();
  const features = [...new Set(mine.filter((c) => c.kind.startsWith('feature_')).map((c) => c.feature as string))];
  const table = results.contrastTable(features);
  const out: Measurement[] = [];
  const model = 'feature ~ model + (1|post), REML, Satterthwaite df; open dictionary (not LIWC-22)';
  for (const c of mine) {
    const feature = c.feature as string;
    switch (c.kind) {
      case 'feature_b':
      case 'feature_t': {
        const [a, b] = c.contrast!;
        const { row, sign } = findContrast(table, feature, a, b);
        const value = c.kind === 'feature_b' ? (sign * row.estimate) / 100 : sign * row.t;
        out.push({ id: c.id, value, p: c.p ? row.p : undefined, note: `${model}; b = ${((sign * row.estimate) / 100).toFixed(4)}, t = ${(sign * row.t).toFixed(2)}, Holm p = ${formatPValue(row.pHolm)}` });
        break;
      }
      case 'feature_p': {
        const [a, b] = c.contrast!;
        const { row } = findContrast(table, feature, a, b);
        out.push({ id: c.id, value: row.p, note: `${model}; t = ${row.t.toFixed(2)}` });
        break;
      }
      case 'feature_p_min': {
        const ps = table.filter((r) => r.feature === feature);
        const min = ps.reduce((m, r) => Math.min(m, r.p), Infinity);
        out.push({ id: c.id, value: min, note: `smallest of ${ps.length} pairwise p values; ${model}` });
        break;
      }
      case 'emoji_texts': {
        const src = c.source!;
        const using = rows.filter((r) => (r.features.Emoji ?? 0) > 0);
        const count = c.others ? using.filter((r) => r.source !== src).length : using.filter((r) => r.source === src).length;
        out.push({ id: c.id, value: count, note: `responses with at least one emoji: ${STUDY2_MODELS.map((m) => `${m} ${using.filter((r) => r.source === m).length}`).join(', ')} (of ${rows.length / 3} each)` });
        break;
      }
      case 'word_count':
      case 'word_count_sd': {
        const s = featureMeanSd(rows, 'WC').find((x) => x.source === c.source);
        if (!s) throw new Error(`style claims: no responses of ${c.source}`);
        out.push({ id: c.id, value: c.kind === 'word_count' ? s.mean : s.sd, note: `WC of ${s.n} responses (open tokenizer; equals LIWC-22's WC on the Study 1 texts)` });
        break;
      }
      case 'classifier_f1': {
        const holdout = results.holdout();
        const cv = results.cv();
        const k = STUDY2_MODELS.indexOf(c.source as (typeof STUDY2_MODELS)[number]);
        const h = holdout.summary.perClass[k]!;
        const r = holdout.f1Range[k]!;
        const g = cv.summary.perClass[k]!;
        out.push({
          id: c.id,
          value: h.f1.mean,
          note: `mean over ${S.holdoutSplits} random 90:10 splits (the paper's protocol; one split ranges ${r.q05.toFixed(2)}-${r.q95.toFixed(2)}, 5%-95%); grouped 5-fold CV by post x ${S.repeats}: ${g.f1.mean.toFixed(3)} ± ${g.f1.sd.toFixed(3)}`,
        });
        break;
      }
      case 'top_ngrams': {
        const top = results.top();
        const terms = c.terms as string[];
        const ours = top.find((t) => t.label === c.source)?.features.map((f) => f.feature) ?? [];
        const found = terms.filter((t) => ours.includes(t));
        const missing = terms.filter((t) => !ours.includes(t));
        out.push({
          id: c.id,
          value: found.length,
          note: `of the paper's ${terms.map((t) => `"${t}"`).join(', ')}, ${found.length} are in our top ${S.topK}${missing.length ? ` (not: ${missing.map((t) => `"${t}"`).join(', ')})` : ''}; ours: ${ours.join(', ')}`,
        });
        break;
      }
      case 'regression_mae': {
        const regression = results.regression();
        const s = regression.summary;
        out.push({
          id: c.id,
          value: s.mae.mean,
          note: `ridge on the mean empathy rating of each response, grouped 5-fold CV by post x ${S.repeats}: MAE ${s.mae.mean.toFixed(3)} ± ${s.mae.sd.toFixed(3)}, mean-only baseline ${s.baselineMae.mean.toFixed(3)}, R² ${s.r2.mean.toFixed(3)}; the paper does not say what it predicted or how it validated`,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
