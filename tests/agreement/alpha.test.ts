/**
 * Krippendorff's alpha against the published worked examples, and the coincidence-matrix form against
 * an independent pairwise-disagreement implementation (and the per-unit bootstrap path) on random data.
 *
 * Published values:
 * - Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability (Annenberg School for
 *   Communication, Departmental Papers 43), section C: 4 observers x 12 units with missing values,
 *   alpha = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval), 0.797 (ratio). The same matrix is the
 *   example of R's irr::kripp.alpha; the nominal value is also derived by hand below.
 * - Wikipedia, "Krippendorff's alpha", "A computational example": 3 coders x 15 units, alpha = 0.691
 *   (nominal; 56/81, derived by hand below) and 0.811 (interval).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alphaOfWeightedUnits,
  coincidenceMatrix,
  krippendorffAlpha,
  krippendorffAlphaBootstrap,
  krippendorffAlphaPairwise,
  reliabilityMatrix,
  unitValueCounts,
  type AlphaLevel,
  type ReliabilityData,
} from '../../src/agreement/index';
import { createRng } from '../../src/stats/random';

const _ = null;
/** Krippendorff (2011), section C: observers A-D (rows) x units 1-12 (columns). */
const K2011: ReliabilityData = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
/** Wikipedia's computational example: coders A-C x units 1-15. */
const WIKI: ReliabilityData = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];
const LEVELS: AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

describe("Krippendorff's alpha: published examples", () => {
  it('Krippendorff (2011) 4 x 12: 0.743 nominal, 0.815 ordinal, 0.849 interval, 0.797 ratio (3 decimals)', () => {
    const published: Record<AlphaLevel, number> = { nominal: 0.743, ordinal: 0.815, interval: 0.849, ratio: 0.797 };
    for (const level of LEVELS) {
      const a = krippendorffAlpha(K2011, level).alpha;
      expect(Math.abs(a - published[level]), level).toBeLessThanOrEqual(0.0005);
    }
  });

  it('Krippendorff (2011): the coincidence matrix by hand (n = 40 pairable values, margins 9, 13, 10, 5, 3)', () => {
    const r = krippendorffAlpha(K2011, 'nominal');
    const cm = r.coincidence;
    expect(cm.values).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(cm.marginals)).toEqual([9, 13, 10, 5, 3].map((x) => expect.closeTo(x, 12)));
    expect(cm.n).toBeCloseTo(40, 12);
    expect(r.pairableUnits).toBe(11); // unit 12 has one value
    expect([r.units, r.values, r.missing]).toEqual([12, 41, 7]);
    // Off-diagonal coincidences: unit 2 (2,2,3,2): o23 = o32 = 3*1/3; unit 6 (1,2,3,4): 12 ordered pairs / 3;
    // unit 8 (1,1,2,1): o12 = o21 = 3*1/3. Sum 8. Expected: n^2 - sum n_c^2 = 1600 - 384 = 1216.
    // alpha = 1 - (n - 1) * 8 / 1216 = 1 - 312/1216.
    const off = Array.from(cm.o).reduce((s, v, i) => (Math.floor(i / 5) === i % 5 ? s : s + v), 0);
    expect(off).toBeCloseTo(8, 12);
    expect(r.alpha).toBeCloseTo(1 - 312 / 1216, 14);
    expect(r.observedDisagreement).toBeCloseTo(8 / 40, 14);
    expect(r.expectedDisagreement).toBeCloseTo(1216 / (40 * 39), 14);
  });

  it("Wikipedia's example 3 x 15: 0.691 nominal (56/81 by hand), 0.811 interval", () => {
    // Pairable units 3-13 and 15 hold n = 26 values with margins n_1..n_4 = 7, 4, 10, 5 (sum of squares 190).
    // Off-diagonal coincidences: unit 6 (3,3,4) o34 = o43 = 2*1/2; unit 8 (1,3) 1 + 1; unit 15 (3,4) 1 + 1:
    // 6 in all. alpha = 1 - (n - 1) 6 / (n^2 - 190) = 1 - 150/486 = 56/81.
    const r = krippendorffAlpha(WIKI, 'nominal');
    expect(r.pairableValues).toBeCloseTo(26, 12);
    expect(Array.from(r.coincidence.marginals)).toEqual([7, 4, 10, 5].map((x) => expect.closeTo(x, 12)));
    expect(r.alpha).toBeCloseTo(0.691, 3);
    expect(r.alpha).toBeCloseTo(56 / 81, 14);
    expect(krippendorffAlpha(WIKI, 'interval').alpha).toBeCloseTo(0.811, 3);
  });
});

/** Random reliability data: raters x units, values from a small set, some missing. */
const reliabilityData = fc
  .record({ raters: fc.integer({ min: 2, max: 6 }), units: fc.integer({ min: 1, max: 14 }), values: fc.uniqueArray(fc.integer({ min: -3, max: 9 }), { minLength: 2, maxLength: 6 }), seed: fc.integer({ min: 1, max: 1e6 }), pMissing: fc.double({ min: 0, max: 0.6, noNaN: true }) })
  .map(({ raters, units, values, seed, pMissing }) => {
    const rng = createRng(seed);
    return Array.from({ length: raters }, () => Array.from({ length: units }, () => (rng.uniform() < pMissing ? null : values[rng.int(values.length)]!)));
  });

function definedAlpha(data: ReliabilityData, level: AlphaLevel): number | null {
  try {
    return krippendorffAlpha(data, level).alpha;
  } catch {
    return null;
  }
}

describe("Krippendorff's alpha: two implementations agree", () => {
  it('coincidence-matrix form = pairwise-disagreement form on random data with missing values (all levels)', () => {
    let compared = 0;
    fc.assert(
      fc.property(reliabilityData, (data) => {
        for (const level of LEVELS) {
          const shifted = level === 'ratio' ? data.map((row) => row.map((v) => (v === null ? null : v + 3))) : data;
          const a = definedAlpha(shifted, level);
          const b = krippendorffAlphaPairwise(shifted, level);
          if (a === null) {
            expect(Number.isNaN(b)).toBe(true);
            continue;
          }
          compared++;
          expect(Math.abs(a - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
        }
      }),
      { numRuns: 300, seed: 16 },
    );
    expect(compared).toBeGreaterThan(600);
  });

  it('the per-unit bootstrap path equals the coincidence form on data with units repeated by weight', () => {
    fc.assert(
      fc.property(reliabilityData, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 14, maxLength: 14 }), (data, w) => {
        const units = data[0]!.length;
        const weights = Float64Array.from(w.slice(0, units));
        const expanded = data.map((row) => row.flatMap((v, u) => Array(weights[u]!).fill(v) as (number | null)[]));
        const uv = unitValueCounts(data);
        for (const level of LEVELS) {
          const shift = level === 'ratio' ? 3 : 0;
          const d = shift ? data.map((row) => row.map((v) => (v === null ? null : v + shift))) : data;
          const e = shift ? expanded.map((row) => row.map((v) => (v === null ? null : v + shift))) : expanded;
          const fast = alphaOfWeightedUnits(shift ? unitValueCounts(d) : uv, weights, level);
          const ref = e[0]!.length ? definedAlpha(e, level) : null;
          if (ref === null) expect(Number.isNaN(fast)).toBe(true);
          else expect(Math.abs(fast - ref)).toBeLessThan(1e-9 * Math.max(1, Math.abs(ref)));
        }
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});

describe("Krippendorff's alpha: properties and errors", () => {
  it('is 1 under perfect agreement, whatever is missing', () => {
    const d = [[1, 2, 3, _], [1, _, 3, 4], [_, 2, 3, 4]];
    for (const level of LEVELS) expect(krippendorffAlpha(d, level).alpha).toBeCloseTo(1, 14);
  });

  it('does not depend on the order of raters or units, or on which rater gave which value within a unit', () => {
    const perm = [K2011[2]!, K2011[0]!, K2011[3]!, K2011[1]!].map((row) => [...row].reverse());
    for (const level of LEVELS) expect(krippendorffAlpha(perm, level).alpha).toBeCloseTo(krippendorffAlpha(K2011, level).alpha, 14);
  });

  it('ordinal alpha depends only on the order of the values; interval alpha on their spacing', () => {
    const stretched = K2011.map((row) => row.map((v) => (v == null ? null : v ** 3)));
    expect(krippendorffAlpha(stretched, 'ordinal').alpha).toBeCloseTo(krippendorffAlpha(K2011, 'ordinal').alpha, 14);
    expect(Math.abs(krippendorffAlpha(stretched, 'interval').alpha - krippendorffAlpha(K2011, 'interval').alpha)).toBeGreaterThan(0.01);
  });

  it('names what is wrong', () => {
    expect(() => krippendorffAlpha([], 'nominal')).toThrow(/raters x units matrix/);
    expect(() => krippendorffAlpha([[1, 2], [1]], 'nominal')).toThrow(/rater row 2 has 1 units, row 1 has 2/);
    expect(() => krippendorffAlpha([[1, 2], [1, '2' as unknown as number]], 'nominal')).toThrow(/rater row 2, unit 2: "2" is not a number/);
    expect(() => krippendorffAlpha([[1, _], [_, 2]], 'nominal')).toThrow(/no unit has two or more values/);
    expect(() => krippendorffAlpha([[3, 3, 1], [3, 3, _]], 'interval')).toThrow(/every pairable value is 3/);
    expect(() => krippendorffAlpha([[1, -2], [1, 2]], 'ratio')).toThrow(/ratio data must be >= 0/);
    expect(() => krippendorffAlpha(K2011, 'metric' as AlphaLevel)).toThrow(/unknown level "metric"/);
  });

  it('reliabilityMatrix turns long rows into raters x units with null for missing', () => {
    const rows = [
      { rater: 'a', item: 'p1', rating: 3 },
      { rater: 'b', item: 'p1', rating: 4 },
      { rater: 'a', item: 'p2', rating: null },
      { rater: 'b', item: 'p2', rating: 2 },
      { rater: 'c', item: 'p3', rating: 5 },
    ];
    const m = reliabilityMatrix(rows);
    expect(m).toEqual({ raters: ['a', 'b', 'c'], units: ['p1', 'p2', 'p3'], values: [[3, _, _], [4, 2, _], [_, _, 5]] });
    expect(krippendorffAlpha(m, 'interval').alpha).toBe(krippendorffAlpha(m.values, 'interval').alpha);
    expect(krippendorffAlphaPairwise(m, 'interval')).toBe(krippendorffAlphaPairwise(m.values, 'interval'));
    const grouped = [
      { rater: 'a', item: 1, rating: 3, group: 'x' },
      { rater: 'a', item: 1, rating: 4, group: 'y' },
    ];
    expect(() => reliabilityMatrix(grouped)).toThrow(/rated item "1" more than once .*byGroup: true/);
    expect(reliabilityMatrix(grouped, { byGroup: true }).units).toEqual(['["x","1"]', '["y","1"]']);
  });

  it('the coincidence matrix is symmetric with margins summing to the pairable values', () => {
    const cm = coincidenceMatrix(WIKI);
    const V = cm.values.length;
    for (let c = 0; c < V; c++) for (let k = 0; k < V; k++) expect(cm.o[c * V + k]).toBeCloseTo(cm.o[k * V + c]!, 14);
    expect(Array.from(cm.marginals).reduce((a, b) => a + b)).toBeCloseTo(cm.n, 12);
  });
});

describe("Krippendorff's alpha: bootstrap over units", () => {
  /** 60 units x 5 raters, continuous-ish values on a 1-7 scale with ~15% missing. */
  function simulated(seed: number): (number | null)[][] {
    const rng = createRng(seed);
    const truth = Array.from({ length: 60 }, () => rng.normal());
    return Array.from({ length: 5 }, () => truth.map((t) => (rng.uniform() < 0.15 ? null : Math.min(7, Math.max(1, Math.round(4 + 1.2 * t + rng.normal()))))));
  }

  it('is deterministic for a seed, changes with the seed, and brackets the estimate', () => {
    const d = simulated(3);
    const a = krippendorffAlphaBootstrap(d, ['interval', 'ordinal', 'nominal'], { seed: 5, replicates: 400 });
    const b = krippendorffAlphaBootstrap(d, ['interval', 'ordinal', 'nominal'], { seed: 5, replicates: 400 });
    const c = krippendorffAlphaBootstrap(d, ['interval', 'ordinal', 'nominal'], { seed: 6, replicates: 400 });
    for (const l of ['interval', 'ordinal', 'nominal'] as const) {
      const x = a[l]!;
      expect(x.estimate).toBe(krippendorffAlpha(d, l).alpha);
      expect([x.lower, x.upper]).toEqual([b[l]!.lower, b[l]!.upper]);
      expect(x.lower).not.toBe(c[l]!.lower);
      expect(x.lower).toBeLessThan(x.estimate);
      expect(x.upper).toBeGreaterThan(x.estimate);
      expect(x.upper - x.lower).toBeLessThan(0.4);
      expect(x.failed).toBe(0);
    }
  });

  it('sanity coverage: the 90% interval of interval-alpha covers the population value in most of 60 simulated studies', () => {
    // y = a_unit + e with var(a) = 1, var(e) = 1 (no rater effects): population interval alpha = 1/2.
    let covered = 0;
    const sims = 60;
    for (let s = 0; s < sims; s++) {
      const rng = createRng(1000 + s);
      const a = Array.from({ length: 50 }, () => rng.normal());
      const d = Array.from({ length: 4 }, () => a.map((t) => (rng.uniform() < 0.2 ? null : t + rng.normal())));
      const r = krippendorffAlphaBootstrap(d, 'interval', { seed: s + 1, replicates: 300, level: 0.9 }).interval!;
      if (r.lower <= 0.5 && 0.5 <= r.upper) covered++;
    }
    // Binomial(60, 0.9): 95% of runs fall in 50..58; below 46 (77%) would mean a broken interval.
    expect(covered).toBeGreaterThanOrEqual(46);
    expect(covered).toBeLessThan(sims);
  });

  it('names bad settings', () => {
    expect(() => krippendorffAlphaBootstrap(K2011, 'interval', { seed: 1.5 })).toThrow(/seed must be a whole number, got 1.5/);
    expect(() => krippendorffAlphaBootstrap(K2011, 'interval', { seed: 1, replicates: 0 })).toThrow(/replicates must be a positive whole number, got 0/);
    expect(() => krippendorffAlphaBootstrap(K2011, 'interval', { seed: 1, level: 95 })).toThrow(/level must be between 0 and 1, got 95/);
    expect(() => krippendorffAlphaBootstrap(K2011, [], { seed: 1 })).toThrow(/no level given/);
  });
});
