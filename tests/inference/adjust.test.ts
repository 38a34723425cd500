/**
 * Multiplicity adjustments against R (values printed by R 4.2.2 / emmeans 1.8.4 with
 *   p <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04); p.adjust(p, m); 1 - (1 - p)^6
 *   1 - emmeans:::.pdunnx(c(1.5, 2.2, 2.9), 3, 40); emmeans:::.qdunnx(0.95, 3, 40); emmeans:::.qdunnx(0.95, 5, 12.5)
 *   qtukey(0.95, 4, 280.5) / sqrt(2)
 *   uniroot(function(x) x^3 - 2*x - 5, c(2, 3), tol = 1e-4)$root; uniroot(function(x) cos(x) - x, c(0, 1))$root
 * ), and emmeans' rules for when an adjustment applies (the full pipeline is checked in emmeans.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { adjustPValues, criticalValues, pAdjust, pDunnettx, qDunnettx, uniroot } from '../../src/inference';
import { qnorm } from '../../src/stats/distributions';
import { expectClose } from './helpers';

const P = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04];
const R_P_ADJUST: Record<string, number[]> = {
  holm: [0.05, 0.12, 0.12, 0.03, 0.2, 0.12],
  hochberg: [0.05, 0.08, 0.08, 0.03, 0.2, 0.08],
  BH: [0.03, 0.048, 0.048, 0.03, 0.2, 0.048],
  BY: [0.0735, 0.1176, 0.1176, 0.0735, 0.49, 0.1176],
  bonferroni: [0.06, 0.24, 0.18, 0.03, 1, 0.24],
};

describe('p value adjustment', () => {
  for (const [method, expected] of Object.entries(R_P_ADJUST)) {
    it(`p.adjust(p, "${method}") as R`, () => {
      pAdjust(P, method as 'holm').forEach((v, i) => expectClose(v, expected[i]!, 1e-12, 1e-15, `${method}[${i}]`));
    });
  }

  it('sidak and dunnettx as emmeans', () => {
    // z statistics whose two-sided p values are P, through the same code path as contrasts
    const t = P.map((p) => qnorm(1 - p / 2));
    const sidak = [0.058519850599000001, 0.21724221030400015, 0.16702799507100019, 0.029627490643734378, 0.737856, 0.21724221030400015];
    const res = adjustPValues(t, t.map(() => Infinity), 'sidak', { size: 4, nContrasts: 6, pairwise: false });
    res.p.forEach((v, i) => expectClose(v, sidak[i]!, 1e-9, 0, `sidak[${i}]`));
    const holm = adjustPValues(t, t.map(() => Infinity), 'holm', { size: 4, nContrasts: 6, pairwise: true });
    holm.p.forEach((v, i) => expectClose(v, R_P_ADJUST.holm![i]!, 1e-9, 0, `holm via t [${i}]`));
    [0.32355408054798818, 0.088142550142171872, 0.016846579037471443].forEach((v, i) => expectClose(1 - pDunnettx([1.5, 2.2, 2.9][i]!, 3, 40), v, 1e-7, 1e-10, 'pdunnx'));
    expectClose(qDunnettx(0.95, 3, 40), 2.4547125951432824, 1e-9, 0, 'qdunnx(0.95, 3, 40)');
    expectClose(qDunnettx(0.95, 5, 12.5), 2.9077822071055497, 1e-9, 0, 'qdunnx(0.95, 5, 12.5)');
  });

  it('Tukey intervals use qtukey / sqrt(2) and Bonferroni intervals stand in for Holm', () => {
    const fam = { size: 4, nContrasts: 6, pairwise: true };
    expectClose(criticalValues(0.95, [280.5], 'tukey', fam).cv[0]!, 2.5844976302014642, 1e-7, 0, 'tukey cv');
    const holm = criticalValues(0.95, [280.5], 'holm', fam);
    expect(holm.method).toBe('bonferroni');
    expect(holm.message).toBe('Conf-level adjustment: bonferroni method for 6 estimates');
  });

  it('follows emmeans: one contrast is never adjusted; tukey outside pairwise families becomes sidak', () => {
    const one = adjustPValues([2.1], [30], 'tukey', { size: 2, nContrasts: 1, pairwise: true });
    expect(one.method).toBe('none');
    expect(one.message).toBeUndefined();
    const trt = adjustPValues([2.1, -1.2, 0.4], [30, 30, 30], 'tukey', { size: 4, nContrasts: 3, pairwise: false });
    expect(trt.method).toBe('sidak');
    expect(trt.note).toMatch(/changed to "sidak"/);
    expect(trt.message).toBe('P value adjustment: sidak method for 3 tests');
    const tukey3 = adjustPValues([2.1, -1.2, 0.4], [30, 30, 30], 'tukey', { size: 3, nContrasts: 3, pairwise: true });
    expect(tukey3.message).toBe('P value adjustment: tukey method for comparing a family of 3 estimates');
    expect(() => adjustPValues([1], [1], 'scheffe' as 'none', { size: 2, nContrasts: 1, pairwise: true })).toThrow(/unknown adjust method/);
  });
});

describe('uniroot (Brent) as R', () => {
  it('finds the same roots', () => {
    expectClose(uniroot((x) => x ** 3 - 2 * x - 5, 2, 3, 1e-4).root, 2.0945512665841388, 1e-12, 0, 'cubic');
    expectClose(uniroot((x) => Math.cos(x) - x, 0, 1).root, 0.73909105828536981, 1e-12, 0, 'cos');
    expect(() => uniroot((x) => x * x + 1, 0, 1)).toThrow(/opposite sign/);
  });
});
