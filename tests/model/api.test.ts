/**
 * The public API: the three data inputs (rows, columns, danfojs DataFrame) give the same fit; lme4's
 * devFunOnly stage; contrasts by vector or by term names; ranef/condVar layout; JSON of the CLI contract.
 */
import { describe, expect, it } from 'vitest';
import { createDevianceFunction, describeBlocks, fitLmm, lFormula } from '../../src/model';
import { toFrame } from '../../src/data/frame';
import { loadReference, readReferenceCsv } from './helpers';

const ref = loadReference('slope_factor');
const rows = readReferenceCsv(ref.data.csv);

describe('public API', () => {
  it('rows, columns and a DataFrame give the same fit', () => {
    const a = fitLmm(ref.formula, rows);
    const columns = Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, rows.map((r) => r[k])]));
    const b = fitLmm(ref.formula, columns);
    const frame = toFrame(rows as Record<string, unknown>[], Object.keys(rows[0]!));
    const c = fitLmm(ref.formula, frame);
    for (const f of [b, c]) {
      expect(f.criterion).toBe(a.criterion);
      expect(Array.from(f.beta)).toEqual(Array.from(a.beta));
    }
  });

  it('the profiled deviance at fixed theta (lme4 devFunOnly = TRUE)', () => {
    const dev = createDevianceFunction(lFormula(ref.formula, rows), { reml: true });
    expect(dev.start).toEqual([1, 0, 1]);
    expect(dev.lower).toEqual([0, -Infinity, 0]);
    for (const o of ref.objective_at_theta) expect(Math.abs(dev(o.theta) - o.value)).toBeLessThan(1e-9);
    expect(() => dev([1, 0])).toThrow(/theta has 2 values; the model has 3/);
    expect(describeBlocks(dev.system)).toMatch(/nested chain: g\(20 blocks 2x2\)/);
  });

  it('contrasts by vector, by term names and through satterthwaite(L)', () => {
    const fit = fitLmm(ref.formula, rows);
    const c = ref.satterthwaite_contrasts[0];
    const byVector = fit.contrast(c.L);
    const named = Object.fromEntries(fit.fixefNames.map((n, i) => [n, c.L[i]]).filter(([, w]) => w !== 0));
    expect(fit.contrast(named)).toEqual(byVector);
    expect(fit.satterthwaite(c.L)).toEqual(byVector);
    expect(() => fit.contrast({ nope: 1 })).toThrow(/unknown fixed-effect term 'nope'/);
    expect(() => fit.contrast([1, 2])).toThrow(/contrast has 2 entries/);
    const ci90 = fit.contrast(c.L, 0.9);
    expect(ci90.upper - ci90.lower).toBeLessThan(byVector.upper - byVector.lower);
  });

  it('ranef groups terms by grouping factor; JSON has the contract keys', () => {
    const fit = fitLmm('y ~ x + (1 | g) + (0 + x | g)', readReferenceCsv('tests/reference/datasets/uncorrelated_slope.csv'));
    const re = fit.ranef({ condVar: true });
    expect(re.map((g) => [g.group, g.terms])).toEqual([['g', ['(Intercept)', 'x']]]);
    expect(re[0]!.values[0]!.length).toBe(2);
    expect(re[0]!.condsd![0]!.every((v) => v > 0)).toBe(true);
    const json = fit.toJSON();
    expect(json.varcorr.map((r) => ('term' in r ? `${r.group}/${r.term}` : 'cor'))).toEqual(['g/(Intercept)', 'g.1/x', 'Residual/null']);
    expect(JSON.parse(JSON.stringify(json)).reml_criterion).toBe(fit.criterion);
  });
});
