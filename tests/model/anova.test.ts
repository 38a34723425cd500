/** anova(m0, m1): likelihood-ratio tests against lme4 (tests/reference/lmm/anova_*.json). */
import { describe, expect, it } from 'vitest';
import { anova, fitLmm } from '../../src/model';
import { expectAbs, expectRel, loadReference, readReferenceCsv, referenceCases } from './helpers';

describe('anova (lme4)', () => {
  const cases = referenceCases('anova');
  it('has the likelihood-ratio reference cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });
  for (const name of cases) {
    it(name, () => {
      const ref = loadReference(name);
      const rows = readReferenceCsv(ref.data.csv);
      const fits = ref.models.map((m: { formula: string }) => fitLmm(m.formula, rows, { reml: ref.fitted_with_reml }));
      const table = anova(fits, { refit: ref.refit, names: ref.models.map((m: { name: string }) => m.name) });
      expect(table.refitted).toBe(ref.refit && ref.fitted_with_reml);
      expect(table.rows.map((r) => r.model)).toEqual(ref.rows.map((r: { model: string }) => r.model));
      ref.rows.forEach((r: Record<string, number | null>, i: number) => {
        const o = table.rows[i]!;
        expect(o.npar).toBe(r.npar);
        for (const k of ['AIC', 'BIC', 'logLik', 'deviance'] as const) expectAbs(o[k], r[k] as number, 1e-6, `${name} ${k}`);
        if (r.Chisq === null) {
          expect(o.Chisq).toBeNull();
        } else {
          expectAbs(o.Chisq!, r.Chisq, 1e-6, `${name} Chisq`);
          expect(o.Df).toBe(r.Df);
          expectRel(o.p!, r.p as number, 1e-5, `${name} p`);
        }
      });
      const text = table.toString();
      expect(text).toContain('Pr(>Chisq)');
      expect(table.toHTML()).toContain('<table');
    });
  }

  it('rejects models fitted to different observations', () => {
    const rows = readReferenceCsv('tests/reference/datasets/sleepstudy.csv');
    const a = fitLmm('Reaction ~ Days + (1|Subject)', rows);
    const b = fitLmm('Reaction ~ Days + (1|Subject)', rows.slice(0, 170));
    expect(() => anova([a, b])).toThrow(/same number of observations/);
  });
});
