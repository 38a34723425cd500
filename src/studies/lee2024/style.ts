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
  extractDocTerms,
  fitEmpathyRegression,
  fitStyleClassifier,
  meanRatingPerResponse,
  repeatedHoldoutStyleClassifier,
  topWeightedFeatures,
  type EmpathyRegressionFit,
  type FeatureOptions,
  type RatedDoc,
  type StyleDoc,
} from '../../style/index';
import { featureContrastTable, figure3Rows, liwcResponseFeatures, responseFeatures, type FeatureContrastRow, type PanelFeature, type ResponseFeatures } from '../../style/featureModels';
import type { Figure3Row } from '../../figures/index';
import type { LiwcRecord } from '../../data/liwc';
import { loadLee2024Study2Liwc } from './data';
import { sourceLabel } from './labels';
import { confusionsForF1, repeatedHoldoutRegression, singleSplitStanding, type SingleSplitStanding } from './protocol';
import { cached } from '../../util/resultCache';

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

/** The features whose Study 2 contrasts notebook 03 and the report test (one Holm/BH family): Figure 3's and WC. */
export const STUDY2_FEATURES: readonly string[] = [...FIGURE3_FEATURES.map((f) => f.feature), 'WC'];

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
  /** A single split counts as "close to the paper's" when every class's F1 is within this of the paper's. */
  closeToPaperF1: 0.02,
} as const;

/**
 * The classifier's feature scalings: ours (each response's counts L2-normalised, then every column
 * standardised on the training rows) and the paper's most likely one (rows L2-normalised only: with it all
 * of the paper's top-weighted n-grams are in our top 10, see notebook 03).
 */
export const CLASSIFIER_SCALINGS = {
  standardized: { label: 'rows L2-normalised, columns standardised', features: { rowNormalization: 'l2', standardize: true } },
  rowL2: { label: 'rows L2-normalised only', features: { rowNormalization: 'l2', standardize: false } },
} as const satisfies Record<string, { label: string; features: FeatureOptions }>;

/** A scaling of {@link CLASSIFIER_SCALINGS}. */
export type ClassifierScaling = keyof typeof CLASSIFIER_SCALINGS;

/**
 * Table IV as the paper most likely ran it: ordinary least squares (no penalty) of each response's mean
 * empathy rating on the counts of the 200 most frequent n-grams (no emojis, no scaling), evaluated on
 * random 90:10 splits of the responses.
 */
export const PAPER_REGRESSION_PROTOCOL = {
  lambda: 0,
  features: { rowNormalization: 'none', standardize: false, topNgrams: 200, topEmojis: 0 },
  testFraction: 0.1,
} as const satisfies { lambda: number; features: FeatureOptions; testFraction: number };

/**
 * Table IV's regression as the paper most likely ran it ({@link PAPER_REGRESSION_PROTOCOL}) over
 * {@link LEE2024_STYLE_SETTINGS}' seeded random splits, with the training mean beside it.
 * @example paperRegressionProtocol(ratedDocs(study2Responses, study2Ratings)).summary.mae.mean // about 0.44
 */
export function paperRegressionProtocol(rated: readonly RatedDoc[]): ReturnType<typeof repeatedHoldoutRegression> {
  const P = PAPER_REGRESSION_PROTOCOL;
  const S = LEE2024_STYLE_SETTINGS;
  return repeatedHoldoutRegression(rated, { splits: S.holdoutSplits, seed: S.seed, testFraction: P.testFraction, lambda: P.lambda, features: P.features });
}

/** Where the Study 2 features come from: LIWC-22's output released by the authors, or our open dictionary. */
export type FeatureSet = 'liwc22' | 'open';

/** How each feature set is named in tables and notes. */
export const FEATURE_SET_LABEL: Readonly<Record<FeatureSet, string>> = { liwc22: "LIWC-22 (the authors' output)", open: 'open dictionary' };

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

/** The paper's per-model F1 of Table III, from its claims (kind classifier_f1). */
export function paperClassifierF1(claims: readonly Claim[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of claims) if (c.kind === 'classifier_f1' && typeof c.value === 'number') out[c.source as string] = c.value;
  return out;
}

/**
 * How many errors the paper's one test split made: the error counts of every confusion matrix of
 * `testSize` responses that gives the paper's per-model F1 (rounded as printed), keeping the matrices
 * whose test responses per model lie within the range our own random splits produced (`observedSupports`,
 * [min, max]). `others` lists the ways set aside (e.g. 2 errors with one model having 26 of the 36).
 */
export function paperSplitErrors(
  paperF1: Readonly<Record<string, number>>,
  classes: readonly string[],
  testSize: number,
  observedSupports: readonly [number, number],
): { errors: number[]; kept: ReturnType<typeof confusionsForF1>; others: ReturnType<typeof confusionsForF1> } {
  const all = confusionsForF1(
    classes.map((c) => paperF1[c]!),
    testSize,
  );
  const [lo, hi] = observedSupports;
  const kept = all.filter((x) => x.supports.every((s) => s >= lo && s <= hi));
  return { errors: [...new Set(kept.map((x) => x.errors))], kept, others: all.filter((x) => !kept.includes(x)) };
}

/** The test responses per model of every split of a repeated holdout: [smallest, largest]. */
export function holdoutSupportRange(holdout: Pick<ReturnType<typeof repeatedHoldoutStyleClassifier>, 'runs'>): [number, number] {
  const s = holdout.runs.flatMap((r) => r.metrics.perClass.map((c) => c.support));
  return [Math.min(...s), Math.max(...s)];
}

/**
 * The paper's Table III split against ours: the number of errors its F1 imply (see
 * {@link paperSplitErrors}) and where its F1 fall among the single splits of `holdout`.
 */
export function paperSplitStanding(holdout: ReturnType<typeof repeatedHoldoutStyleClassifier>, paperF1: Readonly<Record<string, number>>): SingleSplitStanding & { implied: ReturnType<typeof paperSplitErrors> } {
  const classes = holdout.runs[0]!.metrics.classes;
  const testSize = holdout.runs[0]!.split.test.length;
  const implied = paperSplitErrors(paperF1, classes, testSize, holdoutSupportRange(holdout));
  if (implied.errors.length !== 1) throw new Error(`paperSplitStanding: the paper's F1 fit ${implied.errors.length === 0 ? 'no' : 'several'} error counts (${implied.errors.join(', ')})`);
  return { ...singleSplitStanding(holdout, paperF1, implied.errors[0]!, LEE2024_STYLE_SETTINGS.closeToPaperF1), implied };
}

/**
 * The Study 2 style analyses behind the paper's style claims, each computed on first use and then kept:
 * the features of each feature set (LIWC-22's output, our open dictionary) with their per-feature contrast
 * tables and Figure 3 rows, the classifier under the paper's 90:10 protocol and grouped CV, its top
 * weights per scaling, the empathy regression and the paper's regression protocol. Notebook 03 and the
 * report step ask the same questions.
 */
export interface StyleResults {
  rows(set: FeatureSet): ResponseFeatures[];
  contrastTable(features: readonly string[], set: FeatureSet): FeatureContrastRow[];
  figure3(set: FeatureSet): Figure3Row[];
  holdout(): ReturnType<typeof repeatedHoldoutStyleClassifier>;
  cv(): ReturnType<typeof crossValidateStyleClassifier>;
  /** Every feature of each model ranked by its weight in the classifier fitted on all responses (slice for a top k). */
  ranking(scaling: ClassifierScaling): ReturnType<typeof topWeightedFeatures>;
  regression(): ReturnType<typeof crossValidateEmpathyRegression>;
  paperRegression(): ReturnType<typeof repeatedHoldoutRegression>;
}

/** The responses' features from LIWC-22's Study 2 output (records of {@link loadLee2024Study2Liwc}). */
export function liwc22Features(records: readonly LiwcRecord[]): ResponseFeatures[] {
  return liwcResponseFeatures(records.filter((r) => r.study === 2));
}

/**
 * {@link StyleResults} of the Study 2 responses and ratings, with the settings of {@link LEE2024_STYLE_SETTINGS}.
 * `liwc22`: LIWC-22's Study 2 output (default: read from the cache on first use).
 */
export function styleResults(responses: readonly ResponseRecord[], ratings: readonly RatingRecord[], liwc22: () => readonly LiwcRecord[] = () => loadLee2024Study2Liwc().records): StyleResults {
  const S = LEE2024_STYLE_SETTINGS;
  const study2 = responses.filter((r) => r.study === 2);
  const once = <T>(f: () => T): (() => T) => {
    let v: { value: T } | undefined;
    return () => (v ??= { value: f() }).value;
  };
  const featureRows: Record<FeatureSet, () => ResponseFeatures[]> = {
    open: once(() => responseFeatures(study2)),
    liwc22: once(() => liwc22Features(liwc22())),
  };
  const docs = once(() => styleDocs(study2));
  const rated = once(() => ratedDocs(study2, ratings.filter((r) => r.study === 2)));
  const tables = new Map<string, FeatureContrastRow[]>();
  const fig3: Partial<Record<FeatureSet, Figure3Row[]>> = {};
  const rankings: Partial<Record<ClassifierScaling, ReturnType<typeof topWeightedFeatures>>> = {};
  return {
    rows: (set) => featureRows[set](),
    contrastTable(features, set) {
      const key = `${set}|${features.join('|')}`;
      let t = tables.get(key);
      if (!t) tables.set(key, (t = featureContrastTable(featureRows[set](), features)));
      return t;
    },
    figure3: (set) => (fig3[set] ??= lee2024Figure3Rows(featureRows[set]())),
    // the calls notebook 03 makes, through the result cache: a pipeline run reads what the notebook computed
    holdout: once(() => cached(repeatedHoldoutStyleClassifier, docs(), { splits: S.holdoutSplits, seed: S.seed, classes: STUDY2_MODELS })),
    cv: once(() => cached(crossValidateStyleClassifier, docs(), { folds: S.folds, repeats: S.repeats, seed: S.seed, classes: STUDY2_MODELS })),
    ranking: (scaling) => (rankings[scaling] ??= topWeightedFeatures(fitStyleClassifier(docs(), { features: CLASSIFIER_SCALINGS[scaling].features }), Infinity)),
    regression: once(() => cached(crossValidateEmpathyRegression, rated(), { folds: S.folds, repeats: S.repeats, seed: S.seed })),
    paperRegression: once(() => cached(paperRegressionProtocol, rated())),
  };
}

/** Rank (1-based) of a feature in a class's weight list, or null. */
function rankIn(top: ReturnType<typeof topWeightedFeatures>, label: string, feature: string): number | null {
  const i = top.find((t) => t.label === label)?.features.findIndex((f) => f.feature === feature) ?? -1;
  return i >= 0 ? i + 1 : null;
}

/** How often each emoji occurs in the Study 2 responses, per source (all responses). */
export function emojiUses(responses: readonly ResponseRecord[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of responses) {
    for (const [e, n] of extractDocTerms(r.text).emojis) {
      const m = out.get(e) ?? new Map<string, number>();
      m.set(r.source, (m.get(r.source) ?? 0) + n);
      out.set(e, m);
    }
  }
  return out;
}

const fmtB = (x: number) => x.toFixed(4);

/** Heart emojis (U+FE0F dropped, as the tokenizer does): the paper names "a red heart emoji" without showing it. */
export const HEART_EMOJIS: readonly string[] = ['\u2764', '\u{1F495}', '\u{1F496}', '\u{1F497}', '\u{1F493}', '\u{1F49E}', '\u{1F498}', '\u{1F49D}', '\u{1F49F}', '\u2763', '\u{1F9E1}', '\u{1F49B}', '\u{1F49A}', '\u{1F499}', '\u{1F49C}', '\u{1F5A4}', '\u{1F90D}', '\u{1F90E}'];

/**
 * Our values for the paper's style claims (data/reported/lee2024.json, kinds feature_*, emoji_texts,
 * word_count*, classifier_f1, top_ngrams, regression_mae) from the Study 2 responses and ratings.
 * Feature claims (contrasts, word counts, emoji use) are measured on LIWC-22's output, the file the paper
 * used; each note gives the open dictionary's value beside it. Contrasts are in the paper's proportions
 * (percent / 100); t is signed for the claim's a - b. The classifier's F1 are the mean of the paper's
 * protocol over many splits (the note says where the paper's one split falls); its top n-grams use the
 * paper's most likely scaling (rows L2-normalised); the regression MAE is the paper's most likely protocol.
 * `results` are the analyses to read (default: computed here; the pipeline passes its shared ones).
 */
export function styleMeasurements(responses: readonly ResponseRecord[], ratings: readonly RatingRecord[], claims: readonly Claim[], results: StyleResults = styleResults(responses, ratings)): Measurement[] {
  const S = LEE2024_STYLE_SETTINGS;
  const mine = claims.filter(isStyleClaim);
  if (mine.length === 0) return [];
  // one family for Holm/BH: the features notebook 03 tests (Figure 3's and WC), plus any other a claim names
  const features = [...new Set([...STUDY2_FEATURES, ...mine.filter((c) => c.kind.startsWith('feature_')).map((c) => c.feature as string)])];
  const table = (set: FeatureSet) => results.contrastTable(features, set);
  const out: Measurement[] = [];
  const model = 'feature ~ model + (1|post), REML, Satterthwaite df';
  const pair = (r: FeatureContrastRow, sign: number) => (sign > 0 ? `${sourceLabel(r.a)} - ${sourceLabel(r.b)}` : `${sourceLabel(r.b)} - ${sourceLabel(r.a)}`);
  for (const c of mine) {
    const feature = c.feature as string;
    switch (c.kind) {
      case 'feature_b':
      case 'feature_t': {
        const [a, b] = c.contrast!;
        const { row, sign } = findContrast(table('liwc22'), feature, a, b);
        const open = findContrast(table('open'), feature, a, b);
        const value = c.kind === 'feature_b' ? (sign * row.estimate) / 100 : sign * row.t;
        out.push({
          id: c.id,
          value,
          p: c.p ? row.p : undefined,
          note:
            `LIWC-22 output, ${model}: b = ${fmtB((sign * row.estimate) / 100)}, t = ${(sign * row.t).toFixed(4)}, p = ${formatPValue(row.p)}, Holm p = ${formatPValue(row.pHolm)}` +
            `; open dictionary: b = ${fmtB((open.sign * open.row.estimate) / 100)}, t = ${(open.sign * open.row.t).toFixed(2)}, p = ${formatPValue(open.row.p)}`,
        });
        break;
      }
      case 'feature_p': {
        const [a, b] = c.contrast!;
        const { row } = findContrast(table('liwc22'), feature, a, b);
        const open = findContrast(table('open'), feature, a, b).row;
        out.push({ id: c.id, value: row.p, note: `LIWC-22 output, ${model}: p = ${row.p.toFixed(4)}, t = ${row.t.toFixed(2)}; open dictionary: p = ${formatPValue(open.p)}, t = ${open.t.toFixed(2)}` });
        break;
      }
      case 'feature_p_min': {
        const smallest = (set: FeatureSet) => {
          const ps = table(set).filter((r) => r.feature === feature);
          return { n: ps.length, row: ps.reduce((m, r) => (r.p < m.p ? r : m)) };
        };
        const l = smallest('liwc22');
        const o = smallest('open');
        out.push({
          id: c.id,
          value: l.row.p,
          note: `smallest of ${l.n} pairwise p values, LIWC-22 output, ${model}: p = ${l.row.p.toFixed(4)} (${pair(l.row, 1)}); open dictionary: p = ${formatPValue(o.row.p)} (${pair(o.row, 1)})`,
        });
        break;
      }
      case 'emoji_texts': {
        const src = c.source!;
        const count = (set: FeatureSet) => {
          const using = results.rows(set).filter((r) => (r.features.Emoji ?? 0) > 0);
          return { using, value: c.others ? using.filter((r) => r.source !== src).length : using.filter((r) => r.source === src).length };
        };
        const l = count('liwc22');
        const o = count('open');
        const per = (using: ResponseFeatures[]) => STUDY2_MODELS.map((m) => `${sourceLabel(m)} ${using.filter((r) => r.source === m).length}`).join(', ');
        out.push({ id: c.id, value: l.value, note: `responses with at least one emoji (of 120 per model), LIWC-22 output: ${per(l.using)}; open dictionary: ${per(o.using)}` });
        break;
      }
      case 'word_count':
      case 'word_count_sd': {
        const stat = (set: FeatureSet) => {
          const s = featureMeanSd(results.rows(set), 'WC').find((x) => x.source === c.source);
          if (!s) throw new Error(`style claims: no responses of ${c.source}`);
          return s;
        };
        const l = stat('liwc22');
        const o = stat('open');
        const v = (s: typeof l) => (c.kind === 'word_count' ? s.mean : s.sd).toFixed(c.kind === 'word_count' ? 2 : 3);
        out.push({ id: c.id, value: c.kind === 'word_count' ? l.mean : l.sd, note: `WC of ${l.n} responses, LIWC-22 output: ${v(l)}; open tokenizer: ${v(o)}` });
        break;
      }
      case 'classifier_f1': {
        const holdout = results.holdout();
        const cv = results.cv();
        const standing = paperSplitStanding(holdout, paperClassifierF1(claims));
        const k = STUDY2_MODELS.indexOf(c.source as (typeof STUDY2_MODELS)[number]);
        const h = holdout.summary.perClass[k]!;
        const st = standing.perClass[k]!;
        const g = cv.summary.perClass[k]!;
        out.push({
          id: c.id,
          value: h.f1.mean,
          note:
            `mean over ${S.holdoutSplits} random 90:10 splits (the paper's protocol; one split ranges ${st.q05.toFixed(2)}-${st.q95.toFixed(2)}, 5%-95%); ` +
            `the paper reports one split, and its ${st.paper.toFixed(2)} is at the ${Math.round(st.percentile)}th percentile of our single splits (see "Table III: the paper's one split among many"); ` +
            `grouped 5-fold CV by post x ${S.repeats}: ${g.f1.mean.toFixed(3)} ± ${g.f1.sd.toFixed(3)}`,
        });
        break;
      }
      case 'top_ngrams': {
        const terms = c.terms as string[];
        const label = c.source as string;
        const rowL2 = results.ranking('rowL2');
        const standardized = results.ranking('standardized');
        const rank = (ranking: typeof rowL2, t: string) => rankIn(ranking, label, t);
        const ours = rowL2.find((t) => t.label === label)!.features.slice(0, S.topK).map((f) => f.feature);
        const found = terms.filter((t) => ours.includes(t));
        const missing = terms.filter((t) => !ours.includes(t));
        const where = (ranking: typeof rowL2, t: string) => {
          const r = rank(ranking, t);
          return r === null ? 'not in the vocabulary' : `#${r}`;
        };
        let heart = '';
        if (terms.some((t) => HEART_EMOJIS.includes(t))) {
          const uses = emojiUses(responses.filter((r) => r.study === 2));
          const count = (e: string) => [...(uses.get(e)?.values() ?? [])].reduce((a, b) => a + b, 0);
          const hearts = terms.filter((t) => HEART_EMOJIS.includes(t));
          const inTop = ours.filter((f) => HEART_EMOJIS.includes(f) && !hearts.includes(f));
          heart =
            `; ${hearts.map((h) => `${h} occurs ${count(h)} time(s) in the 360 responses (${where(rowL2, h)})`).join(', ')}` +
            (inTop.length ? `, while the heart in our top ${S.topK} is ${inTop.map((e) => `${e} (${count(e)} uses, #${rank(rowL2, e)})`).join(', ')}: most likely the paper's "red heart"` : '');
        }
        out.push({
          id: c.id,
          value: found.length,
          note:
            `${CLASSIFIER_SCALINGS.rowL2.label} (the paper's most likely scaling): ${found.length} of the paper's ${terms.map((t) => `"${t}"`).join(', ')} in our top ${S.topK}` +
            `${missing.length ? ` (not: ${missing.map((t) => `"${t}" ${where(rowL2, t)}`).join(', ')})` : ''}; ours: ${ours.join(', ')}` +
            `; with columns also standardised (our classifier): ${terms.map((t) => `"${t}" ${where(standardized, t)}`).join(', ')}${heart}`,
        });
        break;
      }
      case 'regression_mae': {
        const paper = results.paperRegression();
        const s = results.regression().summary;
        const p = paper.summary;
        out.push({
          id: c.id,
          value: p.mae.mean,
          note:
            `the paper's most likely protocol, least squares without penalty on the counts of the 200 most frequent n-grams, mean empathy rating per response, ${S.holdoutSplits} random 90:10 splits: MAE ${p.mae.mean.toFixed(3)}, ` +
            `worse than predicting the training mean (MAE ${p.baselineMae.mean.toFixed(3)}) in ${Math.round(100 * paper.worseThanMean)}% of splits: an over-fitted regression; ` +
            `ours, ridge, grouped 5-fold CV by post x ${S.repeats}: MAE ${s.mae.mean.toFixed(3)} ± ${s.mae.sd.toFixed(3)}, mean-only baseline ${s.baselineMae.mean.toFixed(3)}, R² ${s.r2.mean.toFixed(3)}`,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
