import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { fitStyleClassifier, topWeightedFeatures } from '../../src/style/classifier';
import { crossValidateStyleClassifier, holdoutStyleClassifier, permuteLabels, permutationTestStyleClassifier } from '../../src/style/cv';
import { groupLeakData, MARKERS, styleData } from './synthetic';

const noisy = styleData(30, 0.8, 42); // markers present with probability 0.8 each
const cvOptions = { folds: 5, repeats: 3, seed: 7, features: { topNgrams: 60, topEmojis: 5 } };

describe('style classifier on a synthetic set with a known answer', () => {
  it('separates classes with always-present markers perfectly', () => {
    const cv = crossValidateStyleClassifier(styleData(20, 1, 1), { ...cvOptions, repeats: 2 });
    for (const c of cv.summary.perClass) expect(c.f1.mean).toBe(1);
    expect(cv.summary.confusion).toEqual([[40, 0, 0], [0, 40, 0], [0, 0, 40]]); // 2 repeats x 20 posts
  });

  it('recovers the classes from noisy markers (F1 far above chance)', () => {
    const cv = crossValidateStyleClassifier(noisy, cvOptions);
    expect(cv.converged).toBe(true);
    expect(cv.classes).toEqual(['gpt', 'llama', 'mistral']);
    // 4% of texts have neither marker (0.2^2) and are guessed: F1 well above chance (1/3).
    for (const c of cv.summary.perClass) {
      expect(c.f1.mean).toBeGreaterThan(0.85);
      expect(c.f1.sd).toBeGreaterThanOrEqual(0);
      expect(c.f1.n).toBe(3);
    }
    const total = cv.summary.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(3 * noisy.length);
  });

  it('puts each class\'s markers at the top of its weights', () => {
    const clf = fitStyleClassifier(noisy, { features: { topNgrams: 60 } });
    for (const c of topWeightedFeatures(clf, 2)) expect(c.features.map((f) => f.feature).sort()).toEqual([...MARKERS[c.label]!].sort());
    const cv = crossValidateStyleClassifier(noisy, cvOptions);
    for (const c of cv.topFeatureStability) {
      for (const m of MARKERS[c.label]!) expect(c.features.find((f) => f.feature === m)?.share).toBe(1);
    }
  });

  it('uses splits with no post in both train and test, each text tested once per repeat', () => {
    const cv = crossValidateStyleClassifier(noisy, cvOptions);
    for (const repeat of cv.splits) {
      const tested = new Array<number>(noisy.length).fill(0);
      for (const fold of repeat) {
        const trainPosts = new Set(fold.train.map((i) => noisy[i]!.group));
        for (const i of fold.test) {
          expect(trainPosts.has(noisy[i]!.group)).toBe(false);
          tested[i]!++;
        }
      }
      expect(tested.every((c) => c === 1)).toBe(true);
    }
    for (const p of cv.predictions) expect(p.every((l) => l !== '')).toBe(true);
  });

  it('is reproducible: same seed, same folds and scores; another seed, other folds', () => {
    const a = crossValidateStyleClassifier(noisy, cvOptions);
    const b = crossValidateStyleClassifier(noisy, cvOptions);
    expect(b.splits).toEqual(a.splits);
    expect(b.predictions).toEqual(a.predictions);
    expect(b.summary).toEqual(a.summary);
    expect(crossValidateStyleClassifier(noisy, { ...cvOptions, seed: 8 }).splits).not.toEqual(a.splits);
  });

  it('scores at chance under grouped CV when only group-specific words carry the label (no leakage), but not when texts are split freely', () => {
    const docs = groupLeakData(30, 4, 3);
    const grouped = crossValidateStyleClassifier(docs, { folds: 5, repeats: 2, seed: 1 });
    const free = crossValidateStyleClassifier(
      docs.map((d) => ({ ...d, group: d.id })),
      { folds: 5, repeats: 2, seed: 1 },
    );
    expect(grouped.summary.macroF1.mean).toBeLessThan(0.5);
    expect(free.summary.macroF1.mean).toBeGreaterThan(0.9);
  });
});

describe('permutation test', () => {
  it('gives the smallest possible p, 1 / (N + 1), for a strong signal', () => {
    const r = permutationTestStyleClassifier(noisy, { permutations: 19, seed: 3, features: { topNgrams: 60 } });
    expect(r.permuted).toHaveLength(19);
    expect(r.pValue).toBeCloseTo(1 / 20, 14);
    expect(r.observed).toBeGreaterThan(0.85);
    expect(Math.max(...r.permuted)).toBeLessThan(0.6);
  });
  it('counts permutations at least as large as the observed score: p = (1 + #) / (1 + N)', () => {
    const r = permutationTestStyleClassifier(styleData(15, 0, 9), { permutations: 19, seed: 3, features: { topNgrams: 60 } });
    const atLeast = r.permuted.filter((s) => s >= r.observed).length;
    expect(r.pValue).toBeCloseTo((1 + atLeast) / 20, 14);
    expect(r.pValue).toBeGreaterThan(0.1); // no markers at all: no signal
  });
  it('permutes labels within each group (every post keeps one text per class)', () => {
    const labels = noisy.map((d) => d.label);
    const groups = noisy.map((d) => d.group);
    const perm = permuteLabels(labels, groups, 'withinGroup', createRng(1));
    expect(perm).not.toEqual(labels);
    for (let g = 0; g < 30; g++) {
      const idx = groups.flatMap((x, i) => (x === g ? [i] : []));
      expect(idx.map((i) => perm[i]).sort()).toEqual(['gpt', 'llama', 'mistral']);
    }
  });
});

describe('the paper-style single 90:10 split', () => {
  it('holds out 10% of texts, seeded, and reports per-class metrics on them', () => {
    const h = holdoutStyleClassifier(noisy, { seed: 4, features: { topNgrams: 60 } });
    expect(h.split.test).toHaveLength(9);
    expect(h.metrics.perClass.reduce((s, c) => s + c.support, 0)).toBe(9);
    expect(holdoutStyleClassifier(noisy, { seed: 4, features: { topNgrams: 60 } })).toEqual(h);
    const g = holdoutStyleClassifier(noisy, { seed: 4, grouped: true, features: { topNgrams: 60 } });
    const testPosts = new Set(g.split.test.map((i) => noisy[i]!.group));
    expect(g.split.train.some((i) => testPosts.has(noisy[i]!.group))).toBe(false);
  });
});

describe('the 90:10 split repeated over seeds', () => {
  it('averages single splits: separable classes give F1 = 1 on every split (whole posts held out, so every class is tested)', async () => {
    const { repeatedHoldoutStyleClassifier } = await import('../../src/style/cv');
    const r = repeatedHoldoutStyleClassifier(styleData(30, 1, 5), { splits: 5, seed: 9, grouped: true });
    expect(r.runs).toHaveLength(5);
    for (const c of r.summary.perClass) expect(c.f1.mean).toBe(1);
    for (const q of r.f1Range) expect([q.q05, q.q95]).toEqual([1, 1]);
  });
  it('split s is the single split with seed + s, so its mean is the mean of those splits', async () => {
    const { repeatedHoldoutStyleClassifier } = await import('../../src/style/cv');
    const docs = styleData(30, 0.5, 6);
    const r = repeatedHoldoutStyleClassifier(docs, { splits: 3, seed: 40 });
    const single = [40, 41, 42].map((seed) => holdoutStyleClassifier(docs, { seed }).metrics.perClass[1]!.f1);
    expect(r.runs.map((x) => x.seed)).toEqual([40, 41, 42]);
    expect(r.summary.perClass[1]!.f1.mean).toBeCloseTo(single.reduce((s, x) => s + x, 0) / 3, 12);
    expect(() => repeatedHoldoutStyleClassifier(docs, { splits: 0 })).toThrow(/splits must be/);
  });
});
