/**
 * The paper's own evaluation protocols for Tables III and IV, re-run so that its printed numbers can be read
 * against what the same protocol gives on many splits:
 *
 * - {@link confusionsForF1}: which confusion matrices of a test set give the paper's per-class F1 (the
 *   paper's .92 / .96 / .86 on 36 test responses mean 3 errors);
 * - {@link singleSplitStanding}: where the paper's one-split F1 falls among many single 90:10 splits
 *   (a percentile), how often a split comes close to it, how often a split has that few errors;
 * - {@link repeatedHoldoutRegression}: Table IV's regression as the paper most likely ran it (least squares
 *   on the n-gram counts, random 90:10 splits) next to predicting the training mean.
 */
import { countWork, workKey } from '../../util/work-count';
import { createRng } from '../../stats/random';
import {
  extractDocTerms,
  fitFeaturesOnIndex,
  fitRidgePathOnDesign,
  holdoutSplit,
  meanSd,
  predictRidgeOnDesign,
  type FeatureOptions,
  type Fold,
  type MeanSd,
  type RatedDoc,
  type StyleRepeatedHoldoutResult,
  type TokenizeOptions,
} from '../../style/index';
import { indexDocTerms } from '../../style/termIndex';
import { roundTo } from '../../report/verdict';

/** One way a test set can give the stated F1: its number of errors and how many test items each class had. */
export interface F1Confusion {
  errors: number;
  /** True members of each class in the test set (same order as the F1 values). */
  supports: number[];
}

function compositions(total: number, parts: number, visit: (cells: number[]) => void): void {
  const cells = new Array<number>(parts).fill(0);
  const rec = (i: number, left: number): void => {
    if (i === parts - 1) {
      cells[i] = left;
      visit(cells);
      return;
    }
    for (let v = 0; v <= left; v++) {
      cells[i] = v;
      rec(i + 1, left - v);
    }
  };
  if (parts === 0) {
    if (total === 0) visit(cells);
    return;
  }
  rec(0, total);
}

/**
 * Every (errors, class supports) of a K-class confusion matrix of `n` test items whose per-class F1
 * (2 TP / (2 TP + FP + FN)), rounded half away from zero to `decimals`, equals `f1`; distinct
 * combinations, sorted by errors then supports. Exhaustive: diagonal cells first, then every way of
 * spreading the errors over the off-diagonal cells (the errors a class may have are bounded by its F1).
 * @example confusionsForF1([0.92, 0.96, 0.86], 36).filter((c) => c.supports.every((s) => s >= 9 && s <= 15)) // all 3 errors
 */
export function confusionsForF1(f1: readonly number[], n: number, decimals = 2): F1Confusion[] {
  const K = f1.length;
  if (K < 2) throw new Error('confusionsForF1: need at least two classes');
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`confusionsForF1: n must be a whole number >= 1 (got ${n})`);
  const half = 10 ** -decimals / 2;
  const low = f1.map((f) => Math.max(f - half, 1e-12));
  const found = new Map<string, F1Confusion>();
  const tp = new Array<number>(K).fill(0);
  const off: [number, number][] = [];
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) off.push([i, j]);
  const check = (cells: number[], errors: number) => {
    const fp = new Array<number>(K).fill(0);
    const fn = new Array<number>(K).fill(0);
    cells.forEach((c, k) => {
      const [i, j] = off[k]!;
      fn[i]! += c;
      fp[j]! += c;
    });
    for (let k = 0; k < K; k++) {
      const denom = 2 * tp[k]! + fp[k]! + fn[k]!;
      const f = denom > 0 ? (2 * tp[k]!) / denom : 0;
      if (Math.abs(roundTo(f, decimals) - f1[k]!) >= half) return;
    }
    const supports = tp.map((t, k) => t + fn[k]!);
    found.set(`${errors}|${supports.join(',')}`, { errors, supports });
  };
  const diag = (k: number, left: number): void => {
    if (k === K) {
      const errors = left;
      // F1_k >= low_k  <=>  FP_k + FN_k <= 2 TP_k (1 / low_k - 1); the errors counted twice over the classes
      const room = tp.reduce((s, t, c) => s + 2 * t * (1 / low[c]! - 1), 0);
      if (2 * errors > room + 1e-9) return;
      compositions(errors, off.length, (cells) => check(cells, errors));
      return;
    }
    for (let t = 0; t <= left; t++) {
      tp[k] = t;
      diag(k + 1, left - t);
    }
  };
  diag(0, n);
  return [...found.values()].sort((a, b) => a.errors - b.errors || a.supports.join(',').localeCompare(b.supports.join(',')));
}

/**
 * Percentile rank of `x` among `values` (0-100, mid-rank for ties): the share below x plus half the
 * share equal to it.
 * @example percentileRank([0.8, 0.9, 0.9, 1], 0.9) // 50
 */
export function percentileRank(values: readonly number[], x: number, tolerance = 1e-9): number {
  if (values.length === 0) throw new Error('percentileRank: no values');
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (Math.abs(v - x) <= tolerance) equal++;
    else if (v < x) below++;
  }
  return (100 * (below + equal / 2)) / values.length;
}

/** Where one reported split stands among many single splits of the same protocol. */
export interface SingleSplitStanding {
  splits: number;
  perClass: { label: string; paper: number; mean: number; q05: number; q95: number; percentile: number }[];
  /** Share of splits whose F1 is within `tolerance` of the paper's on every class. */
  withinTolerance: number;
  tolerance: number;
  /** Errors (misclassified test items) of each split. */
  errors: number[];
  /** The paper's number of errors (given) and the share of splits with at most that many. */
  paperErrors: number;
  atMostPaperErrors: number;
}

/**
 * The paper's per-class F1 of one split against the single splits of a repeated holdout: per class its
 * percentile rank among the splits' F1, the share of splits within `tolerance` of it on every class, and
 * the share with at most `paperErrors` errors.
 */
export function singleSplitStanding(
  holdout: Pick<StyleRepeatedHoldoutResult, 'runs' | 'summary' | 'f1Range'>,
  paperF1: Readonly<Record<string, number>>,
  paperErrors: number,
  tolerance = 0.02,
): SingleSplitStanding {
  const runs = holdout.runs;
  if (runs.length === 0) throw new Error('singleSplitStanding: no splits');
  const classes = runs[0]!.metrics.classes;
  const paper = classes.map((c) => {
    const p = paperF1[c];
    if (p === undefined) throw new Error(`singleSplitStanding: no paper F1 for class ${c}`);
    return p;
  });
  const perClass = classes.map((label, k) => ({
    label,
    paper: paper[k]!,
    mean: holdout.summary.perClass[k]!.f1.mean,
    q05: holdout.f1Range[k]!.q05,
    q95: holdout.f1Range[k]!.q95,
    percentile: percentileRank(
      runs.map((r) => r.metrics.perClass[k]!.f1),
      paper[k]!,
    ),
  }));
  const errors = runs.map((r) => r.metrics.confusion.reduce((s, row, i) => s + row.reduce((t, v, j) => t + (i === j ? 0 : v), 0), 0));
  const within = runs.filter((r) => r.metrics.perClass.every((c, k) => Math.abs(c.f1 - paper[k]!) <= tolerance + 1e-12)).length;
  return {
    splits: runs.length,
    perClass,
    withinTolerance: within / runs.length,
    tolerance,
    errors,
    paperErrors,
    atMostPaperErrors: errors.filter((e) => e <= paperErrors).length / runs.length,
  };
}

/** Options of {@link repeatedHoldoutRegression}. */
export interface HoldoutRegressionOptions {
  /** Number of random splits (default 50); split s uses seed `seed + s`. */
  splits?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.1 (90:10). */
  testFraction?: number;
  /** Vocabulary and scaling (default: the classifier's: 200 n-grams + 20 emojis, row L2, z-scores). */
  features?: FeatureOptions;
  /** Ridge penalty; 0 (default) is ordinary least squares. */
  lambda?: number;
  tokenize?: TokenizeOptions;
}

/** Result of {@link repeatedHoldoutRegression}. */
export interface HoldoutRegressionResult {
  splits: Fold[];
  /** Test MAE of the regression and of predicting the training mean, per split. */
  runs: { mae: number; baselineMae: number }[];
  summary: { mae: MeanSd; baselineMae: MeanSd };
  /** Share of splits where the regression's MAE is larger than the mean's. */
  worseThanMean: number;
  lambda: number;
}

/**
 * A regression of each text's outcome on its n-gram features evaluated on repeated random train/test
 * splits (texts, not posts, are held out: a plain train_test_split), against predicting the training
 * mean. Vocabulary and scaling are fitted on the training part of each split.
 * @example repeatedHoldoutRegression(docs, { features: { rowNormalization: 'none', standardize: false, topEmojis: 0 } }).summary.mae.mean
 */
export function repeatedHoldoutRegression(docs: readonly RatedDoc[], options: HoldoutRegressionOptions = {}): HoldoutRegressionResult {
  countWork('regression holdout (random 90:10 splits)', () => workKey(JSON.stringify(options), ...docs.map((d) => `${d.id}\u0001${d.y}\u0001${d.text}`)));
  const n = options.splits ?? 50;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`repeatedHoldoutRegression: splits must be a whole number >= 1 (got ${n})`);
  const seed = options.seed ?? 1;
  const lambda = options.lambda ?? 0;
  const index = indexDocTerms(docs.map((d) => extractDocTerms(d.text, options.tokenize)));
  const y = docs.map((d, i) => {
    if (!Number.isFinite(d.y)) throw new Error(`repeatedHoldoutRegression: outcome of row ${i} (id ${d.id}) is not a finite number (${d.y})`);
    return d.y;
  });
  const splits: Fold[] = [];
  const runs: { mae: number; baselineMae: number }[] = [];
  for (let s = 0; s < n; s++) {
    const split = holdoutSplit(docs.length, createRng(seed + s), { testFraction: options.testFraction ?? 0.1 });
    const features = fitFeaturesOnIndex(index, split.train, options.features);
    const model = fitRidgePathOnDesign(
      features.train,
      split.train.map((i) => y[i]!),
      [lambda],
    )[0]!;
    const pred = predictRidgeOnDesign(model, features.design(split.test));
    const trainMean = split.train.reduce((a, i) => a + y[i]!, 0) / split.train.length;
    const m = split.test.length;
    runs.push({
      mae: split.test.reduce((a, i, j) => a + Math.abs(y[i]! - pred[j]!), 0) / m,
      baselineMae: split.test.reduce((a, i) => a + Math.abs(y[i]! - trainMean), 0) / m,
    });
    splits.push(split);
  }
  return {
    splits,
    runs,
    summary: { mae: meanSd(runs.map((r) => r.mae)), baselineMae: meanSd(runs.map((r) => r.baselineMae)) },
    worseThanMean: runs.filter((r) => r.mae > r.baselineMae).length / n,
    lambda,
  };
}
