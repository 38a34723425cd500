/**
 * Crossed random effects that split into independent blocks (raters and items nested in a source): the
 * conditional-mode Hessian is factored block by block (src/ordinal/structure.ts). Checked against
 * ordinal::clmm on tests/reference/datasets/ordinal_blocks.csv (tests/reference/R/clmm_blocks.R): clmm's
 * Laplace objective at fixed parameters (1e-12 relative), its central-difference Hessian (to 1e-5 of the
 * diagonal's scale), and the fit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClmmDesign, fitClmm, LaplaceObjective, type ClmmDesign } from '../../src/ordinal/index';
import { buildReStructure } from '../../src/ordinal/structure';
import { hessianFromGradient } from '../../src/ordinal/optimize';
import { fromRoot } from '../../src/util/paths';
import { hessianToSdScale, referenceRows, relErr } from './helpers';

interface BlocksReference {
  formula: string;
  data: { csv: string };
  random_groups: string[];
  fit: {
    thresholds: { term: string; estimate: number; se: number }[];
    coefficients: { term: string; estimate: number; se: number }[];
    random_sd: { group: string; sd: number }[];
    logLik: number;
    ranef: { group: string; levels: string[]; mode: number[]; condvar: number[] }[];
  };
  points: { label: string; par: number[]; value: number }[];
  hessian: { step: number; par: number[]; matrix: number[][] };
}

const read = (name: string) => JSON.parse(readFileSync(fromRoot('tests', 'reference', 'clmm', `${name}.json`), 'utf8')) as BlocksReference;

/** R's parameter vector (SDs in clmm's group order) in our order (log SDs in the design's term order), and the permutation. */
function toOurs(ref: BlocksReference, design: ClmmDesign, par: number[]): { psi: Float64Array; perm: number[] } {
  const nr = ref.random_groups.length;
  const nf = par.length - nr;
  const perm = [...Array(nf).keys()];
  for (const t of design.reterms) perm.push(nf + ref.random_groups.indexOf(t.group));
  const psi = Float64Array.from(perm, (k, i) => (i >= nf ? Math.log(par[k]!) : par[k]!));
  return { psi, perm };
}

for (const name of ['blocks_t2', 'blocks_t3']) {
  describe(`${name}: clmm on raters and items nested in sources`, () => {
    const ref = read(name);
    const rows = referenceRows(ref);
    const design = buildClmmDesign(ref.formula, rows, { reference: { source: 's1' } });

    it('has one diagonal block of S per source', () => {
      const st = buildReStructure(design.reterms.map((t) => t.refs), design.reterms.map((t) => t.levels.length), design.n);
      expect(st.blockStart.length - 1).toBe(3);
      // Each block holds the levels of one source: the 10 items of a source (+ its 2 sessions for blocks_t3); the 36 raters are the diagonal term.
      const sizes = Array.from({ length: 3 }, (_, b) => st.blockStart[b + 1]! - st.blockStart[b]!);
      expect(sizes).toEqual(name === 'blocks_t2' ? [10, 10, 10] : [12, 12, 12]);
    });

    it('has clmm\'s Laplace objective at fixed parameters and its Hessian', () => {
      const obj = new LaplaceObjective(design);
      for (const pt of ref.points) expect(relErr(obj.evaluate(toOurs(ref, design, pt.par).psi).value, pt.value)).toBeLessThan(1e-12);
      // In a fresh objective too (no factor held from an earlier point), in reverse order.
      const fresh = new LaplaceObjective(design);
      for (const pt of [...ref.points].reverse()) expect(relErr(fresh.evaluate(toOurs(ref, design, pt.par).psi).value, pt.value)).toBeLessThan(1e-12);
      const { psi, perm } = toOurs(ref, design, ref.hessian.par);
      const g = obj.evaluate(psi, true).gradient!;
      const H = hessianToSdScale(hessianFromGradient((x) => obj.evaluate(x, true).gradient!, psi), g, psi, ref.random_groups.length);
      const R = ref.hessian.matrix;
      for (let i = 0; i < perm.length; i++) for (let j = 0; j < perm.length; j++) {
        const r = R[perm[i]!]![perm[j]!]!;
        expect(Math.abs(H[i]![j]! - r)).toBeLessThan(1e-5 * Math.sqrt(R[perm[i]!]![perm[i]!]! * R[perm[j]!]![perm[j]!]!));
      }
    });

    it('fits as clmm: estimates, SEs, SDs, logLik, conditional modes and variances', () => {
      const fit = fitClmm(ref.formula, rows, { reference: { source: 's1' } });
      expect(fit.converged).toBe(true);
      expect(fit.logLik()).toBeGreaterThanOrEqual(ref.fit.logLik - 1e-12 * Math.abs(ref.fit.logLik));
      expect(relErr(fit.logLik(), ref.fit.logLik)).toBeLessThan(1e-9);
      const rows_ = [...fit.thresholdTable(), ...fit.coefficients()];
      const refRows = [...ref.fit.thresholds, ...ref.fit.coefficients];
      expect(rows_.map((r) => r.term)).toEqual(refRows.map((r) => r.term));
      rows_.forEach((r, i) => {
        expect(Math.abs(r.estimate - refRows[i]!.estimate)).toBeLessThan(1e-4 * Math.max(Math.abs(refRows[i]!.estimate), refRows[i]!.se));
        expect(relErr(r.se, refRows[i]!.se)).toBeLessThan(1e-3);
      });
      for (const s of fit.randomSd()) expect(relErr(s.sd, ref.fit.random_sd.find((x) => x.group === s.group)!.sd)).toBeLessThan(1e-4);
      for (const g of ref.fit.ranef) {
        const mine = fit.ranef().find((x) => x.group === g.group)!;
        expect(mine.levels).toEqual(g.levels);
        mine.mode.forEach((m, k) => expect(Math.abs(m - g.mode[k]!)).toBeLessThan(1e-4));
        mine.condVar.forEach((v, k) => expect(relErr(v, g.condvar[k]!)).toBeLessThan(1e-4));
      }
    });
  });
}
