/**
 * Data-based starting values (momentStart): close to the variance components on simulated designs with
 * known ones, and the optimum reached from them is the one reached from lme4's start (theta = 1) on every
 * reference design with scalar terms.
 */
import { describe, expect, it } from 'vitest';
import { BlockedSystem, fitDesign, lFormula } from '../../src/model';
import { momentStart } from '../../src/model/start';
import { createRng } from '../../src/stats/random';
import { loadReference, readReferenceCsv, referenceCases, referenceLevels } from './helpers';

describe('moment starting values', () => {
  it('are near the simulated theta of crossed and nested random intercepts', () => {
    // y = 2 + a_i + b_j + c_ij + e: i (40 levels, sd 1.0), j (30 levels, sd 0.6), c nested in i (sd 0.5), e sd 0.8.
    const rng = createRng(5);
    const ai = Array.from({ length: 40 }, () => rng.normal());
    const bj = Array.from({ length: 30 }, () => 0.6 * rng.normal());
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 30; j++) {
        const c = 0.5 * rng.normal();
        for (let r = 0; r < 2; r++) rows.push({ i: `i${i}`, j: `j${j}`, y: 2 + ai[i]! + bj[j]! + c + 0.8 * rng.normal() });
      }
    }
    const d = lFormula('y ~ 1 + (1 | i:j) + (1 | i) + (1 | j)', rows);
    expect(d.reterms.map((t) => t.group)).toEqual(['i:j', 'i', 'j']);
    const start = momentStart(new BlockedSystem(d));
    const truth = [0.5 / 0.8, 1.0 / 0.8, 0.6 / 0.8];
    start.forEach((v, k) => expect(Math.abs(v - truth[k]!) / truth[k]!, `theta ${k}: ${v} vs ${truth[k]}`).toBeLessThan(0.3));
  });

  it('keep lme4 start values for vector-valued terms and stay within [0.05, 5]', () => {
    const rows = readReferenceCsv('tests/reference/datasets/sleepstudy.csv');
    const d = lFormula('Reaction ~ Days + (Days | Subject)', rows);
    expect(momentStart(new BlockedSystem(d))).toEqual([1, 0, 1]);
    const single = lFormula('y ~ x + (1 | g)', readReferenceCsv('tests/reference/datasets/singular_intercept.csv'));
    const s = momentStart(new BlockedSystem(single));
    expect(s[0]).toBeGreaterThanOrEqual(0.05);
    expect(s[0]).toBeLessThanOrEqual(5);
  });

  for (const name of referenceCases('csv')) {
    const ref = loadReference(name);
    it(`${name}: the same optimum from lme4's start`, () => {
      const d = lFormula(ref.formula, readReferenceCsv(ref.data.csv), { reference: referenceLevels(ref) });
      const fromMoments = fitDesign(d, { reml: ref.reml });
      const fromOnes = fitDesign(d, { reml: ref.reml, start: d.lowerBounds.map((lo) => (lo === 0 ? 1 : 0)) });
      expect(Math.abs(fromMoments.criterion - fromOnes.criterion)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fromOnes.criterion)));
      fromOnes.theta.forEach((v, k) => expect(Math.abs(fromMoments.theta[k]! - v), `theta ${k}`).toBeLessThan(1e-4));
    });
  }
});
