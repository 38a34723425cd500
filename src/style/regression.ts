/**
 * What predicts perceived empathy (Lee et al. 2024, Table IV, improved): ridge regression of each
 * response's mean empathy rating on the style features (same n-gram + emoji pipeline as the
 * classifier), evaluated by repeated grouped K-fold by post against a mean-only baseline, plus the
 * input table for the rating-level mixed model (rating ~ features + (1|rater) + (1|post)) that the
 * LMM engine (src/model, fitLmm) will fit.
 */
import { countWork, workKey } from '../util/work-count';
import { cholBlock } from '../linalg/cholBlock';
import { createRng } from '../stats/random';
import type { WeightedFeature } from './classifier';
import type { DesignMatrix } from './design';
import { fitFeaturesOnIndex, type FeatureOptions, type FittedFeatures } from './features';
import { meanSd, regressionErrors, type MeanSd, type RegressionErrors } from './metrics';
import { extractDocTerms, type DocTerms, type TokenizeOptions } from './ngrams';
import { groupKFold, repeatedGroupKFold, type Fold } from './splits';
import { indexDocTerms, type TermIndex } from './termIndex';

/** A text with its group (post) and a numeric outcome (e.g. mean empathy rating of the response). */
export interface RatedDoc {
  id: string;
  group: string | number;
  text: string;
  y: number;
}

/** A fitted ridge regression. */
export interface RidgeFit {
  intercept: number;
  coefficients: number[];
  lambda: number;
  predict(X: readonly (readonly number[])[]): number[];
}

/**
 * Ridge regressions with an unpenalised intercept, one per penalty: each minimises
 * sum (y - b0 - X beta)^2 + lambda ||beta||^2 (scikit-learn's Ridge(alpha = lambda)); lambda = 0 is
 * ordinary least squares. Centred X'X is formed once and X'X + lambda I is solved by a Cholesky
 * factorisation (the LMM engine's dense kernel) for each lambda.
 */
export function fitRidgePath(X: readonly (readonly number[])[], y: readonly number[], lambdas: readonly number[]): RidgeFit[] {
  return fitRidgePathOnDesign(X, y, lambdas);
}

/** Column means of a design, added row by row (the order fitRidgePath has always used). */
function columnMeans(X: DesignMatrix | readonly (readonly number[])[], n: number, p: number): number[] {
  const xMean = new Array<number>(p).fill(0);
  if (isDesign(X)) {
    const x = X.values;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xMean[j]! += x[i * p + j]! / n;
  } else {
    X.forEach((row, i) => {
      if (row.length !== p) throw new Error(`fitRidge: row ${i} of X has ${row.length} columns, expected ${p}`);
      row.forEach((v, j) => (xMean[j]! += v / n));
    });
  }
  return xMean;
}

function isDesign(X: DesignMatrix | readonly (readonly number[])[]): X is DesignMatrix {
  return !Array.isArray(X);
}

/**
 * Centred cross-products of the columns of `cols` (p columns of length n, column j at j * n) with
 * each other (p x p, row-major, symmetric) and with yc. Each entry is the plain sum over i = 0..n-1
 * in order; four entries of a row are summed side by side, which gives the same numbers faster.
 */
function crossProducts(cols: Float64Array, yc: Float64Array, n: number, p: number): { gram: Float64Array; xty: Float64Array } {
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    const ro = r * n;
    let c = r;
    for (; c + 3 < p; c += 4) {
      const o0 = c * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const v = cols[ro + i]!;
        s0 += v * cols[o0 + i]!;
        s1 += v * cols[o1 + i]!;
        s2 += v * cols[o2 + i]!;
        s3 += v * cols[o3 + i]!;
      }
      gram[r * p + c] = s0;
      gram[c * p + r] = s0;
      gram[r * p + c + 1] = s1;
      gram[(c + 1) * p + r] = s1;
      gram[r * p + c + 2] = s2;
      gram[(c + 2) * p + r] = s2;
      gram[r * p + c + 3] = s3;
      gram[(c + 3) * p + r] = s3;
    }
    for (; c < p; c++) {
      const oc = c * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[ro + i]! * cols[oc + i]!;
      gram[r * p + c] = s;
      gram[c * p + r] = s;
    }
    let t = 0;
    for (let i = 0; i < n; i++) t += cols[ro + i]! * yc[i]!;
    xty[r] = t;
  }
  return { gram, xty };
}

/**
 * fitRidgePath on a DesignMatrix (e.g. a fold's features from fitFeaturesOnIndex): the same fits, bit
 * for bit, without arrays of rows.
 * @example fitRidgePathOnDesign(features.train, y, [1, 10, 100]).map((fit) => predictRidgeOnDesign(fit, features.design(test)))
 */
export function fitRidgePathOnDesign(X: DesignMatrix | readonly (readonly number[])[], y: readonly number[], lambdas: readonly number[]): RidgeFit[] {
  const n = isDesign(X) ? X.rows : X.length;
  if (y.length !== n) throw new Error(`fitRidge: X has ${n} rows but y has ${y.length} values`);
  if (n === 0) throw new Error('fitRidge: no rows');
  const p = isDesign(X) ? X.cols : X[0]!.length;
  const xMean = columnMeans(X, n, p);
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  // Centred X'X (row-major) and X'y by plain loops over a column-major copy.
  const cols = new Float64Array(p * n);
  if (isDesign(X)) {
    const x = X.values;
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) cols[j * n + i] = x[i * p + j]! - xMean[j]!;
  } else {
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) cols[j * n + i] = X[i]![j]! - xMean[j]!;
  }
  const yc = Float64Array.from(y, (v) => v - yMean);
  const { gram, xty } = crossProducts(cols, yc, n, p);
  return lambdas.map((lambda) => {
    if (!(lambda >= 0)) throw new Error(`fitRidge: lambda must be >= 0, got ${lambda}`);
    const a = gram.slice();
    for (let j = 0; j < p; j++) a[j * p + j] += lambda;
    const diag = Array.from({ length: p }, (_, j) => a[j * p + j]!);
    // L_jj^2 / A_jj is the share of column j not explained by the earlier columns (1 - R^2_j).
    const collinear = !cholBlock(a, 0, p) || diag.some((d, j) => a[j * p + j]! ** 2 <= 1e-10 * d);
    if (collinear) throw new Error(`fitRidge: X'X + lambda I is singular (lambda = ${lambda}); use lambda > 0`);
    const coefficients = solveCholesky(a, xty, p);
    const intercept = yMean - coefficients.reduce((s, b, j) => s + b * xMean[j]!, 0);
    return {
      intercept,
      coefficients,
      lambda,
      predict: (Xnew: readonly (readonly number[])[]) =>
        Xnew.map((row, i) => {
          if (row.length !== p) throw new Error(`fitRidge.predict: row ${i} has ${row.length} columns, the model has ${p}`);
          return row.reduce((s, v, j) => s + v * coefficients[j]!, intercept);
        }),
    };
  });
}

/**
 * fit.predict on the rows of a DesignMatrix (same arithmetic, so the same numbers).
 * @example predictRidgeOnDesign(fitRidgePathOnDesign(train, y, [10])[0], test)
 */
export function predictRidgeOnDesign(fit: Pick<RidgeFit, 'intercept' | 'coefficients'>, X: DesignMatrix): number[] {
  const p = X.cols;
  const b = fit.coefficients;
  if (b.length !== p) throw new Error(`fitRidge.predict: the design has ${p} columns, the model has ${b.length}`);
  const x = X.values;
  const out = new Array<number>(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = fit.intercept;
    for (let j = 0; j < p; j++) s = s + x[i * p + j]! * b[j]!;
    out[i] = s;
  }
  return out;
}

/** Solves L L' x = b for the lower factor L stored row-major in `l` (p x p). */
function solveCholesky(l: Float64Array, b: Float64Array, p: number): number[] {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/**
 * Ridge regression with an unpenalised intercept (see fitRidgePath).
 * @example fitRidge([[1], [2], [3]], [2, 4, 6], 0).coefficients // [2]
 */
export function fitRidge(X: readonly (readonly number[])[], y: readonly number[], lambda: number): RidgeFit {
  return fitRidgePath(X, y, [lambda])[0]!;
}

/** Default penalty grid (features are z-scores, so X'X has diagonal about n). */
export const DEFAULT_RIDGE_LAMBDAS: readonly number[] = [0.1, 1, 10, 100, 1000, 10000];

/** Options of the empathy regression. */
export interface EmpathyRegressionOptions {
  tokenize?: TokenizeOptions;
  /** Same defaults as the classifier: 200 n-grams, 20 emojis, row L2, column z-scores. */
  features?: FeatureOptions;
  /** Fixed penalty. When absent, chosen from `lambdas` by inner grouped K-fold (squared error). */
  lambda?: number;
  /** Candidate penalties (default DEFAULT_RIDGE_LAMBDAS). */
  lambdas?: readonly number[];
  /** Folds of the inner selection (default 5). */
  innerFolds?: number;
}

interface TermsData {
  terms: DocTerms[];
  index: TermIndex;
  y: number[];
  groups: (string | number)[];
}

function fitOnRows(data: TermsData, rows: readonly number[], lambda: number, options: EmpathyRegressionOptions): { features: FittedFeatures; model: RidgeFit; design: (rows: readonly number[]) => DesignMatrix } {
  const indexed = fitFeaturesOnIndex(data.index, rows, options.features);
  const model = fitRidgePathOnDesign(
    indexed.train,
    rows.map((i) => data.y[i]!),
    [lambda],
  )[0]!;
  return { features: indexed.features, model, design: indexed.design };
}

/** Chooses lambda by grouped K-fold inside `rows` (features refitted in every inner fold). */
function chooseLambda(data: TermsData, rows: readonly number[], options: EmpathyRegressionOptions, seed: number): number {
  if (options.lambda !== undefined) return options.lambda;
  const lambdas = options.lambdas ?? DEFAULT_RIDGE_LAMBDAS;
  if (lambdas.length === 0) throw new Error('empathy regression: empty lambda grid');
  if (lambdas.length === 1) return lambdas[0]!;
  const inner = groupKFold(
    rows.map((i) => data.groups[i]!),
    options.innerFolds ?? 5,
    createRng(seed),
  );
  const sse = lambdas.map(() => 0);
  for (const fold of inner) {
    const train = fold.train.map((j) => rows[j]!);
    const test = fold.test.map((j) => rows[j]!);
    const features = fitFeaturesOnIndex(data.index, train, options.features);
    const xTest = features.design(test);
    fitRidgePathOnDesign(
      features.train,
      train.map((i) => data.y[i]!),
      lambdas,
    ).forEach((fit, l) => {
      const pred = predictRidgeOnDesign(fit, xTest);
      test.forEach((i, j) => (sse[l]! += (data.y[i]! - pred[j]!) ** 2));
    });
  }
  let best = 0;
  for (let l = 1; l < lambdas.length; l++) if (sse[l]! < sse[best]!) best = l;
  return lambdas[best]!;
}

function toTermsData(docs: readonly RatedDoc[], options: EmpathyRegressionOptions): TermsData {
  const terms = docs.map((d) => extractDocTerms(d.text, options.tokenize));
  return {
    terms,
    index: indexDocTerms(terms),
    y: docs.map((d, i) => {
      if (!Number.isFinite(d.y)) throw new Error(`empathy regression: outcome of row ${i} (id ${d.id}) is not a finite number (${d.y})`);
      return d.y;
    }),
    groups: docs.map((d) => d.group),
  };
}

/** Options of the cross-validated evaluation. */
export interface EmpathyRegressionCvOptions extends EmpathyRegressionOptions {
  /** Default 5. */
  folds?: number;
  /** Default 10. */
  repeats?: number;
  /** Default 1. */
  seed?: number;
}

/** Result of crossValidateEmpathyRegression. */
export interface EmpathyRegressionCvResult {
  folds: number;
  repeats: number;
  seed: number;
  /** Errors of each repeat's pooled out-of-fold predictions; the baseline predicts the training-fold mean. */
  runs: RegressionErrors[];
  /** Mean and SD across repeats of MAE, RMSE, R^2 (vs baseline) and the baseline's MAE and RMSE. */
  summary: { mae: MeanSd; rmse: MeanSd; r2: MeanSd; baselineMae: MeanSd; baselineRmse: MeanSd };
  /** Penalty used in each fit, lambdas[repeat][fold]. */
  lambdas: number[][];
  splits: Fold[][];
  /** predictions[repeat][row]. */
  predictions: number[][];
}

/**
 * Repeated grouped K-fold evaluation of the ridge regression against the mean-only baseline.
 * @example crossValidateEmpathyRegression(docs, { seed: 2024 }).summary.mae.mean
 */
export function crossValidateEmpathyRegression(docs: readonly RatedDoc[], options: EmpathyRegressionCvOptions = {}): EmpathyRegressionCvResult {
  countWork('regression CV', () => workKey(JSON.stringify(options), ...docs.map((d) => `${d.id}\u0001${d.y}\u0001${d.text}`)));
  const folds = options.folds ?? 5;
  const repeats = options.repeats ?? 10;
  const seed = options.seed ?? 1;
  const data = toTermsData(docs, options);
  const splits = repeatedGroupKFold(data.groups, { folds, repeats, seed });
  const runs: RegressionErrors[] = [];
  const lambdas: number[][] = [];
  const predictions: number[][] = [];
  splits.forEach((repeat, r) => {
    const pred = new Array<number>(docs.length).fill(NaN);
    const base = new Array<number>(docs.length).fill(NaN);
    const used: number[] = [];
    repeat.forEach((fold, f) => {
      const lambda = chooseLambda(data, fold.train, options, seed + 1000 * (r + 1) + f);
      used.push(lambda);
      const { model, design } = fitOnRows(data, fold.train, lambda, options);
      const trainMean = fold.train.reduce((s, i) => s + data.y[i]!, 0) / fold.train.length;
      predictRidgeOnDesign(model, design(fold.test)).forEach((v, j) => {
        pred[fold.test[j]!] = v;
        base[fold.test[j]!] = trainMean;
      });
    });
    lambdas.push(used);
    predictions.push(pred);
    runs.push(regressionErrors(data.y, pred, base));
  });
  const pick = (k: keyof RegressionErrors) => meanSd(runs.map((e) => e[k]));
  return {
    folds,
    repeats,
    seed,
    runs,
    summary: { mae: pick('mae'), rmse: pick('rmse'), r2: pick('r2'), baselineMae: pick('baselineMae'), baselineRmse: pick('baselineRmse') },
    lambdas,
    splits,
    predictions,
  };
}

/** A regression fitted on all texts, for its coefficients. */
export interface EmpathyRegressionFit {
  features: FittedFeatures;
  model: RidgeFit;
  lambda: number;
  /** The k largest positive and k most negative coefficients (per SD of the normalised feature). */
  topCoefficients(k?: number): { positive: WeightedFeature[]; negative: WeightedFeature[] };
}

/** Fits features and ridge on all texts (lambda from options, or chosen by grouped K-fold with `seed`). */
export function fitEmpathyRegression(docs: readonly RatedDoc[], options: EmpathyRegressionOptions & { seed?: number } = {}): EmpathyRegressionFit {
  const data = toTermsData(docs, options);
  const rows = docs.map((_, i) => i);
  const lambda = chooseLambda(data, rows, options, options.seed ?? 1);
  const { features, model } = fitOnRows(data, rows, lambda, options);
  return {
    features,
    model,
    lambda,
    topCoefficients(k = 10) {
      const all = model.coefficients.map((weight, j) => ({ feature: features.names[j]!, weight }));
      return {
        positive: all.filter((w) => w.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, k),
        negative: all.filter((w) => w.weight < 0).sort((a, b) => a.weight - b.weight).slice(0, k),
      };
    },
  };
}

/** One rating of one response (RatingRecord from src/data satisfies it). */
export interface ResponseRating {
  post: string | number;
  source: string;
  rating: number;
  rater?: string;
  measure?: string;
}

/** Mean rating of each (post, source) response, in first-seen order; filter by `measure` when given. */
export function meanRatingPerResponse(ratings: readonly ResponseRating[], measure?: string): { post: string; source: string; mean: number; n: number }[] {
  const acc = new Map<string, { post: string; source: string; sum: number; n: number }>();
  for (const r of ratings) {
    if (measure !== undefined && r.measure !== measure) continue;
    if (!Number.isFinite(r.rating)) continue;
    const key = `${r.post}\u0000${r.source}`;
    const a = acc.get(key) ?? { post: String(r.post), source: r.source, sum: 0, n: 0 };
    a.sum += r.rating;
    a.n++;
    acc.set(key, a);
  }
  return [...acc.values()].map((a) => ({ post: a.post, source: a.source, mean: a.sum / a.n, n: a.n }));
}

/** A response text keyed like the ratings. */
export interface ResponseText {
  post: string | number;
  source: string;
  text: string;
}

/** Column-wise table and formula for the rating-level mixed model. */
export interface RatingLevelDesign {
  /** Columns rating, rater, post, source, then one numeric column per feature (fitLmm's DataInput). */
  data: Record<string, (string | number)[]>;
  /** "rating ~ <feature columns> + (1|rater) + (1|post)". */
  formula: string;
  /** Formula-safe column name of each feature. */
  featureColumns: { column: string; feature: string }[];
}

/** A formula-safe column name for a feature ("sorry hear" -> "f_sorry_hear", "❤" -> "emoji_2764"). */
export function featureColumnName(feature: string): string {
  if (/^[\p{L}\p{N}' ]+$/u.test(feature)) return `f_${feature.replace(/[^A-Za-z0-9]+/g, '_')}`;
  return `emoji_${[...feature].map((c) => c.codePointAt(0)!.toString(16)).join('_')}`;
}

/**
 * The rating-level table for `rating ~ features + (1|rater) + (1|post)`: each rating gets the feature
 * values of the response it rates (features fitted elsewhere, e.g. fitEmpathyRegression(...).features;
 * pass `include` to keep only some features, e.g. the top coefficients). Ratings of a response with no
 * text are an error naming the post and source.
 */
export function buildRatingLevelDesign(
  ratings: readonly ResponseRating[],
  responses: readonly ResponseText[],
  features: FittedFeatures,
  options: { include?: readonly string[]; tokenize?: TokenizeOptions } = {},
): RatingLevelDesign {
  const keep = options.include ? new Set(options.include) : null;
  const cols = features.names.map((feature, j) => ({ feature, j })).filter((c) => !keep || keep.has(c.feature));
  const used = new Set<string>();
  const featureColumns = cols.map(({ feature }) => {
    let column = featureColumnName(feature);
    for (let s = 2; used.has(column); s++) column = `${featureColumnName(feature)}_${s}`;
    used.add(column);
    return { column, feature };
  });
  const keyOf = (post: string | number, source: string) => `${post}\u0000${source}`;
  const textRows = new Map<string, number[]>();
  const matrix = features.transform(responses.map((r) => extractDocTerms(r.text, options.tokenize)));
  responses.forEach((r, i) => textRows.set(keyOf(r.post, r.source), matrix[i]!));
  const data: Record<string, (string | number)[]> = { rating: [], rater: [], post: [], source: [] };
  for (const c of featureColumns) data[c.column] = [];
  ratings.forEach((r, i) => {
    const x = textRows.get(keyOf(r.post, r.source));
    if (!x) throw new Error(`buildRatingLevelDesign: rating ${i} (post ${r.post}, source ${r.source}) has no response text`);
    if (r.rater === undefined) throw new Error(`buildRatingLevelDesign: rating ${i} (post ${r.post}, source ${r.source}) has no rater`);
    data.rating!.push(r.rating);
    data.rater!.push(r.rater);
    data.post!.push(String(r.post));
    data.source!.push(r.source);
    cols.forEach((c, k) => data[featureColumns[k]!.column]!.push(x[c.j]!));
  });
  const terms = featureColumns.map((c) => c.column);
  return { data, formula: `rating ~ ${terms.length > 0 ? terms.join(' + ') : '1'} + (1|rater) + (1|post)`, featureColumns };
}
