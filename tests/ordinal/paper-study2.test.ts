/**
 * The paper's Study 2 comparison as CLMMs against R's ordinal::clmm (Lee et al. 2024 data from the cache):
 * rating ~ source + (1 | post) + (1 | rater) and + (1 | post:rater), reference gpt4. Measured: estimates
 * <= 5.5e-5 relative (the largest on sourcellama2 = -0.005, 3e-7 absolute), SEs <= 6e-6, logLik 2e-14.
 */
import { describe, expect, it } from 'vitest';
import { buildClmmDesign } from '../../src/ordinal/index';
import { hasReference, checkLaplaceAgainstExtra, readExtra, referenceLevels, referenceRows, relErr } from './helpers';
import { checkPaperCase, fitPaperCase } from './paper-checks';

describe('paper model, Study 2 empathy (unique raters) as a CLMM', () => {
  it('rating ~ source + (1 | post) + (1 | rater) matches clmm', () => {
    const c = fitPaperCase('paper_study2_empathy_unique');
    checkPaperCase(c);
    // The SD-scale SEs of the random terms (clmm's parametrization for several terms).
    const n = c.fit.npar;
    const J = c.fit.nThresholds + c.fit.fixefNames.length;
    c.fit.randomSd().forEach((r, t) => {
      const k = J + t;
      expect(relErr(Math.sqrt(c.fit.vcov[k * n + k]!) * r.sd, Math.sqrt(c.ref.vcov.matrix[k]![k]!))).toBeLessThan(1e-3);
    });
  });

  it('has clmm\'s Laplace objective and Hessian at fixed parameters (extra_paper_study2_empathy_unique)', () => {
    const extra = readExtra('paper_study2_empathy_unique');
    const ref = { data: { lee2024: { study: 2 as const, measure: 'empathy', rater_coding: 'unique' as const } } };
    const d = buildClmmDesign('rating ~ source + (1 | post) + (1 | rater)', referenceRows(ref), { reference: { source: 'gpt4' } });
    expect(d.reterms.map((t) => t.group)).toEqual(extra.random_groups);
    checkLaplaceAgainstExtra(d, extra, 1e-4);
  });

  it.runIf(hasReference('paper_study2_empathy_unique_postrater'))('the paper\'s full model with (1 | post:rater) matches clmm', () => {
    checkPaperCase(fitPaperCase('paper_study2_empathy_unique_postrater'));
  });
});
