/** Closed-form pieces of the power analysis against R. */
import { describe, expect, it } from 'vitest';
import { clopperPearson, replicateSeed, tTestPower, withinCellContrastPower } from '../../src/power/index';

describe('clopperPearson', () => {
  it('matches R binom.test()$conf.int', () => {
    // R: binom.test(x, n)$conf.int (and conf.level = 0.99 for the last one)
    const cases: [number, number, number, number, number][] = [
      [8, 10, 0.95, 0.443904537692359, 0.974789273673167],
      [0, 20, 0.95, 0, 0.168433470983085],
      [20, 20, 0.95, 0.831566529016915, 1],
      [160, 200, 0.95, 0.7377736354104, 0.853105511784241],
      [37, 100, 0.95, 0.275566579614551, 0.472351640551683],
      [160, 200, 0.99, 0.717824726849199, 0.867426707901161],
    ];
    for (const [x, n, level, lo, hi] of cases) {
      const ci = clopperPearson(x, n, level);
      expect(ci.estimate).toBe(x / n);
      expect(ci.lower).toBeCloseTo(lo, 9);
      expect(ci.upper).toBeCloseTo(hi, 9);
    }
    expect(() => clopperPearson(11, 10)).toThrow(/0 <= x <= n/);
  });
});

describe('tTestPower', () => {
  it('matches R 1 - pt(c, df, ncp) + pt(-c, df, ncp), c = qt(.975, df)', () => {
    const cases: [number, number, number][] = [
      [2.8, 100, 0.7919067373471297],
      [2, 10, 0.4396273011250009],
      [1, 5, 0.1299638047527142],
      [3, 4036, 0.8506728716678479],
      [0.5, 30, 0.0772607570006804],
      [2.5, 70, 0.6934412397255342],
      [2.8, 1500, 0.799053828006676],
      [1, 20000, 0.17006320201424],
    ];
    for (const [ncp, df, r] of cases) expect(Math.abs(tTestPower(ncp, df) - r)).toBeLessThan(1e-9);
    expect(tTestPower(0, 50)).toBeCloseTo(0.05, 10);
  });

  it('gives the within-cell contrast its t with (C - 1)(K - 1) df', () => {
    const w = withinCellContrastPower({ effect: 0.1, sigma: 0.7641, cells: 2020, conditions: 3 });
    expect(w.df).toBe(4038);
    expect(w.se).toBeCloseTo(0.7641 * Math.sqrt(2 / 2020), 12);
    // lmerTest on the Study 2 data: SE of gpt4 - llama2 = 0.0240429 with sigma 0.76410, df 4038.0
    expect(w.se).toBeCloseTo(0.0240429, 5);
  });
});

describe('replicateSeed', () => {
  it('is deterministic, in range and distinct across designs and replicates', () => {
    expect(replicateSeed(1, 100, 7)).toBe(replicateSeed(1, 100, 7));
    const seen = new Set<number>();
    for (const R of [20, 40, 60]) for (let i = 0; i < 500; i++) seen.add(replicateSeed(2024, R, i));
    expect(seen.size).toBe(1500);
    for (const s of seen) expect(s >= 1 && s < 2 ** 32).toBe(true);
    expect(replicateSeed(1, 100, 0)).not.toBe(replicateSeed(2, 100, 0));
  });
});
