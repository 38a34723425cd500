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

/**
 * Fits vocabulary, row normalisation and column scaling on the training texts.
 * @example const f = fitFeatures(trainTerms); const Xtest = f.transform(testTerms);
 */
export function fitFeatures(train: readonly DocTerms[], options: FeatureOptions = {}): FittedFeatures {
  const vocabulary = fitVocabulary(train, options);
  const how = options.rowNormalization ?? 'l2';
  const standardizer = (options.standardize ?? true) ? fitStandardizer(normalizedCounts(train, vocabulary, how)) : null;
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
