/**
 * Reference grids and marginal means over several factors (closed forms in beta), with a rank-deficient
 * design (tests/reference/datasets/crossed_missing_cells.csv: A x B with the cell a3:b3 empty, so lme4
 * drops Aa3:Bb3 and emmeans reports "nonEst" for what depends on it).
 */
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { emmeans, marginalGrid, referenceGrid } from '../../src/inference';
import { expectClose, readJson, readReferenceCsv } from './helpers';

describe('reference grid of y ~ A * B with an empty cell', () => {
  const ref = readJson('tests', 'reference', 'lmm', 'crossed_missing_cells.json');
  const fit = fitLmm(ref.formula, readReferenceCsv(ref.data.csv));
  const b = (term: string) => fit.beta[fit.fixefNames.indexOf(term)]!;

  it('lists every combination, first factor varying fastest', () => {
    const grid = referenceGrid(fit.design);
    expect(grid.points.map((p) => `${p.A} ${p.B}`)).toEqual(['a1 b1', 'a2 b1', 'a3 b1', 'a1 b2', 'a2 b2', 'a3 b2', 'a1 b3', 'a2 b3', 'a3 b3']);
    expect(grid.coefficients).toEqual(ref.fixef.map((f: { term: string }) => f.term));
    expect(grid.dropped.names).toEqual(['Aa3:Bb3']);
  });

  it('cell means are the model predictions; a3 b3 is not estimable', () => {
    const cells = emmeans(fit, ['A', 'B']);
    expect(cells.rows.map((r) => r.level)).toEqual(['a1 b1', 'a2 b1', 'a3 b1', 'a1 b2', 'a2 b2', 'a3 b2', 'a1 b3', 'a2 b3', 'a3 b3']);
    const pred: Record<string, number> = {
      'a1 b1': b('(Intercept)'),
      'a2 b2': b('(Intercept)') + b('Aa2') + b('Bb2') + b('Aa2:Bb2'),
      'a3 b2': b('(Intercept)') + b('Aa3') + b('Bb2') + b('Aa3:Bb2'),
      'a2 b3': b('(Intercept)') + b('Aa2') + b('Bb3') + b('Aa2:Bb3'),
    };
    for (const [lab, v] of Object.entries(pred)) expectClose(cells.rows.find((r) => r.level === lab)!.emmean, v, 1e-12, 1e-12, lab);
    const a3b3 = cells.rows.find((r) => r.level === 'a3 b3')!;
    expect(a3b3.estimable).toBe(false);
    expect(Number.isNaN(a3b3.emmean)).toBe(true);
    expect(cells.toString()).toMatch(/a3 b3 +nonEst +NA/);
  });

  it('marginal means average the cells with equal weights', () => {
    const cells = emmeans(fit, ['A', 'B'], { df: 'asymptotic' });
    const a = emmeans(fit, 'A', { df: 'asymptotic' });
    for (const lev of ['a1', 'a2']) {
      const avg = cells.rows.filter((r) => r.levels.A === lev).reduce((s, r) => s + r.emmean, 0) / 3;
      expectClose(a.rows.find((r) => r.level === lev)!.emmean, avg, 1e-12, 1e-12, `EMM of ${lev}`);
    }
    expect(a.rows[2]!.estimable).toBe(false);
    const pairs = a.pairs({ adjust: 'none' });
    expect(pairs.rows.map((r) => r.estimable)).toEqual([true, false, false]);
    expect(pairs.toString()).toMatch(/a1 - a3 +nonEst/);
    expect(a.messages).toEqual(['Results are averaged over the levels of: B', 'Degrees-of-freedom method: asymptotic', 'Confidence level used: 0.95']);
    expect(a.toString()).toMatch(/asymp\.LCL/);
  });

  it('names unknown factors', () => {
    expect(() => marginalGrid(referenceGrid(fit.design), ['C'])).toThrow(/'C' is not a variable of the fixed part \(variables: A, B\)/);
  });
});
