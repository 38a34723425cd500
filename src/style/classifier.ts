/**
 * The style classifier of Lee et al. (2024, Table III): which model wrote a response, predicted from
 * the top-200 unigrams + bigrams and top-20 emojis (./ngrams), normalised (./features), by
 * L2-penalised multinomial logistic regression (./logistic).
 */
import { fitFeatures, fitFeaturesOnIndex, type FeatureOptions, type FittedFeatures, type IndexedFeatures } from './features';
import { fitMultinomialLogistic, fitMultinomialLogisticOnDesign, type LogisticOptions, type MultinomialLogisticFit } from './logistic';
import { extractDocTerms, type DocTerms, type TokenizeOptions } from './ngrams';
import type { TermIndex } from './termIndex';

/** One text with its group (e.g. the post it answers) and its label (e.g. the model that wrote it). */
export interface StyleDoc {
  /** Any unique id, e.g. "12_llama". */
  id: string;
  /** Grouping unit for cross-validation (the post). */
  group: string | number;
  /** Class to predict (the model). */
  label: string;
  text: string;
}

/** Options shared by fitting and evaluating the classifier. */
export interface StyleClassifierOptions {
  tokenize?: TokenizeOptions;
  /** Vocabulary size and normalisation (defaults: 200 n-grams, 20 emojis, row L2, column z-scores). */
  features?: FeatureOptions;
  /** Penalty and solver (default lambda = 1, i.e. C = 1; L-BFGS). */
  logistic?: LogisticOptions;
}

/** A fitted pipeline: features + model. */
export interface StyleClassifier {
  classes: string[];
  features: FittedFeatures;
  model: MultinomialLogisticFit;
  /** Predicted label of each text. */
  predict(texts: readonly string[]): string[];
  /** Class probabilities (columns in `classes` order) of each text. */
  predictProba(texts: readonly string[]): number[][];
}

/** Fits features and model on already tokenised texts (used by the cross-validation code). */
export function fitStyleClassifierOnTerms(
  terms: readonly DocTerms[],
  labels: readonly string[],
  options: StyleClassifierOptions & { classes?: readonly string[] } = {},
): StyleClassifier {
  const features = fitFeatures(terms, options.features);
  const classes = options.classes ?? options.logistic?.classes;
  const model = fitMultinomialLogistic(features.transform(terms), labels, { ...options.logistic, ...(classes ? { classes } : {}) });
  const toTerms = (texts: readonly string[]) => texts.map((t) => extractDocTerms(t, options.tokenize));
  return {
    classes: model.classes,
    features,
    model,
    predict: (texts) => model.predict(features.transform(toTerms(texts))),
    predictProba: (texts) => model.predictProba(features.transform(toTerms(texts))),
  };
}

/**
 * fitStyleClassifierOnTerms on the texts `rows` of a TermIndex (labels: those rows' labels), for the
 * cross-validation code: the same classifier, bit for bit, with the fitted features' matrices at hand
 * (`indexed.design(testRows)` is `classifier.features.transform` of those texts).
 */
export function fitStyleClassifierOnIndex(
  index: TermIndex,
  rows: readonly number[],
  labels: readonly string[],
  options: StyleClassifierOptions & { classes?: readonly string[] } = {},
): { classifier: StyleClassifier; indexed: IndexedFeatures } {
  const indexed = fitFeaturesOnIndex(index, rows, options.features);
  const features = indexed.features;
  const classes = options.classes ?? options.logistic?.classes;
  const model = fitMultinomialLogisticOnDesign(indexed.train, labels, { ...options.logistic, ...(classes ? { classes } : {}) });
  const toTerms = (texts: readonly string[]) => texts.map((t) => extractDocTerms(t, options.tokenize));
  return {
    classifier: {
      classes: model.classes,
      features,
      model,
      predict: (texts) => model.predict(features.transform(toTerms(texts))),
      predictProba: (texts) => model.predictProba(features.transform(toTerms(texts))),
    },
    indexed,
  };
}

/**
 * Fits the style classifier on all given texts (for the top-weighted n-grams; use
 * crossValidateStyleClassifier for honest accuracy).
 * @example const clf = fitStyleClassifier(docs); topWeightedFeatures(clf, 10)
 */
export function fitStyleClassifier(docs: readonly StyleDoc[], options: StyleClassifierOptions = {}): StyleClassifier {
  return fitStyleClassifierOnTerms(
    docs.map((d) => extractDocTerms(d.text, options.tokenize)),
    docs.map((d) => d.label),
    options,
  );
}

/** A feature with its weight in one class's linear predictor. */
export interface WeightedFeature {
  feature: string;
  weight: number;
}

/**
 * The k features with the largest positive weight for each class (weights of standardised features,
 * so comparable across features; the weights of one feature sum to 0 over the classes, so a large
 * weight means "more typical of this class than of the others").
 */
export function topWeightedFeatures(classifier: Pick<StyleClassifier, 'classes' | 'features' | 'model'>, k = 10): { label: string; features: WeightedFeature[] }[] {
  const names = classifier.features.names;
  return classifier.classes.map((label, c) => ({
    label,
    features: classifier.model.coefficients[c]!
      .map((weight, j) => ({ feature: names[j]!, weight }))
      .sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1))
      .slice(0, k),
  }));
}
