/**
 * From counts to the classifier's feature matrix: the paper says only "normalized". Here:
 * 1. row normalisation of each text's count vector (default 'l2': divide by the vector's Euclidean
 *    norm, as scikit-learn's Normalizer / TfidfVectorizer(norm='l2') do; 'length': divide by the
 *    text's length in words + emojis, i.e. a term frequency per token, like LIWC's percentages / 100;
 *    'none': raw counts), then
 * 2. column standardisation (z-scores) with the mean and SD (n - 1) of the TRAINING rows; a column
 *    that is constant in training gets SD 1 (it becomes 0 after centring and carries no weight).
 * Standardising makes the L2 penalty treat all features alike and makes the fitted weights
 * comparable across features (the "top-weighted n-grams").
 * Everything that is estimated (vocabulary, means, SDs) comes from the training texts only.
 */
import { countMatrix, fitVocabulary, vocabularyNames, type DocTerms, type Vocabulary, type VocabularyOptions } from './ngrams';
import type { DesignMatrix } from './design';
import { countRowsOnIndex, fitVocabularyOnIndex, type TermIndex } from './termIndex';

/** Row normalisation applied to each text's count vector. */
export type RowNormalization = 'l2' | 'length' | 'none';

/** Options of the feature pipeline (vocabulary size and normalisation). */
export interface FeatureOptions extends VocabularyOptions {
  /** Default 'l2'. */
  rowNormalization?: RowNormalization;
  /** Column z-scores fitted on the training rows (default true). */
  standardize?: boolean;
}

/** Column means and SDs fitted on training rows. */
export interface Standardizer {
  mean: number[];
  sd: number[];
}

/** Divides each row by its L2 norm, its length, or nothing (all-zero rows stay zero). */
export function normalizeRows(counts: readonly (readonly number[])[], how: RowNormalization, lengths?: readonly number[]): number[][] {
  return counts.map((row, i) => {
    let d = 1;
    if (how === 'l2') d = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    else if (how === 'length') {
      if (!lengths) throw new Error("normalizeRows: 'length' normalisation needs the texts' lengths");
      d = lengths[i]!;
    }
    return d > 0 ? row.map((x) => x / d) : row.slice();
  });
}

/** Column means and SDs (n - 1 denominator; SD 1 for constant columns) of `rows`. */
export function fitStandardizer(rows: readonly (readonly number[])[]): Standardizer {
  const n = rows.length;
  const p = n > 0 ? rows[0]!.length : 0;
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(1);
  if (n === 0) return { mean, sd };
  for (const r of rows) for (let j = 0; j < p; j++) mean[j]! += r[j]! / n;
  if (n < 2) return { mean, sd };
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (const r of rows) ss += (r[j]! - mean[j]!) ** 2;
    const s = Math.sqrt(ss / (n - 1));
    sd[j] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** (x - mean) / sd per column. */
export function applyStandardizer(rows: readonly (readonly number[])[], s: Standardizer): number[][] {
  return rows.map((r) => r.map((x, j) => (x - s.mean[j]!) / s.sd[j]!));
}

/** A feature pipeline fitted on training texts; `transform` applies it to any texts. */
export interface FittedFeatures {
  vocabulary: Vocabulary;
  /** Column names: n-grams, then emojis. */
  names: string[];
  rowNormalization: RowNormalization;
  standardizer: Standardizer | null;
  /** Feature matrix of `docs` (rows = texts) with the training vocabulary, normalisation and scaling. */
  transform(docs: readonly DocTerms[]): number[][];
}

function normalizedCounts(docs: readonly DocTerms[], vocabulary: Vocabulary, how: RowNormalization): number[][] {
  return normalizeRows(countMatrix(docs, vocabulary), how, docs.map((d) => d.wordCount + d.emojiCount));
}

function fittedFeatures(vocabulary: Vocabulary, how: RowNormalization, standardizer: Standardizer | null): FittedFeatures {
  return {
    vocabulary,
    names: vocabularyNames(vocabulary),
    rowNormalization: how,
    standardizer,
    transform(docs) {
      const x = normalizedCounts(docs, vocabulary, how);
      return standardizer ? applyStandardizer(x, standardizer) : x;
    },
  };
}

/**
 * Fits vocabulary, row normalisation and column scaling on the training texts.
 * @example const f = fitFeatures(trainTerms); const Xtest = f.transform(testTerms);
 */
export function fitFeatures(train: readonly DocTerms[], options: FeatureOptions = {}): FittedFeatures {
  const vocabulary = fitVocabulary(train, options);
  const how = options.rowNormalization ?? 'l2';
  const standardizer = (options.standardize ?? true) ? fitStandardizer(normalizedCounts(train, vocabulary, how)) : null;
  return fittedFeatures(vocabulary, how, standardizer);
}

/** Row normalisation of a row-major n x p array in place: the arithmetic of normalizeRows. */
function normalizeRowsInPlace(x: Float64Array, n: number, p: number, how: RowNormalization, lengths: (i: number) => number): void {
  if (how === 'none') return; // normalizeRows divides by 1: x / 1 === x
  for (let i = 0; i < n; i++) {
    const off = i * p;
    let d: number;
    if (how === 'l2') {
      let s = 0;
      for (let j = 0; j < p; j++) s += x[off + j]! * x[off + j]!;
      d = Math.sqrt(s);
    } else d = lengths(i);
    if (d > 0) for (let j = 0; j < p; j++) x[off + j] = x[off + j]! / d;
  }
}

/** fitStandardizer of a row-major n x p array (same arithmetic, same order). */
function fitStandardizerFlat(x: Float64Array, n: number, p: number): Standardizer {
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(1);
  if (n === 0) return { mean, sd };
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += x[i * p + j]! / n;
  if (n < 2) return { mean, sd };
  for (let j = 0; j < p; j++) {
    let ss = 0;
    const m = mean[j]!;
    for (let i = 0; i < n; i++) ss += (x[i * p + j]! - m) ** 2;
    const s = Math.sqrt(ss / (n - 1));
    sd[j] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** A feature pipeline fitted on some texts of a TermIndex, with the feature matrix of any of its texts. */
export interface IndexedFeatures {
  features: FittedFeatures;
  /** Feature matrix of the training rows (equal to features.transform of their DocTerms). */
  train: DesignMatrix;
  /** Feature matrix of texts `rows` of the index (equal to features.transform of their DocTerms). */
  design(rows: readonly number[]): DesignMatrix;
}

/**
 * fitFeatures on the texts `rows` of an index, for cross-validation: the same vocabulary, scaling and
 * numbers (bit for bit) as fitFeatures(rows.map((i) => index.docs[i])), computed on typed arrays.
 * @example const f = fitFeaturesOnIndex(index, fold.train); fitMultinomialLogisticOnDesign(f.train, y); f.design(fold.test)
 */
export function fitFeaturesOnIndex(index: TermIndex, rows: readonly number[], options: FeatureOptions = {}): IndexedFeatures {
  const vocabulary = fitVocabularyOnIndex(index, rows, options);
  const how = options.rowNormalization ?? 'l2';
  const p = vocabulary.ngrams.length + vocabulary.emojis.length;
  const normalized = (r: readonly number[]): Float64Array => {
    const x = countRowsOnIndex(index, r, vocabulary);
    normalizeRowsInPlace(x, r.length, p, how, (i) => {
      const d = index.docs[r[i]!]!;
      return d.wordCount + d.emojiCount;
    });
    return x;
  };
  const trainX = normalized(rows);
  const standardizer = (options.standardize ?? true) ? fitStandardizerFlat(trainX, rows.length, p) : null;
  const scale = (x: Float64Array, n: number): DesignMatrix => {
    if (standardizer) {
      const { mean, sd } = standardizer;
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = (x[i * p + j]! - mean[j]!) / sd[j]!;
    }
    return { rows: n, cols: p, values: x };
  };
  return {
    features: fittedFeatures(vocabulary, how, standardizer),
    train: scale(trainX, rows.length),
    design: (r) => scale(normalized(r), r.length),
  };
}
