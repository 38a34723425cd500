/**
 * The paper's models (Lee et al. 2024) against lme4/lmerTest: Study 1 and Study 2 within-study models
 * rating ~ source + (1|post:rater) + (1|post) + (1|rater) in both rater codings, and the cross-study
 * models rating ~ study + (1|post) + (1|rater). The data are rebuilt from the released files with
 * loadLee2024Ratings (copied into the ignored cache from ../shared/data/lee2024 when needed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { checkAgainstReference, checkRanef } from './check';
import { ensureLeeData, leeKey, leeTable, loadReference, referenceCases, referenceLevels } from './helpers';

const cases = referenceCases('lee2024');

describe('paper models (Lee et al. 2024)', () => {
  beforeAll(async () => {
    await ensureLeeData();
  });

  it('has both paper models among the reference cases', () => {
    expect(cases).toContain('paper_study1_empathy_paper');
    expect(cases).toContain('paper_study2_empathy_paper');
  });

  for (const name of cases) {
    it(name, () => {
      const ref = loadReference(name);
      const spec = ref.data.lee2024;
      const table = leeTable(spec);
      expect(table.length, 'rows').toBe(ref.lee2024_table.rows);
      expect(new Set(table.map((r) => r.rater)).size, 'raters').toBe(ref.lee2024_table.raters);
      expect(new Set(table.map((r) => r.post)).size, 'posts').toBe(ref.lee2024_table.posts);
      const fit = fitLmm(ref.formula, table, { reml: ref.reml, reference: referenceLevels(ref) });
      checkAgainstReference(fit, ref, name);
      checkRanef(fit, ref, name);
      // Fitted values, matched by the rows' keys.
      const cross = Array.isArray(spec.study);
      const index = new Map(table.map((r, i) => [r.key, i] as const));
      const f = fit.fitted();
      ref.fitted_head.keys.forEach((k: Record<string, string>, i: number) => {
        const row = index.get(leeKey(k, cross));
        expect(row, `row ${JSON.stringify(k)}`).toBeDefined();
        expect(Math.abs(f[row!]! - ref.fitted_head.fitted[i])).toBeLessThan(1e-6);
      });
      if (name === 'paper_study1_empathy_paper') {
        // The paper's number: human vs GPT-4, t = 20.13.
        const gpt4 = fit.fixef().find((r) => r.term === 'sourcegpt4')!;
        expect(gpt4.t.toFixed(2)).toBe('20.13');
      }
    });
  }
});
