import { describe, expect, it } from 'vitest';
import { applyStandardizer, fitFeatures, fitStandardizer, normalizeRows } from '../../src/style/features';
import { extractDocTerms } from '../../src/style/ngrams';

describe('normalizeRows', () => {
  it("'l2' gives unit rows and leaves all-zero rows at zero", () => {
    expect(normalizeRows([[3, 4], [0, 0]], 'l2')).toEqual([[0.6, 0.8], [0, 0]]);
  });
  it("'length' divides by the given lengths; 'none' copies", () => {
    expect(normalizeRows([[2, 6]], 'length', [8])).toEqual([[0.25, 0.75]]);
    expect(normalizeRows([[2, 6]], 'none')).toEqual([[2, 6]]);
    expect(() => normalizeRows([[1]], 'length')).toThrow(/lengths/);
  });
});

describe('standardizer', () => {
  it('uses the training mean and the n-1 SD, and SD 1 for constant columns', () => {
    const s = fitStandardizer([[1, 5], [3, 5], [5, 5]]);
    expect(s.mean).toEqual([3, 5]);
    expect(s.sd[0]).toBeCloseTo(2, 14); // sqrt(((1-3)^2 + 0 + (5-3)^2) / 2)
    expect(s.sd[1]).toBe(1);
    expect(applyStandardizer([[7, 9]], s)).toEqual([[2, 4]]);
  });
});

describe('fitFeatures', () => {
  const train = ['warm warm hug', 'cold day', 'warm day 😊'].map((t) => extractDocTerms(t));
  it('fits vocabulary and scaling on the training texts and applies them to new texts', () => {
    const f = fitFeatures(train, { topNgrams: 3, topEmojis: 1, rowNormalization: 'none' });
    // counts: warm 3, day 2, then ties at 1 broken alphabetically: "cold" < "cold day" < ...
    expect(f.names).toEqual(['warm', 'day', 'cold', '😊']);
    const xTrain = f.transform(train);
    for (let j = 0; j < 4; j++) {
      const col = xTrain.map((r) => r[j]!);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
    // A new text: warm = 1; training warm column is [2, 0, 1]: mean 1, SD 1 -> z = 0.
    const xNew = f.transform([extractDocTerms('warm unseen words')]);
    expect(xNew[0]![0]).toBeCloseTo(0, 12);
  });
  it('without standardisation and with L2 rows gives unit-length rows', () => {
    const f = fitFeatures(train, { topNgrams: 3, topEmojis: 1, standardize: false });
    expect(f.standardizer).toBeNull();
    for (const row of f.transform(train)) expect(Math.hypot(...row)).toBeCloseTo(1, 14);
  });
});
