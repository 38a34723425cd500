/**
 * The paper's Table III / IV protocols (src/studies/lee2024/protocol.ts) on small synthetic cases whose
 * answers are known: the confusion matrices behind a set of F1 values (checked against brute force over
 * every matrix), percentile ranks, where one split stands among many, and the repeated random-split
 * regression against the training mean.
 */
import { describe, expect, it } from 'vitest';
import { confusionsForF1, percentileRank, repeatedHoldoutRegression, singleSplitStanding } from '../../src/studies/lee2024/protocol';
import { paperSplitErrors } from '../../src/studies/lee2024/style';
import { roundTo } from '../../src/report/verdict';
import { classificationMetrics, holdoutSplit, summarizeRepeats } from '../../src/style/index';
import { createRng } from '../../src/stats/random';

/** Per-class F1 of a confusion matrix (rows true, columns predicted). */
function f1Of(m: number[][]): number[] {
  return m.map((row, k) => {
    const tp = row[k]!;
    const fn = row.reduce((s, v) => s + v, 0) - tp;
    const fp = m.reduce((s, r) => s + r[k]!, 0) - tp;
    return 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
}

/** Every 3 x 3 matrix of non-negative counts summing to n (brute force). */
function* allMatrices(n: number): Generator<number[][]> {
  const cells = new Array<number>(9).fill(0);
  function* rec(i: number, left: number): Generator<number[][]> {
    if (i === 8) {
      cells[8] = left;
      yield [cells.slice(0, 3), cells.slice(3, 6), cells.slice(6, 9)];
      return;
    }
    for (let v = 0; v <= left; v++) {
      cells[i] = v;
      yield* rec(i + 1, left - v);
    }
  }
  yield* rec(0, n);
}

describe('confusionsForF1', () => {
  it('finds exactly the (errors, supports) of every matrix with those rounded F1 (brute force over all 3 x 3 matrices of 10 items)', () => {
    for (const example of [
      [[3, 1, 0], [0, 3, 0], [1, 0, 2]],
      [[4, 0, 0], [0, 3, 1], [0, 0, 2]],
      [[2, 2, 0], [1, 2, 0], [0, 1, 2]],
    ]) {
      const target = f1Of(example).map((f) => roundTo(f, 2));
      const expected = new Set<string>();
      for (const m of allMatrices(10)) {
        const f = f1Of(m).map((x) => roundTo(x, 2));
        if (f.every((x, k) => Math.abs(x - target[k]!) < 1e-9)) {
          const errors = m.reduce((s, row, i) => s + row.reduce((t, v, j) => t + (i === j ? 0 : v), 0), 0);
          expected.add(`${errors}|${m.map((row) => row.reduce((s, v) => s + v, 0)).join(',')}`);
        }
      }
      const got = confusionsForF1(target, 10).map((c) => `${c.errors}|${c.supports.join(',')}`);
      expect(new Set(got), JSON.stringify(example)).toEqual(expected);
      expect(got.length).toBe(expected.size);
    }
  });
  it("the paper's .92 / .96 / .86 on 36 responses: 3 errors whenever every model has 9-14 test responses; 2 errors only with one model at 25-27", () => {
    const ways = confusionsForF1([0.92, 0.96, 0.86], 36);
    expect(new Set(ways.map((w) => w.errors))).toEqual(new Set([2, 3]));
    for (const w of ways) {
      if (w.errors === 3) expect(w.supports.every((s) => s >= 9 && s <= 14), w.supports.join(',')).toBe(true);
      else expect(Math.max(...w.supports)).toBeGreaterThanOrEqual(25);
    }
    const implied = paperSplitErrors({ gpt4: 0.92, llama2: 0.96, mistral: 0.86 }, ['gpt4', 'llama2', 'mistral'], 36, [5, 20]);
    expect(implied.errors).toEqual([3]);
    expect(implied.others.map((o) => o.errors)).toEqual([2, 2, 2, 2]);
  });
  it('refuses fewer than two classes or a bad n', () => {
    expect(() => confusionsForF1([1], 10)).toThrow(/two classes/);
    expect(() => confusionsForF1([1, 1], 0)).toThrow(/whole number/);
  });
});

describe('percentileRank', () => {
  it('mid-rank: below plus half of the ties, in percent', () => {
    expect(percentileRank([0.8, 0.9, 0.9, 1], 0.9)).toBe(50);
    expect(percentileRank([0.8, 0.9, 0.9, 1], 0.95)).toBe(75);
    expect(percentileRank([0.8, 0.9], 0.7)).toBe(0);
    expect(percentileRank([0.8, 0.9], 1)).toBe(100);
    expect(() => percentileRank([], 1)).toThrow(/no values/);
  });
});

describe('singleSplitStanding', () => {
  // four "splits" of 6 test items, two classes: their confusion matrices
  const matrices = [
    [[3, 0], [0, 3]],
    [[2, 1], [0, 3]],
    [[2, 1], [1, 2]],
    [[1, 2], [1, 2]],
  ];
  const runs = matrices.map((m) => {
    const yTrue: string[] = [];
    const yPred: string[] = [];
    m.forEach((row, i) => row.forEach((n, j) => { for (let k = 0; k < n; k++) { yTrue.push(['a', 'b'][i]!); yPred.push(['a', 'b'][j]!); } }));
    return { metrics: classificationMetrics(yTrue, yPred, ['a', 'b']) };
  });
  const holdout = { runs, summary: summarizeRepeats(runs.map((r) => r.metrics)), f1Range: [{ label: 'a', q05: 0, q95: 1 }, { label: 'b', q05: 0, q95: 1 }] };
  it('percentiles of the paper F1 per class, share within tolerance on all classes, share with at most the paper errors', () => {
    // F1 of class a per split: 1, 0.8, 0.667, 0.4; class b: 1, 6/7, 0.667, 0.571
    const s = singleSplitStanding(holdout as never, { a: 0.8, b: 6 / 7 }, 1, 0.02);
    expect(s.perClass.map((c) => c.percentile)).toEqual([62.5, 62.5]);
    expect(s.errors).toEqual([0, 1, 2, 3]);
    expect(s.atMostPaperErrors).toBe(0.5);
    expect(s.withinTolerance).toBe(0.25);
    expect(s.perClass[0]!.mean).toBeCloseTo((1 + 0.8 + 2 / 3 + 0.4) / 4, 12);
    expect(() => singleSplitStanding(holdout as never, { a: 0.8 }, 1)).toThrow(/no paper F1 for class b/);
  });
});

describe('repeatedHoldoutRegression', () => {
  const rng = createRng(5);
  const words = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  const noise = Array.from({ length: 120 }, (_, i) => ({
    id: `d${i}`,
    group: i,
    text: Array.from({ length: 6 + rng.int(12) }, () => words[rng.int(words.length)]).join(' '),
    y: 3 + rng.normal(),
  }));
  it('random splits of the texts, seeded: the same splits as holdoutSplit with seed + s; the baseline is the training mean', () => {
    const r = repeatedHoldoutRegression(noise, { splits: 3, seed: 10, lambda: 1, features: { topNgrams: 20, topEmojis: 0 } });
    expect(r.splits).toEqual([0, 1, 2].map((s) => holdoutSplit(120, createRng(10 + s), { testFraction: 0.1 })));
    const s0 = r.splits[0]!;
    const mu = s0.train.reduce((a, i) => a + noise[i]!.y, 0) / s0.train.length;
    expect(r.runs[0]!.baselineMae).toBeCloseTo(s0.test.reduce((a, i) => a + Math.abs(noise[i]!.y - mu), 0) / s0.test.length, 12);
    expect(r.summary.mae.n).toBe(3);
  });
  it('unpenalised least squares on many noise features over-fits: worse than the mean; a strong penalty is not', () => {
    const ols = repeatedHoldoutRegression(noise, { splits: 10, seed: 1, lambda: 0, features: { topNgrams: 60, topEmojis: 0, rowNormalization: 'none', standardize: false } });
    expect(ols.summary.mae.mean).toBeGreaterThan(ols.summary.baselineMae.mean);
    expect(ols.worseThanMean).toBeGreaterThan(0.5);
    const ridge = repeatedHoldoutRegression(noise, { splits: 10, seed: 1, lambda: 1e6, features: { topNgrams: 60, topEmojis: 0, rowNormalization: 'none', standardize: false } });
    expect(Math.abs(ridge.summary.mae.mean - ridge.summary.baselineMae.mean)).toBeLessThan(0.01);
  });
  it('refuses a bad number of splits and a non-finite outcome, naming the row', () => {
    expect(() => repeatedHoldoutRegression(noise, { splits: 0 })).toThrow(/splits must be a whole number/);
    expect(() => repeatedHoldoutRegression([...noise.slice(0, 5), { ...noise[5]!, y: NaN }])).toThrow(/row 5 \(id d5\)/);
  });
});
