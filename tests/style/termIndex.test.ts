/**
 * The term-index path of the style cross-validation (src/style/termIndex.ts, fitFeaturesOnIndex) against
 * the plain path it replaces (fitVocabulary, fitFeatures + transform): the same vocabulary in the same
 * order and the same feature matrices, bit for bit, on a small corpus with ties, emojis and texts
 * sharing no terms.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { fitFeatures, fitFeaturesOnIndex, type FeatureOptions } from '../../src/style/features';
import { extractDocTerms, fitVocabulary, type DocTerms } from '../../src/style/ngrams';
import { fitVocabularyOnIndex, indexDocTerms, kthLargest } from '../../src/style/termIndex';
import { styleData } from './synthetic';

/** The synthetic style texts plus a few with emojis, repeated words and no words at all. */
function corpus(): DocTerms[] {
  const texts = styleData(10, 0.6, 7).map((d) => d.text);
  texts.push('so sorry 😊 😊 ❤️', 'hey hey hey 🙏', '😊', '', 'the and of', 'Sorry to hear that ❤️ take care 🙏 😊', 'take care take care');
  return texts.map((t) => extractDocTerms(t));
}

/** Row indices drawn without replacement, in a shuffled order (folds need not be sorted). */
function someRows(n: number, m: number, seed: number): number[] {
  const rng = createRng(seed);
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, m);
}

/** Entry-by-entry identity (Object.is: -0 and +0 differ, NaN equals NaN). */
function sameBits(flat: Float64Array, rows: readonly (readonly number[])[]): boolean {
  const p = rows.length > 0 ? rows[0]!.length : 0;
  if (flat.length !== rows.length * p) return false;
  return rows.every((row, i) => row.every((v, j) => Object.is(v, flat[i * p + j])));
}

const OPTIONS: FeatureOptions[] = [
  {},
  { topNgrams: 7, topEmojis: 2 }, // small k: the threshold cuts through ties
  { topNgrams: 5, topEmojis: 1, rankBy: 'documents' },
  { topNgrams: 12, rowNormalization: 'length' },
  { topNgrams: 12, rowNormalization: 'none', standardize: false },
  { topNgrams: 0, topEmojis: 3 },
  { topNgrams: 10000, topEmojis: 10000 }, // more terms asked than there are
];

describe('fitVocabularyOnIndex and fitFeaturesOnIndex', () => {
  const docs = corpus();
  const index = indexDocTerms(docs);
  const n = docs.length;
  for (const [o, options] of OPTIONS.entries()) {
    for (const seed of [1, 2, 3]) {
      it(`equal the plain path (options ${o}, rows seed ${seed})`, () => {
        const rows = someRows(n, Math.floor(0.8 * n), seed + 10 * o);
        const test = Array.from({ length: n }, (_, i) => i).filter((i) => !rows.includes(i));
        const trainDocs = rows.map((i) => docs[i]!);
        expect(fitVocabularyOnIndex(index, rows, options)).toEqual(fitVocabulary(trainDocs, options));
        const plain = fitFeatures(trainDocs, options);
        const indexed = fitFeaturesOnIndex(index, rows, options);
        expect(indexed.features.names).toEqual(plain.names);
        expect(indexed.features.vocabulary).toEqual(plain.vocabulary);
        expect(indexed.train.rows).toBe(rows.length);
        expect(indexed.train.cols).toBe(plain.names.length);
        expect(sameBits(indexed.train.values, plain.transform(trainDocs))).toBe(true);
        expect(sameBits(indexed.design(test).values, plain.transform(test.map((i) => docs[i]!)))).toBe(true);
        // The fitted pipeline returned alongside transforms like the plain one.
        expect(indexed.features.transform(test.map((i) => docs[i]!))).toEqual(plain.transform(test.map((i) => docs[i]!)));
      });
    }
  }
  it('a vocabulary term absent from the texts transformed gives a zero column', () => {
    const rows = [0, 1, 2, 3];
    const indexed = fitFeaturesOnIndex(index, rows, { topNgrams: 6, rowNormalization: 'none', standardize: false });
    const emptyText = docs.findIndex((d) => d.ngrams.size === 0 && d.emojis.size === 0);
    expect(emptyText).toBeGreaterThanOrEqual(0);
    expect(Array.from(indexed.design([emptyText]).values)).toEqual(new Array(indexed.train.cols).fill(0));
  });
});

describe('kthLargest', () => {
  it('is the k-th largest of a sort, with repeats counted', () => {
    const rng = createRng(5);
    for (let t = 0; t < 200; t++) {
      const len = 1 + rng.int(40);
      const values = Float64Array.from({ length: len }, () => rng.int(6)); // many ties
      const k = 1 + rng.int(len);
      const sorted = Float64Array.from(values).sort();
      expect(kthLargest(Float64Array.from(values), k)).toBe(sorted[len - k]);
    }
    expect(kthLargest(Float64Array.of(3, 1, 4, 1, 5), 2)).toBe(4);
    expect(() => kthLargest(Float64Array.of(1), 2)).toThrow(/k = 2/);
  });
});
