/**
 * Invariances that must hold exactly in theory: the order of the rows does not matter, and rescaling the
 * response (y -> a y + b) scales beta, SEs and sigma, leaves theta, t and df unchanged and shifts the REML
 * criterion by 2 (n - p) log|a| (ML deviance: 2 n log|a|).
 */
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { createRng, shuffled } from '../../src/stats/random';
import { expectRel, readReferenceCsv } from './helpers';

const cases = [
  { csv: 'tests/reference/datasets/crossed_missing_cells.csv', formula: 'y ~ A * B + (1|subj) + (1|item)', y: 'y' },
  { csv: 'tests/reference/datasets/slope_factor.csv', formula: 'y ~ x * f + (1 + x|g)', y: 'y' },
  { csv: 'tests/reference/datasets/nested.csv', formula: 'y ~ trt + (1|a/b)', y: 'y' },
];

describe('invariance', () => {
  for (const c of cases) {
    const rows = readReferenceCsv(c.csv);
    for (const reml of [true, false]) {
      it(`row order: ${c.formula} (${reml ? 'REML' : 'ML'})`, () => {
        const a = fitLmm(c.formula, rows, { reml });
        const b = fitLmm(c.formula, shuffled(rows, createRng(42)), { reml });
        expect(Math.abs(a.criterion - b.criterion)).toBeLessThan(1e-8);
        a.beta.forEach((v, i) => expectRel(b.beta[i]!, v, 1e-6, `beta ${i}`, a.se[i]!));
        a.se.forEach((v, i) => expectRel(b.se[i]!, v, 1e-6, `se ${i}`));
        const fa = a.fixef();
        const fb = b.fixef();
        fa.forEach((r, i) => expectRel(fb[i]!.df, r.df, 1e-4, `df ${r.term}`));
        a.varcorr().sd.forEach((r, i) => expectRel(b.varcorr().sd[i]!.sd, r.sd, 1e-5, `sd ${r.group}`, 1e-8));
      });
    }
    it(`rescaled response: ${c.formula}`, () => {
      const scale = 7.5;
      const shift = -120;
      const scaled = rows.map((r) => ({ ...r, [c.y]: scale * (r[c.y] as number) + shift }));
      for (const reml of [true, false]) {
        const a = fitLmm(c.formula, rows, { reml });
        const b = fitLmm(c.formula, scaled, { reml });
        const n = a.nobs;
        const shiftCrit = 2 * (reml ? n - a.p : n) * Math.log(scale);
        expect(Math.abs(b.criterion - (a.criterion + shiftCrit))).toBeLessThan(1e-7);
        a.theta.forEach((v, i) => expectRel(b.theta[i]!, v, 1e-5, `theta ${i}`, 0.1));
        expectRel(b.sigma, scale * a.sigma, 1e-6, 'sigma');
        a.beta.forEach((v, i) => {
          const expected = scale * v + (a.fixefNames[i] === '(Intercept)' ? shift : 0);
          expectRel(b.beta[i]!, expected, 1e-6, `beta ${a.fixefNames[i]}`, scale * a.se[i]!);
          expectRel(b.se[i]!, scale * a.se[i]!, 1e-6, `se ${a.fixefNames[i]}`);
        });
        const fa = a.fixef();
        b.fixef().forEach((r, i) => {
          if (fa[i]!.term !== '(Intercept)') expectRel(r.t, fa[i]!.t, 1e-5, `t ${r.term}`);
          expectRel(r.df, fa[i]!.df, 1e-4, `df ${r.term}`);
        });
      }
    });
  }
});
