/**
 * `new-study` + `reproduce NAME` end to end, through the real tslab kernel, on two generated studies
 * (tests/reference/newstudy: a crossed design on a 1-5 scale and a rater-nested one on a 1-3 scale, each
 * with other column names and a few missing ratings): results.json must equal what R computes on the same
 * files (tests/reference/R/newstudy.R: lmerTest, emmeans with Kenward-Roger, psych/performance ICCs,
 * ordinal::clmm).
 *
 * Tolerances: estimates, SEs, EMMs, variance SDs, ICCs 1e-5 relative; df 1e-3 relative (Kenward-Roger /
 * Satterthwaite); REML criterion 1e-6 absolute; Tukey p 1e-4 relative (1e-8 absolute); d 1e-5 relative;
 * the CLMM (R stops at |gradient| ~ 1e-3): its log-likelihood as high as R's (within 1e-6), coefficients
 * 2e-3 relative.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { startCli } from '../notebook/helpers';

const REF = 'tests/reference/newstudy';
const work = mkdtempSync(join(tmpdir(), 'new-study-'));
const STUDIES = {
  crossed: { name: 'vitest-crossed', args: ['--rater', 'rater_id', '--item', 'dialog', '--source', 'system', '--rating', 'score', '--scale', '1-5', '--reference', 'human'] },
  nested: { name: 'vitest-nested', args: ['--rater', 'annotator', '--item', 'item', '--source', 'condition', '--rating', 'rating', '--scale', '1-3', '--reference', 'control'] },
} as const;
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  for (const s of Object.values(STUDIES)) rmSync(join('build', 'studies', s.name), { recursive: true, force: true });
});

const close = (ours: number | null, theirs: number, rel: number, abs = 1e-9) => ours !== null && Math.abs(ours - theirs) <= Math.max(abs, rel * Math.abs(theirs));
function expectClose(ours: number | null, theirs: number, rel: number, what: string, abs = 1e-9) {
  expect(close(ours, theirs, rel, abs), `${what}: ours ${ours}, R ${theirs}`).toBe(true);
}

describe('new-study: usage and a bad file', () => {
  it('writes the notebook only where asked, names what is wrong', async () => {
    const r = await runCli(['new-study', '--data', join(REF, 'crossed.csv'), '--name', 'x', ...STUDIES.crossed.args.slice(0, -2), '--reference', 'robot', '--dir', work]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reference source 'robot' is not in column system \(sources: gpt4, human, llama2\)/);
    expect((await runCli(['new-study', '--data', join(REF, 'crossed.csv'), '--name', 'x y', ...STUDIES.crossed.args])).code).toBe(2);
    const scale = await runCli(['new-study', '--data', join(REF, 'crossed.csv'), '--name', 'x', ...STUDIES.crossed.args.slice(0, 8), '--scale', '1-3', '--dir', work]);
    expect(scale.code).toBe(1);
    expect(scale.stderr).toMatch(/crossed\.csv, row \d+, column score: rating [45] is not on the declared scale \(1-3, whole numbers\)/);
    expect(existsSync(join(work, 'x.ipynb'))).toBe(false);
  });
});

describe('new-study + reproduce NAME through the kernel, against R', { timeout: 900_000 }, () => {
  const results: Record<string, any> = {};
  it('new-study writes both notebooks and prints the design; reproduce runs them and writes results.json and figures', async () => {
    for (const [kind, s] of Object.entries(STUDIES)) {
      const r = await runCli(['new-study', '--data', join(REF, `${kind}.csv`), '--name', s.name, ...s.args, '--dir', work]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`design: ${kind}`);
      expect(r.stdout).toContain(`npx empathy-lab reproduce ${s.name}`);
    }
    // no --skip-data: a user's study fetches no other study's data (the paper's files are not needed)
    const { child, output } = startCli(['reproduce', '--dir', work, '--out', join(work, 'out'), '--no-install', '--jobs', '2']);
    const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
    expect(code, output()).toBe(0);
    expect(output(), 'reproduce of a new study touched the paper\'s data').not.toMatch(/^data: /m);
    for (const [kind, s] of Object.entries(STUDIES)) {
      const dir = join('build', 'studies', s.name);
      results[kind] = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      for (const f of ['means', 'contrasts', 'diagnostics', 'power']) for (const ext of ['svg', 'pdf', 'png']) expect(existsSync(join(dir, `${f}.${ext}`)), `${f}.${ext}`).toBe(true);
    }
  });

  for (const kind of ['crossed', 'nested'] as const) {
    it(`${kind}: results.json equals lmerTest, emmeans (Kenward-Roger), the ICCs and ordinal::clmm`, () => {
      const ours = results[kind];
      expect(ours, 'the reproduce test above must run first').toBeDefined();
      const r = JSON.parse(readFileSync(join(REF, `${kind}.json`), 'utf8'));
      expect(Object.keys(ours)).toEqual(['name', 'data', 'design', 'fit', 'emmeans', 'df_method', 'contrasts', 'effect_sizes', 'agreement', 'clmm', 'warnings']);
      expect(ours.data).toMatchObject({ file: join(REF, `${kind}.csv`), rows_in: r.design.rows, rows_kept: r.design.ratings, dropped: { 'rating is missing': r.design.missing_ratings } });
      expect(ours.data.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(ours.design).toEqual({ formula: r.design.formula, structure: kind });
      // the fit: exactly fit --json's object
      expect(ours.fit.nobs).toBe(r.fit.nobs);
      expect(ours.fit.fixef.map((x: any) => x.term)).toEqual(r.fit.fixef.map((x: any) => x.term));
      ours.fit.fixef.forEach((x: any, i: number) => {
        const y = r.fit.fixef[i];
        expectClose(x.estimate, y.estimate, 1e-5, `${kind} ${x.term} estimate`);
        expectClose(x.se, y.se, 1e-5, `${kind} ${x.term} se`);
        expectClose(x.df, y.df, 1e-3, `${kind} ${x.term} df`);
      });
      expect(Math.abs(ours.fit.reml_criterion - r.fit.reml_criterion)).toBeLessThan(1e-6);
      for (const v of r.fit.varcorr) {
        const mine = ours.fit.varcorr.find((x: any) => x.group === v.group && 'sd' in x);
        expectClose(mine?.sd ?? null, v.sd, 1e-4, `${kind} sd ${v.group}`, 1e-6);
      }
      // means and contrasts with Kenward-Roger df (both studies have fewer than 3,000 ratings)
      expect(ours.df_method).toBe('kenward-roger');
      const kr = r.emmeans.kenward_roger;
      expect(ours.emmeans.map((x: any) => x.level)).toEqual(kr.emmeans.map((x: any) => x.level));
      ours.emmeans.forEach((x: any, i: number) => {
        const y = kr.emmeans[i];
        expectClose(x.emmean, y.emmean, 1e-5, `${kind} ${x.level} emmean`);
        expectClose(x.se, y.SE, 1e-5, `${kind} ${x.level} SE`);
        expectClose(x.df, y.df, 1e-3, `${kind} ${x.level} df`);
        expectClose(x.lower, y['lower.CL'], 1e-4, `${kind} ${x.level} lower`);
      });
      expect(ours.contrasts.map((x: any) => x.contrast)).toEqual(kr.contrasts.rows.map((x: any) => x.contrast));
      ours.contrasts.forEach((x: any, i: number) => {
        const y = kr.contrasts.rows[i];
        expectClose(x.estimate, y.estimate, 1e-5, `${kind} ${x.contrast} estimate`);
        expectClose(x.se, y.SE, 1e-5, `${kind} ${x.contrast} SE`);
        expectClose(x.df, y.df, 1e-3, `${kind} ${x.contrast} df`);
        expectClose(x.p, y['p.value'], 1e-3, `${kind} ${x.contrast} Tukey p`, 1e-8);
        expectClose(x.lower, y['lower.CL'], 1e-4, `${kind} ${x.contrast} Tukey lower`);
      });
      // effect sizes: point estimates against R's; bootstrap intervals contain them
      ours.effect_sizes.forEach((x: any, i: number) => {
        expectClose(x.d, r.effect_sizes.rows[i].d, 1e-5, `${kind} ${x.contrast} d`);
        expect(x.lower).toBeLessThan(x.d);
        expect(x.upper).toBeGreaterThan(x.d);
      });
      // agreement: ICC(2,1) and ICC(2,k) over (source, item) pairs
      expectClose(ours.agreement.icc_single.estimate, r.agreement.overall.icc_single, 1e-5, `${kind} ICC(2,1)`);
      expectClose(ours.agreement.icc_average.estimate, r.agreement.overall.icc_average, 1e-5, `${kind} ICC(2,k)`);
      for (const k of ['icc_single', 'icc_average', 'alpha_interval', 'alpha_ordinal']) {
        const e = ours.agreement[k];
        expect(e.lower, k).toBeLessThanOrEqual(e.estimate);
        expect(e.upper, k).toBeGreaterThanOrEqual(e.estimate);
      }
      // the ordinal model
      expect(ours.clmm.logLik).toBeGreaterThan(r.clmm.logLik - 1e-6);
      ours.clmm.coefficients.forEach((x: any, i: number) => expectClose(x.estimate, r.clmm.coefficients[i].estimate, 2e-3, `${kind} CLMM ${x.term}`));
      expect(ours.warnings).toEqual([]);
    });
  }
});
