import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fitFeatures } from '../../src/style/features';
import { extractDocTerms } from '../../src/style/ngrams';
import {
  buildRatingLevelDesign,
  crossValidateEmpathyRegression,
  featureColumnName,
  fitEmpathyRegression,
  fitRidge,
  fitRidgePath,
  meanRatingPerResponse,
} from '../../src/style/regression';
import { ratedData } from './synthetic';

// ml-regression ships no type declarations: load it untyped and describe the one class used.
const { MultivariateLinearRegression } = createRequire(import.meta.url)('ml-regression') as {
  MultivariateLinearRegression: new (x: number[][], y: number[][], options: { intercept: boolean }) => { weights: number[][] };
};

const ref = JSON.parse(readFileSync(new URL('./reference/sklearn_reference.json', import.meta.url), 'utf8')) as {
  ridge: { X: number[][]; y: number[]; fits: { lambda: number; coef: number[]; intercept: number }[] };
};

describe('fitRidge', () => {
  it("matches scikit-learn's LinearRegression (lambda 0) and Ridge(alpha) fits", () => {
    const fits = fitRidgePath(ref.ridge.X, ref.ridge.y, ref.ridge.fits.map((f) => f.lambda));
    ref.ridge.fits.forEach((r, l) => {
      fits[l]!.coefficients.forEach((b, j) => expect(b).toBeCloseTo(r.coef[j]!, 10));
      expect(fits[l]!.intercept).toBeCloseTo(r.intercept, 10);
    });
  });
  it("with lambda 0 equals ml-regression's least squares, and predicts with the intercept", () => {
    const ols = new MultivariateLinearRegression(ref.ridge.X, ref.ridge.y.map((v) => [v]), { intercept: true });
    const fit = fitRidge(ref.ridge.X, ref.ridge.y, 0);
    const w = ols.weights; // p rows of slopes, then the intercept row
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(w[j]![0]!, 10));
    expect(fit.intercept).toBeCloseTo(w[w.length - 1]![0]!, 10);
    expect(fitRidge([[1], [2], [3]], [2, 4, 6], 0).predict([[10]])[0]).toBeCloseTo(20, 12);
  });
  it('refuses a singular least-squares problem', () => {
    expect(() => fitRidge([[1, 2], [2, 4], [3, 6]], [1, 2, 3], 0)).toThrow(/singular/);
  });
});

describe('empathy regression on synthetic ratings with a known answer', () => {
  const docs = ratedData(40, 5); // y = 3 + 0.4 #warm - 0.3 #cold + noise
  it('beats the mean-only baseline in grouped CV', () => {
    const cv = crossValidateEmpathyRegression(docs, { folds: 5, repeats: 2, seed: 3, features: { topNgrams: 50 } });
    expect(cv.summary.mae.mean).toBeLessThan(0.6 * cv.summary.baselineMae.mean);
    expect(cv.summary.r2.mean).toBeGreaterThan(0.6);
    for (const repeat of cv.splits)
      for (const fold of repeat) {
        const train = new Set(fold.train.map((i) => docs[i]!.group));
        expect(fold.test.some((i) => train.has(docs[i]!.group))).toBe(false);
      }
    expect(crossValidateEmpathyRegression(docs, { folds: 5, repeats: 2, seed: 3, features: { topNgrams: 50 } })).toEqual(cv);
  });
  it('finds "warm" as the top positive and "cold" as the top negative coefficient', () => {
    const fit = fitEmpathyRegression(docs, { seed: 1, features: { topNgrams: 50 } });
    const top = fit.topCoefficients(1);
    expect(top.positive[0]!.feature).toBe('warm');
    expect(top.negative[0]!.feature).toBe('cold');
  });
});

describe('rating-level inputs for the mixed model', () => {
  const ratings = [
    { post: 1, source: 'gpt4', rater: 'r1', rating: 4, measure: 'empathy' },
    { post: 1, source: 'gpt4', rater: 'r2', rating: 5, measure: 'empathy' },
    { post: 1, source: 'gpt4', rater: 'r2', rating: 1, measure: 'appropriateness' },
    { post: 2, source: 'llama2', rater: 'r1', rating: 3, measure: 'empathy' },
  ];
  it('averages ratings per response and measure', () => {
    expect(meanRatingPerResponse(ratings, 'empathy')).toEqual([
      { post: '1', source: 'gpt4', mean: 4.5, n: 2 },
      { post: '2', source: 'llama2', mean: 3, n: 1 },
    ]);
  });
  it('joins each rating to its response features and writes the formula', () => {
    const responses = [
      { post: 1, source: 'gpt4', text: 'So sorry to hear that 😔' },
      { post: 2, source: 'llama2', text: 'Hey, totally hear you!' },
    ];
    const features = fitFeatures(responses.map((r) => extractDocTerms(r.text)), { standardize: false, rowNormalization: 'none' });
    const design = buildRatingLevelDesign(ratings.filter((r) => r.measure === 'empathy'), responses, features, { include: ['hear', 'sorry hear', '😔'] });
    expect(design.featureColumns).toEqual([
      { column: 'f_hear', feature: 'hear' },
      { column: 'f_sorry_hear', feature: 'sorry hear' },
      { column: 'emoji_1f614', feature: '😔' },
    ]);
    expect(design.formula).toBe('rating ~ f_hear + f_sorry_hear + emoji_1f614 + (1|rater) + (1|post)');
    expect(design.data).toEqual({
      rating: [4, 5, 3],
      rater: ['r1', 'r2', 'r1'],
      post: ['1', '1', '2'],
      source: ['gpt4', 'gpt4', 'llama2'],
      f_hear: [1, 1, 1],
      f_sorry_hear: [1, 1, 0],
      emoji_1f614: [1, 1, 0],
    });
    expect(() => buildRatingLevelDesign([{ post: 3, source: 'x', rater: 'r', rating: 1 }], responses, features)).toThrow(/post 3, source x/);
    expect(featureColumnName("don't know")).toBe('f_don_t_know');
  });
});
