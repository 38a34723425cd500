import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classificationMetrics, meanSd, regressionErrors, summarizeRepeats } from '../../src/style/metrics';

const ref = JSON.parse(readFileSync(new URL('./reference/sklearn_reference.json', import.meta.url), 'utf8')) as {
  metrics: { y_true: string[]; y_pred: string[]; classes: string[]; precision: number[]; recall: number[]; f1: number[]; support: number[]; confusion: number[][] };
};

describe('classificationMetrics', () => {
  it("matches scikit-learn's precision_recall_fscore_support and confusion_matrix (zero_division=0)", () => {
    const r = ref.metrics;
    const m = classificationMetrics(r.y_true, r.y_pred, r.classes);
    m.perClass.forEach((c, k) => {
      expect(c.precision).toBeCloseTo(r.precision[k]!, 14);
      expect(c.recall).toBeCloseTo(r.recall[k]!, 14);
      expect(c.f1).toBeCloseTo(r.f1[k]!, 14);
      expect(c.support).toBe(r.support[k]);
    });
    expect(m.confusion).toEqual(r.confusion);
    expect(m.accuracy).toBeCloseTo(4 / 10, 14);
  });
  it('names an unknown label', () => {
    expect(() => classificationMetrics(['a'], ['q'], ['a', 'b'])).toThrow(/"q" at position 0/);
  });
});

describe('summaries', () => {
  it('gives mean and n-1 SD across repeats and sums confusion matrices', () => {
    const a = classificationMetrics(['x', 'y'], ['x', 'y'], ['x', 'y']); // F1 1, 1
    const b = classificationMetrics(['x', 'y'], ['x', 'x'], ['x', 'y']); // x: P .5 R 1 F1 2/3; y: 0
    const s = summarizeRepeats([a, b]);
    expect(s.perClass[0]!.f1.mean).toBeCloseTo((1 + 2 / 3) / 2, 14);
    expect(s.perClass[0]!.f1.sd).toBeCloseTo(Math.SQRT2 * (1 / 6), 14); // |1 - 2/3| / sqrt(2)
    expect(s.confusion).toEqual([[2, 0], [1, 1]]);
    expect(meanSd([5]).sd).toBeNaN();
  });
  it('computes MAE, RMSE and R^2 against a baseline by hand', () => {
    const e = regressionErrors([1, 2, 3], [1, 2, 4], [2, 2, 2]);
    expect(e.mae).toBeCloseTo(1 / 3, 14);
    expect(e.rmse).toBeCloseTo(Math.sqrt(1 / 3), 14);
    expect(e.baselineMae).toBeCloseTo(2 / 3, 14);
    expect(e.r2).toBeCloseTo(1 - 1 / 2, 14);
  });
});
