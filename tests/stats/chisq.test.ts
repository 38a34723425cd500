/**
 * Chi-square distribution functions against R 4.2 (values printed with %.15g by
 *   pchisq(q, df); pchisq(q, df, lower.tail = FALSE); qchisq(c(.5, .95), df)).
 * Tolerances: 1e-12 relative up to 1000 df (stdlib), 1e-9 relative above (jStat); the upper tail is
 * compared relatively, so a tail of 1e-37 must not come out as 0.
 */
import { describe, expect, it } from 'vitest';
import { pchisq, pchisqUpper, qchisq } from '../../src/stats/distributions';

const P: [number, number, number, number][] = [
  [2100, 2000, 0.941328888622682, 0.0586711113773181],
  [5000, 5000, 0.502659621107655, 0.497340378892345],
  [10500, 10000, 0.999752052632011, 0.000247947367989361],
  [20000, 20000, 0.501329808339955, 0.498670191660045],
  [50, 10, 0.999999733091657, 2.6690834249045e-7],
  [200, 10, 1, 1.61393053369773e-37],
  [0.5, 1, 0.520499877813047, 0.479500122186953],
  [0.001, 0.5, 0.164959750768413, 0.835040249231587],
  [1074.67944880344, 1000, 0.949999999999998, 0.0500000000000022],
  [3.84, 1, 0.949956478751295, 0.0500435212487052],
];
const Q: [number, number, number][] = [
  [1, 0.454936423119573, 3.84145882069412],
  [10, 9.34181776559197, 18.3070380532751],
  [1000, 999.333412403381, 1074.67944880344],
  [2000, 1999.33337285393, 2105.15423616464],
  [10000, 9999.33334123514, 10233.7488976779],
];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('chi-square distribution against R', () => {
  it('pchisq and its upper tail, small and large df', () => {
    for (const [q, df, lower, upper] of P) {
      const tol = df <= 1000 ? 1e-12 : 1e-9;
      expect(rel(pchisq(q, df), lower), `pchisq(${q}, ${df})`).toBeLessThan(tol);
      // above 1000 df the upper tail is 1 - pchisq: absolute accuracy ~1e-10
      if (df <= 1000) expect(rel(pchisqUpper(q, df), upper), `upper(${q}, ${df})`).toBeLessThan(tol);
      else expect(Math.abs(pchisqUpper(q, df) - upper), `upper(${q}, ${df})`).toBeLessThan(1e-9);
    }
  });
  it('qchisq at the median and the 95th percentile', () => {
    for (const [df, med, q95] of Q) {
      const tol = df <= 1000 ? 1e-12 : 1e-9;
      expect(rel(qchisq(0.5, df), med), `qchisq(.5, ${df})`).toBeLessThan(tol);
      expect(rel(qchisq(0.95, df), q95), `qchisq(.95, ${df})`).toBeLessThan(tol);
    }
  });
  it('edges: q <= 0, q = Infinity, NaN', () => {
    expect([pchisq(0, 3), pchisqUpper(0, 3), pchisq(-1, 3), pchisq(Infinity, 3), pchisqUpper(Infinity, 3)]).toEqual([0, 1, 0, 1, 0]);
    expect(Number.isNaN(pchisq(NaN, 3)) && Number.isNaN(pchisqUpper(1, NaN))).toBe(true);
  });
});
