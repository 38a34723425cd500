/**
 * Marginal means and contrasts against R's emmeans (with lmerTest for Satterthwaite df and pbkrtest for
 * Kenward-Roger), from tests/reference/emmeans/*.json (made by tests/reference/R/emmeans.R).
 * Tolerance: 1e-5 relative on estimates, SEs, df and p values (plus 1e-8 absolute for estimates that are 0).
 * Tukey and dunnettx p values come from the studentized range, whose R algorithm (ported by jStat) is
 * accurate to about 1e-9 absolute: they get 2e-9 absolute on top, and R values below 1e-8 are only
 * checked as "< 1e-8".
 */
import { describe, expect, it } from 'vitest';
import { emmeans } from '../../src/inference';
import { emmeansCases, expectClose, fitForReference, readJson, type Reference } from './helpers';

const REL = 1e-5;

for (const name of emmeansCases()) {
  describe(`emmeans reference ${name}`, () => {
    const ref: Reference = readJson('tests', 'reference', 'emmeans', `${name}.json`);
    const df = ref.lmer_df === 'kenward-roger' ? 'kenward-roger' : 'satterthwaite';
    const get = () => {
      const fit = fitForReference(ref);
      return { fit, emm: emmeans(fit, ref.specs, { df }) };
    };

    it('has the same coefficients and reference grid', () => {
      const { fit, emm } = get();
      expect(fit.fixefNames).toEqual(ref.model.fixef.map((f: { term: string }) => f.term));
      expect(emm.rows.map((r) => r.level)).toEqual(ref.grid.levels);
      emm.linfct.forEach((row, i) => row.forEach((v, j) => expectClose(v, ref.grid.linfct[i][j], 1e-12, 1e-12, `linfct[${i}][${j}]`)));
    });

    it('gives the marginal means, SEs, df and intervals of emmeans', () => {
      const { emm } = get();
      expect(emm.messages).toEqual(ref.emmeans_messages);
      emm.rows.forEach((r, i) => {
        const q = ref.emmeans[i];
        expect(r.level).toBe(q.level);
        expectClose(r.emmean, q.emmean, REL, 1e-8, `${r.level} emmean`);
        expectClose(r.se, q.SE, REL, 0, `${r.level} SE`);
        expectClose(r.df, q.df, REL, 0, `${r.level} df`);
        expectClose(r.lower, q['lower.CL'], REL, 1e-8, `${r.level} lower.CL`);
        expectClose(r.upper, q['upper.CL'], REL, 1e-8, `${r.level} upper.CL`);
      });
    });

    for (const set of ref.contrasts) {
      it(`gives ${set.method} contrasts with adjust = ${set.adjust}`, () => {
        const { emm } = get();
        const table = emm.contrast(set.method, { adjust: set.adjust });
        expect(table.messages).toEqual(set.messages);
        expect(table.rows.map((r) => r.contrast)).toEqual(set.rows.map((r: { contrast: string }) => r.contrast));
        const studentized = set.adjust === 'tukey' || set.adjust === 'dunnettx';
        table.rows.forEach((r, i) => {
          const q = set.rows[i];
          const what = `${r.contrast} (${set.method}, ${set.adjust})`;
          expectClose(r.estimate, q.estimate, REL, 1e-8, `${what} estimate`);
          expectClose(r.se, q.SE, REL, 0, `${what} SE`);
          expectClose(r.df, q.df, REL, 0, `${what} df`);
          expectClose(r.t, q['t.ratio'], REL, 1e-8, `${what} t`);
          if (studentized && q['p.value'] < 1e-8) expect(r.p, `${what} p`).toBeLessThan(1e-8);
          else expectClose(r.p, q['p.value'], REL, studentized ? 2e-9 : 0, `${what} p`);
          expectClose(r.lower, q['lower.CL'], REL, 1e-8, `${what} lower.CL`);
          expectClose(r.upper, q['upper.CL'], REL, 1e-8, `${what} upper.CL`);
        });
      });
    }

    if (ref.kenward_roger) {
      it('gives pbkrtest\'s adjusted covariance and per-coefficient df', async () => {
        const { fit } = get();
        const { kenwardRogerOf } = await import('../../src/inference');
        const kr = kenwardRogerOf(fit);
        const p = fit.p;
        ref.kenward_roger.vcov_adjusted.matrix.forEach((row: number[], i: number) =>
          row.forEach((v, j) => expectClose(kr.vcovAdjusted[i * p + j]!, v, REL, 0, `vcovAdj[${i}][${j}]`)),
        );
        ref.kenward_roger.fixef_df.forEach((f: { term: string; df: number }, j: number) => {
          const L = new Array(p).fill(0);
          L[j] = 1;
          expectClose(kr.df(L), f.df, REL, 0, `KR df of ${f.term}`);
        });
      });
    }
  });
}

describe('emmeans on a model with a covariate', () => {
  it('holds the covariate at its mean, or at a value given with at', () => {
    const ref = readJson('tests', 'reference', 'emmeans', 'slope_factor_satterthwaite.json');
    const fit = fitForReference(ref);
    const atMean = emmeans(fit, 'f');
    expect(atMean.linfct[0]![1]).toBeCloseTo(4.5, 12);
    const at2 = emmeans(fit, 'f', { at: { x: 2 } });
    // closed form: c2 at x = 2 is (Intercept) + 2 x + fc2 + 2 x:fc2
    const b = fit.beta;
    expectClose(at2.rows[1]!.emmean, b[0]! + 2 * b[1]! + b[2]! + 2 * b[4]!, 1e-12, 1e-12, 'c2 at x = 2');
    // a covariate as specs: one mean, at the covariate's mean, averaged over f (as emmeans(fit, "x"))
    const overX = emmeans(fit, 'x');
    expect(overX.rows.map((r) => r.level)).toEqual(['4.5']);
    expectClose(overX.rows[0]!.emmean, atMean.rows.reduce((a, r) => a + r.emmean, 0) / atMean.rows.length, 1e-12, 1e-12, 'mean over f at x = 4.5');
    expect(() => emmeans(fit, 'f', { at: { z: 1 } })).toThrow(/not a variable/);
  });
});
