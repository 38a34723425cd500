/**
 * The engine against lme4/lmerTest on the reference designs of tests/reference/lmm (sleepstudy REML and ML,
 * Penicillin (crossed), Pastes and a synthetic design (nested), an unbalanced design with an empty cell
 * (rank deficient), a singular fit, numeric covariate x factor interaction with a correlated random slope,
 * uncorrelated slopes, crossed intercepts).
 */
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { checkAgainstReference, checkRanef } from './check';
import { loadReference, readReferenceCsv, referenceCases, referenceLevels } from './helpers';

const cases = referenceCases('csv');

describe('reference designs (lme4 tight optimum)', () => {
  it('has the reference cases the issue asks for', () => {
    for (const name of ['sleepstudy_reml', 'sleepstudy_ml', 'penicillin', 'pastes_nested', 'nested', 'crossed_missing_cells', 'singular_intercept', 'slope_factor']) {
      expect(cases).toContain(name);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const ref = loadReference(name);
      const rows = readReferenceCsv(ref.data.csv);
      const fit = fitLmm(ref.formula, rows, { reml: ref.reml, reference: referenceLevels(ref) });
      checkAgainstReference(fit, ref, name);
      checkRanef(fit, ref, name);
      // Fitted values and residuals of the first rows (data order).
      const f = fit.fitted();
      const r = fit.residuals();
      ref.fitted_head.rows.forEach((row: number, i: number) => {
        expect(Math.abs(f[row - 1]! - ref.fitted_head.fitted[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref.fitted_head.fitted[i])));
        expect(Math.abs(r[row - 1]! - ref.fitted_head.residuals[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref.fitted_head.fitted[i])));
      });
    });
  }
});
