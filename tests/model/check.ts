/**
 * Compares a fit with one R reference case (tests/reference/lmm/<case>.json) at the tolerances:
 * fixed effects and SEs 1e-6 relative, REML criterion / deviance 1e-6 absolute, variance-component SDs
 * 1e-4 relative, Satterthwaite df 1e-3 relative.
 */
import { expect } from 'vitest';
import type { LmmFit } from '../../src/model';
import { scaledResidualQuantiles } from '../../src/model/summary';
import { expectAbs, expectRel, type Reference } from './helpers';

export const TOL = { beta: 1e-6, se: 1e-6, criterion: 1e-6, sd: 1e-4, df: 1e-3 };

/** Everything but ranef and fitted values (which need row/level matching). */
export function checkAgainstReference(fit: LmmFit, ref: Reference, label: string): void {
  expect(fit.reml, `${label} reml`).toBe(ref.reml);
  expect(fit.nobs, `${label} nobs`).toBe(ref.nobs);
  expect(fit.ngrps, `${label} ngrps`).toEqual(ref.ngrps);
  expect(fit.design.droppedFixef, `${label} dropped columns`).toEqual(ref.fixef_dropped);
  for (const [name, f] of Object.entries(ref.factors ?? {})) {
    expect(fit.design.factors[name]?.levels, `${label} levels of ${name}`).toEqual((f as { levels: string[] }).levels);
  }
  // Criterion.
  expectAbs(fit.criterion, ref.criterion.value, TOL.criterion, `${label} ${ref.criterion.name}`);
  if (ref.deviance_ml !== null) expectAbs(fit.deviance(), ref.deviance_ml, TOL.criterion, `${label} deviance`);
  expectAbs(fit.logLik(), ref.logLik, TOL.criterion, `${label} logLik`);
  expect(fit.npar, `${label} df`).toBe(ref.df);
  expectAbs(fit.aic(), ref.AIC, TOL.criterion, `${label} AIC`);
  expectAbs(fit.bic(), ref.BIC, TOL.criterion, `${label} BIC`);
  // Fixed effects with Satterthwaite df.
  const fx = fit.fixef();
  expect(fx.map((r) => r.term), `${label} terms`).toEqual(ref.fixef.map((r: { term: string }) => r.term));
  ref.fixef.forEach((r: { term: string; estimate: number; se: number; df: number; t: number; p: number }, i: number) => {
    const o = fx[i]!;
    const scale = Math.max(...ref.fixef.map((x: { se: number }) => x.se)) * 1e-3;
    expectRel(o.estimate, r.estimate, TOL.beta, `${label} ${r.term} estimate`, scale);
    expectRel(o.se, r.se, TOL.se, `${label} ${r.term} SE`);
    expectRel(o.t, r.t, 1e-6, `${label} ${r.term} t`, 1e-3);
    expectRel(o.df, r.df, TOL.df, `${label} ${r.term} df`);
    // p follows from t and df; a relative df error of 1e-3 moves small p values by more than 1e-3 relative.
    expectRel(o.p, r.p, 2e-2, `${label} ${r.term} p`, 1e-12);
  });
  // vcov.
  const p = fit.p;
  const diag = Array.from({ length: p }, (_, i) => Math.sqrt(ref.vcov.matrix[i][i]));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      expectRel(fit.vcov[i * p + j]!, ref.vcov.matrix[i][j], 2e-6, `${label} vcov[${i},${j}]`, diag[i]! * diag[j]!);
    }
  }
  // theta (names, bounds, values).
  expect(fit.design.thetaNames, `${label} theta names`).toEqual(ref.theta.names);
  expect(fit.design.lowerBounds.map((v) => (v === -Infinity ? null : v)), `${label} theta lower`).toEqual(ref.theta.lower);
  ref.theta.values.forEach((v: number, i: number) => expectRel(fit.theta[i]!, v, 1e-4, `${label} theta[${i}]`, 0.1));
  // Variance components.
  const vc = fit.varcorr();
  expect(vc.sd.map((r) => [r.group, r.term]), `${label} varcorr rows`).toEqual(ref.varcorr.sd.map((r: { group: string; term: string | null }) => [r.group, r.term]));
  ref.varcorr.sd.forEach((r: { group: string; term: string | null; sd: number; variance: number }, i: number) => {
    if (r.sd === 0) expect(vc.sd[i]!.sd, `${label} ${r.group} sd`).toBe(0);
    else expectRel(vc.sd[i]!.sd, r.sd, TOL.sd, `${label} ${r.group} ${r.term} sd`);
  });
  expectRel(fit.sigma, ref.sigma, TOL.sd, `${label} sigma`);
  expect(vc.cor.length, `${label} number of correlations`).toBe(ref.varcorr.cor.length);
  ref.varcorr.cor.forEach((r: { group: string; term1: string; term2: string; cor: number }, i: number) => {
    expect([vc.cor[i]!.group, vc.cor[i]!.term1, vc.cor[i]!.term2]).toEqual([r.group, r.term1, r.term2]);
    expectAbs(vc.cor[i]!.cor, r.cor, 1e-4, `${label} cor ${r.term1}/${r.term2}`);
  });
  expect(fit.singular, `${label} singular`).toBe(ref.singular);
  // Residuals.
  expectRel(fit.residuals().reduce((s, r) => s + r * r, 0), ref.residual_sum_of_squares, 1e-6, `${label} residual SS`);
  const q = scaledResidualQuantiles(fit);
  ['min', 'q1', 'median', 'q3', 'max'].forEach((k, i) => expectAbs(q[i]!, ref.scaled_residuals[k], 1e-5, `${label} scaled residual ${k}`));
  // The criterion at fixed theta (no optimizer involved).
  for (const o of ref.objective_at_theta) {
    expectAbs(fit.devfun(o.theta), o.value, Math.max(1e-9, 1e-11 * Math.abs(o.value)), `${label} objective at ${o.label} theta`);
  }
  fit.devfun(fit.theta);
  // Our optimum is at least as low as lme4's default optimizer's (up to rounding noise of the criterion).
  expect(fit.criterion, `${label} criterion vs lme4 default`).toBeLessThanOrEqual(ref.default_optimizer.criterion + 1e-11 * Math.abs(ref.default_optimizer.criterion) + 1e-9);
  // Contrasts.
  for (const c of ref.satterthwaite_contrasts) {
    const o = fit.contrast(c.L);
    const l = `${label} contrast ${c.label}`;
    expectRel(o.estimate, c.estimate, TOL.beta, `${l} estimate`, Math.max(...ref.fixef.map((x: { se: number }) => x.se)) * 1e-3);
    expectRel(o.se, c.se, TOL.se, `${l} SE`);
    expectRel(o.df, c.df, TOL.df, `${l} df`);
    expectRel(o.t, c.t, 1e-6, `${l} t`, 1e-3);
    expectRel(o.p, c.p, 2e-2, `${l} p`, 1e-12);
    expectRel(o.lower, c.lower, 1e-5, `${l} lower`, c.se);
    expectRel(o.upper, c.upper, 1e-5, `${l} upper`, c.se);
  }
}

/** Conditional modes and conditional SDs, matched by level label (levels: our label -> R label). */
export function checkRanef(fit: LmmFit, ref: Reference, label: string, mapLevel: (group: string, level: string) => string = (_, l) => l): void {
  const ours = fit.ranef({ condVar: true });
  expect(ours.map((g) => g.group), `${label} ranef groups`).toEqual(ref.ranef.map((g: { group: string }) => g.group));
  ref.ranef.forEach((rg: { group: string; terms: string[]; levels: string[]; values: number[][]; condsd: number[][] }, gi: number) => {
    const og = ours[gi]!;
    expect(og.terms).toEqual(rg.terms);
    expect(og.levels.length, `${label} ${rg.group} number of levels`).toBe(rg.levels.length);
    const index = new Map(og.levels.map((l, i) => [mapLevel(rg.group, l), i] as const));
    const spread = rg.terms.map((_, j) => Math.sqrt(rg.values.reduce((s, v) => s + v[j]! * v[j]!, 0) / rg.values.length));
    rg.levels.forEach((lev, li) => {
      const oi = index.get(lev);
      if (oi === undefined) expect.fail(`${label}: level ${rg.group} ${lev} of R's ranef not found`);
      rg.terms.forEach((term, j) => {
        expectRel(og.values[oi]![j]!, rg.values[li]![j]!, 1e-4, `${label} ranef ${rg.group} ${lev} ${term}`, Math.max(spread[j]!, 1e-8));
        expectRel(og.condsd![oi]![j]!, rg.condsd[li]![j]!, 1e-4, `${label} condsd ${rg.group} ${lev} ${term}`, 1e-8);
      });
    });
  });
}
