import { describe, expect, it } from 'vitest';
import { ciAcrossPosts, perPostMeans, summarizeBySourceAndMeasure, type RatingLike } from '../../src/describe/descriptives';

// Two posts, two sources; numbers chosen so every summary is computable by hand.
const rows: RatingLike[] = [
  { source: 'a', measure: 'empathy', post: 1, rating: 1 },
  { source: 'a', measure: 'empathy', post: 1, rating: 3 },
  { source: 'a', measure: 'empathy', post: 2, rating: 5 },
  { source: 'a', measure: 'appropriateness', post: 1, rating: 4 },
  { source: 'a', measure: 'appropriateness', post: 2, rating: 2 },
  { source: 'b', measure: 'empathy', post: 1, rating: 2 },
  { source: 'b', measure: 'empathy', post: 2, rating: 2 },
];

describe('summarizeBySourceAndMeasure', () => {
  it('gives n, mean and the n-1 SD per cell, in the requested source order', () => {
    const s = summarizeBySourceAndMeasure(rows, ['b', 'a']);
    expect(s.map((c) => `${c.source}/${c.measure}`)).toEqual(['b/empathy', 'a/appropriateness', 'a/empathy']);
    const ae = s.find((c) => c.source === 'a' && c.measure === 'empathy')!;
    expect(ae.n).toBe(3);
    expect(ae.mean).toBeCloseTo(3, 12);
    expect(ae.sd).toBeCloseTo(2, 12); // sqrt(((1-3)^2 + 0 + (5-3)^2) / 2)
    expect(ae.posts).toBe(2);
  });
});

describe('perPostMeans', () => {
  it('averages within post', () => {
    expect(perPostMeans(rows, 'a', 'empathy')).toEqual([
      { post: '1', mean: 2, n: 2 },
      { post: '2', mean: 5, n: 1 },
    ]);
  });
});

describe('ciAcrossPosts', () => {
  it('uses SD of per-post means / sqrt(posts) with a t quantile by default', () => {
    const ci = ciAcrossPosts(rows, 'a', 'empathy');
    // post means 2 and 5: SD = 3/sqrt(2); half = qt(.975, 1) * SD / sqrt(2) = 12.7062047361747 * 1.5
    expect(ci.mean).toBeCloseTo(3, 12);
    expect(ci.upper - ci.mean).toBeCloseTo(12.706204736174698 * 1.5, 9);
    expect(ci.mean - ci.lower).toBeCloseTo(ci.upper - ci.mean, 12);
  });
  it("reproduces the paper's defect: spread taken from another measure", () => {
    const ci = ciAcrossPosts(rows, 'a', 'empathy', { quantile: 'normal', spreadFrom: 'appropriateness' });
    // appropriateness post means 4 and 2: SD = sqrt(2); half = 1.959963984540054 * sqrt(2) / sqrt(2)
    expect(ci.upper - ci.mean).toBeCloseTo(1.959963984540054, 9);
    expect(ci.method).toMatch(/paper's method/);
  });
  it('refuses a cell with fewer than two posts', () => {
    expect(() => ciAcrossPosts(rows.slice(0, 2), 'a', 'empathy')).toThrow(/at least 2 posts/);
  });
});
