/**
 * Classification metrics (as scikit-learn's classification_report and confusion_matrix), summaries
 * of repeated evaluations (mean and SD across repeats), and regression errors.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';

/** Precision, recall and F1 of one class. */
export interface ClassMetrics {
  label: string;
  /** TP / (TP + FP); 0 when the class is never predicted (scikit-learn's zero_division=0). */
  precision: number;
  /** TP / (TP + FN); 0 when the class never occurs. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** Number of true members. */
  support: number;
}

/** Metrics of one set of predictions. */
export interface ClassificationMetrics {
  classes: string[];
  perClass: ClassMetrics[];
  accuracy: number;
  /** Unweighted mean of the per-class F1. */
  macroF1: number;
  /** confusion[i][j] = number of texts of true class i predicted as class j. */
  confusion: number[][];
}

/**
 * Per-class precision/recall/F1, accuracy, macro F1 and the confusion matrix.
 * @example classificationMetrics(['a', 'b'], ['a', 'a'], ['a', 'b']).perClass[0].precision // 0.5
 */
export function classificationMetrics(yTrue: readonly string[], yPred: readonly string[], classes: readonly string[]): ClassificationMetrics {
  if (yTrue.length !== yPred.length) throw new Error(`classificationMetrics: ${yTrue.length} true labels but ${yPred.length} predictions`);
  const index = new Map(classes.map((c, k) => [c, k]));
  const K = classes.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  yTrue.forEach((t, i) => {
    const a = index.get(t);
    const b = index.get(yPred[i]!);
    if (a === undefined || b === undefined) throw new Error(`classificationMetrics: label "${a === undefined ? t : yPred[i]}" at position ${i} is not one of ${classes.join(', ')}`);
    confusion[a]![b]!++;
  });
  const perClass = classes.map((label, k) => {
    const tp = confusion[k]![k]!;
    const support = confusion[k]!.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, row) => s + row[k]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const correct = classes.reduce((s, _, k) => s + confusion[k]![k]!, 0);
  return {
    classes: [...classes],
    perClass,
    accuracy: yTrue.length > 0 ? correct / yTrue.length : NaN,
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / Math.max(K, 1),
    confusion,
  };
}

/** Mean and SD (n - 1; NaN for one value) of a quantity across repeats. */
export interface MeanSd {
  mean: number;
  sd: number;
  n: number;
}

/** Mean and SD of `xs`. */
export function meanSd(xs: readonly number[]): MeanSd {
  return { mean: xs.length > 0 ? mean(xs as number[]) : NaN, sd: xs.length > 1 ? sampleStandardDeviation(xs as number[]) : NaN, n: xs.length };
}

/** Per-class precision/recall/F1 as mean and SD across repeats. */
export interface ClassMetricsSummary {
  label: string;
  precision: MeanSd;
  recall: MeanSd;
  f1: MeanSd;
}

/** Summarises the metrics of repeated evaluations (all over the same classes). */
export function summarizeRepeats(runs: readonly ClassificationMetrics[]): {
  perClass: ClassMetricsSummary[];
  accuracy: MeanSd;
  macroF1: MeanSd;
  /** Confusion matrix summed over the repeats. */
  confusion: number[][];
} {
  if (runs.length === 0) throw new Error('summarizeRepeats: no runs');
  const classes = runs[0]!.classes;
  const K = classes.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (const r of runs) r.confusion.forEach((row, i) => row.forEach((v, j) => (confusion[i]![j]! += v)));
  return {
    perClass: classes.map((label, k) => ({
      label,
      precision: meanSd(runs.map((r) => r.perClass[k]!.precision)),
      recall: meanSd(runs.map((r) => r.perClass[k]!.recall)),
      f1: meanSd(runs.map((r) => r.perClass[k]!.f1)),
    })),
    accuracy: meanSd(runs.map((r) => r.accuracy)),
    macroF1: meanSd(runs.map((r) => r.macroF1)),
    confusion,
  };
}

/** Mean absolute error, root mean squared error and out-of-sample R^2 against given baseline predictions. */
export interface RegressionErrors {
  mae: number;
  rmse: number;
  /** 1 - SSE(model) / SSE(baseline): the share of the baseline's squared error the model removes (can be < 0). */
  r2: number;
  /** MAE of the baseline predictions. */
  baselineMae: number;
  baselineRmse: number;
}

/** Errors of `predicted` and of `baseline` (e.g. the training-fold mean) for the observed `y`. */
export function regressionErrors(y: readonly number[], predicted: readonly number[], baseline: readonly number[]): RegressionErrors {
  const n = y.length;
  if (predicted.length !== n || baseline.length !== n) throw new Error('regressionErrors: y, predicted and baseline differ in length');
  let ae = 0;
  let se = 0;
  let bae = 0;
  let bse = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i]! - predicted[i]!;
    const b = y[i]! - baseline[i]!;
    ae += Math.abs(e);
    se += e * e;
    bae += Math.abs(b);
    bse += b * b;
  }
  return { mae: ae / n, rmse: Math.sqrt(se / n), r2: 1 - se / bse, baselineMae: bae / n, baselineRmse: Math.sqrt(bse / n) };
}
