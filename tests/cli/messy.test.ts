/**
 * A user's own messy CSV files (tests/reference/messy: missing cells of every kind, a covariate with NA,
 * unbalanced designs, collinear covariates, latin-1, filters, Inf, overflow, ...) through the commands
 * exactly as a user runs them: `fit --json` and `emmeans --json` must equal what R gets with read.csv +
 * lmerTest + emmeans on the same file (tests/reference/R/messy.R), or both must stop with an error.
 *
 * Tolerances: estimates, SEs, sigma, variance-component SDs, EMMs and CIs 1e-6 relative (1e-9 absolute);
 * REML criterion 1e-6 absolute; Satterthwaite df 1e-4 relative (lmerTest differentiates numerically);
 * t 1e-6 relative; p values 1e-5 relative (Tukey p below 1e-8: both below 1e-8, R's ptukey floor).
 *
 * Deliberate differences from R, each asserted below as what we do:
 * - level_spelling: every cell is trimmed (R keeps quoted white space), so a quoted "  " is missing and
 *   "gpt4 " is gpt4.
 * - response_on_rhs: the fit equals R's; R's emmeans of that fit is garbage (see the reference README), so
 *   our means are compared with response_dropped_equivalent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const DIR = 'tests/reference/messy';
interface Case {
  name: string;
  file: string;
  formula: string;
  specs: string | string[];
  where: Record<string, string[] | string>;
  reference: Record<string, string>;
  na: string[];
  encoding: string;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: Case[] };
const rOf = (name: string) => JSON.parse(readFileSync(join(DIR, 'r', `${name}.json`), 'utf8'));

function args(c: Case): string[] {
  const a = ['--data', join(DIR, 'data', c.file), '--formula', c.formula];
  for (const [col, level] of Object.entries(c.reference)) a.push('--ref', `${col}=${level}`);
  for (const [col, vs] of Object.entries(c.where)) for (const v of [vs].flat()) a.push('--where', `${col}=${v}`);
  for (const s of c.na) a.push(`--na=${s}`); // a value starting with '-' needs the = form
  if (c.encoding.toLowerCase() !== 'utf-8') a.push('--encoding', c.encoding.toLowerCase());
  return a;
}

const rel = (ours: number | null, theirs: number | null, tol: number, abs = 1e-9) => {
  if (theirs === null) return ours === null;
  return ours !== null && Math.abs(ours - theirs) <= Math.max(abs, tol * Math.abs(theirs));
};

function expectClose(ours: number | null, theirs: number | null, tol: number, what: string, abs = 1e-9) {
  expect(rel(ours, theirs, tol, abs), `${what}: ours ${ours}, R ${theirs}`).toBe(true);
}

function expectP(ours: number | null, theirs: number | null, what: string) {
  if (theirs !== null && theirs < 1e-8) expect(ours!, what).toBeLessThan(1e-8);
  else expectClose(ours, theirs, 1e-5, what, 1e-12);
}

/**
 * Tukey p: R's ptukey integrates numerically and loses relative accuracy in the far tail: below 1e-3 the
 * two agree to ~1e-4 relative, below 1e-6 to ~1e-3, below 1e-8 only as "< 1e-8".
 */
function expectTukeyP(ours: number | null, theirs: number | null, what: string) {
  if (theirs !== null && theirs < 1e-8) expect(ours!, what).toBeLessThan(1e-8);
  else expectClose(ours, theirs, theirs === null ? 0 : theirs < 1e-6 ? 2e-3 : theirs < 1e-3 ? 2e-4 : 1e-5, what, 1e-12);
}

/** Our dropped rows by variable, from the fit's `dropped` object. */
function droppedByVariable(dropped: Record<string, number>): { where: number; missing: Record<string, number> } {
  let where = 0;
  const missing: Record<string, number> = {};
  for (const [reason, n] of Object.entries(dropped)) {
    const m = /^missing value in (.+)$/.exec(reason);
    if (m) missing[m[1]!] = n;
    else if (reason.startsWith('not selected by where')) where += n;
    else throw new Error(`unexpected drop reason '${reason}'`);
  }
  return { where, missing };
}

function compareFit(ours: any, r: any, c: Case) {
  const f = r.fit;
  expect(ours.nobs, 'nobs').toBe(f.nobs);
  expect(ours.fixef.map((x: any) => x.term)).toEqual(f.fixef.map((x: any) => x.term));
  ours.fixef.forEach((x: any, i: number) => {
    const y = f.fixef[i];
    expectClose(x.estimate, y.estimate, 1e-6, `${c.name} ${x.term} estimate`);
    expectClose(x.se, y.se, 1e-6, `${c.name} ${x.term} se`);
    expectClose(x.df, y.df, 1e-4, `${c.name} ${x.term} df`);
    expectClose(x.t, y.t, 1e-6, `${c.name} ${x.term} t`);
    expectP(x.p, y.p, `${c.name} ${x.term} p`);
  });
  expectClose(ours.sigma, f.sigma, 1e-6, `${c.name} sigma`);
  expect(Math.abs(ours.reml_criterion - f.reml_criterion), `${c.name} REML criterion`).toBeLessThan(1e-6);
  expect(ours.singular).toBe(f.singular);
  for (const v of f.varcorr) {
    const mine = ours.varcorr.find((x: any) => x.group === v.group && (x.term ?? null) === (v.term ?? null) && 'sd' in x);
    expect(mine, `${c.name} varcorr ${v.group}`).toBeDefined();
    expectClose(mine.sd, v.sd, 1e-5, `${c.name} sd ${v.group}`, 1e-6);
  }
  const rows = droppedByVariable(ours.dropped);
  expect(rows.where, `${c.name} rows dropped by where`).toBe(r.rows.dropped_where);
  expect(rows.missing, `${c.name} rows dropped by missing values`).toEqual(r.rows.dropped_missing);
  if (f.fixef_dropped.length > 0) expect(ours.warnings).toContain('fixed-effect model matrix is rank deficient so dropping 1 column / coefficient');
  if (f.singular) expect(ours.warnings).toContain("boundary (singular) fit: see help('isSingular')");
  // a column of numbers with one stray text cell becomes a factor, as in R, and the fit says so
  if (c.name === 'text_in_numeric') {
    expect(ours.warnings).toContainEqual(expect.stringMatching(/^column len is read as a factor \(text\), as R would, though 99\.5% of its cells are numbers: row 22 holds "n\/a"\./));
  }
}

function compareEmmeans(ours: any, e: any, c: Case) {
  expect(ours.emmeans.rows.map((x: any) => x.level)).toEqual(e.rows.map((x: any) => x.level));
  ours.emmeans.rows.forEach((x: any, i: number) => {
    const y = e.rows[i];
    expect(x.estimable, `${c.name} ${x.level} estimable`).toBe(y.estimable);
    if (!y.estimable) {
      for (const k of ['emmean', 'se', 'df', 'lower', 'upper']) expect(x[k], `${c.name} ${x.level} ${k} of a nonEst mean`).toBeNull();
      return;
    }
    expectClose(x.emmean, y.emmean, 1e-6, `${c.name} ${x.level} emmean`);
    expectClose(x.se, y.SE, 1e-6, `${c.name} ${x.level} SE`);
    expectClose(x.df, y.df, 1e-4, `${c.name} ${x.level} df`);
    expectClose(x.lower, y['lower.CL'], 1e-5, `${c.name} ${x.level} lower`);
    expectClose(x.upper, y['upper.CL'], 1e-5, `${c.name} ${x.level} upper`);
  });
  const tukey = e.contrasts.find((t: any) => t.adjust === 'tukey');
  if (e.rows.length === 1) {
    // one mean (a covariate at its mean): no pairs
    expect(ours.contrasts).toBeNull();
    expect(tukey?.rows ?? []).toEqual([]);
    return;
  }
  expect(ours.contrasts.rows.map((x: any) => x.contrast)).toEqual(tukey.rows.map((x: any) => x.contrast));
  ours.contrasts.rows.forEach((x: any, i: number) => {
    const y = tukey.rows[i];
    if (y.estimate === null) {
      for (const k of ['estimate', 'se', 'df', 't', 'p']) expect(x[k], `${c.name} ${x.contrast} ${k} of a nonEst contrast`).toBeNull();
      return;
    }
    expectClose(x.estimate, y.estimate, 1e-6, `${c.name} ${x.contrast} estimate`);
    expectClose(x.se, y.SE, 1e-6, `${c.name} ${x.contrast} SE`);
    expectClose(x.df, y.df, 1e-4, `${c.name} ${x.contrast} df`);
    expectTukeyP(x.p, y['p.value'], `${c.name} ${x.contrast} Tukey p`);
    expectClose(x.lower, y['lower.CL'], 1e-4, `${c.name} ${x.contrast} Tukey lower`);
  });
}

const specsOf = (c: Case) => [c.specs].flat().join(',');

describe('messy CSV files: fit --json and emmeans --json against R (read.csv + lmerTest + emmeans)', () => {
  for (const c of manifest.cases) {
    const r = rOf(c.name);
    if (r.status === 'ok') {
      it(`${c.name}: same fit, rows and means as R`, async () => {
        const fit = await runCli(['fit', ...args(c), '--json']);
        expect(fit.code, fit.stderr).toBe(0);
        const ours = JSON.parse(fit.stdout);
        if (c.name === 'level_spelling') {
          // trimmed cells: "  " is missing, "gpt4 " is gpt4 (R: two more levels), see the module doc
          expect(ours.fixef.map((x: any) => x.term)).toEqual(['(Intercept)', 'sourceHuman', 'sourcegpt4', 'sourcellama2', 'wc']);
          expect(ours.dropped).toEqual({ 'missing value in source': 1 });
          return;
        }
        compareFit(ours, r, c);
        const emm = await runCli(['emmeans', ...args(c), '--specs', specsOf(c), '--json']);
        expect(emm.code, emm.stderr).toBe(0);
        const emmJson = JSON.parse(emm.stdout);
        expect(emmJson.dropped).toEqual(ours.dropped);
        expect(emmJson.warnings).toEqual(ours.warnings);
        compareEmmeans(emmJson, c.name === 'response_on_rhs' ? rOf('response_dropped_equivalent').emmeans : r.emmeans, c);
      });
    } else {
      it(`${c.name}: R stops (${r.error.step}: ${r.error.message.slice(0, 60)}), and so do we, naming the problem`, async () => {
        const fit = await runCli(['fit', ...args(c), '--json']);
        expect(fit.code).toBe(1);
        expect(fit.stdout).toBe('');
        expect(fit.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(fit.stderr).toMatch(EXPECTED_ERRORS[c.name]!);
      });
    }
  }
});

describe('effect-size on messy files: d = contrast / sqrt(sum of variance components), from R\'s fit', () => {
  for (const name of ['covariate_one_na', 'whitespace_response', 'missing_kinds', 'interaction_empty_cell']) {
    it(name, async () => {
      const c = manifest.cases.find((x) => x.name === name)!;
      const r = rOf(name);
      const out = await runCli(['effect-size', ...args(c), '--specs', specsOf(c), '--replicates', '0', '--json']);
      expect(out.code, out.stderr).toBe(0);
      const json = JSON.parse(out.stdout);
      const total = r.fit.varcorr.reduce((a: number, v: { sd: number }) => a + v.sd * v.sd, 0);
      const none = r.emmeans.contrasts.find((t: any) => t.adjust === 'none');
      expect(json.rows.map((x: any) => x.contrast)).toEqual(none.rows.map((x: any) => x.contrast));
      json.rows.forEach((x: any, i: number) => {
        const est = none.rows[i].estimate;
        if (est === null) expect(x.d, `${name} ${x.contrast} d of a nonEst contrast`).toBeNull();
        else expectClose(x.d, est / Math.sqrt(total), 1e-5, `${name} ${x.contrast} d`);
      });
      expect(Object.values(json.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(r.rows.read - r.rows.used);
    });
  }
});

/** What our one-line error says for each case where R stops. */
const EXPECTED_ERRORS: Record<string, RegExp> = {
  latin1_as_utf8: /latin1_accents\.csv, row \d+: byte 0xE8 is not valid UTF-8.*--encoding latin1/,
  where_one_level: /column 'source': factor source has only one level \("human"\) in the 80 rows used after the where filter; contrasts can be applied only to factors with 2 or more levels/,
  missing_column: /clean\.csv, column 'wordcount': unknown column \(the data have: /,
  inf_covariate: /inf_covariate\.csv, row \d+, column 'wc': Inf is not a finite number \(lme4 stops on infinite values\)/,
  inf_variants: /inf_variants\.csv, row \d+, column 'wc': -?Inf is not a finite number/,
  overflow_covariate: /overflow_covariate\.csv, row \d+, column 'x1': values up to .*e\+300 overflow the model's cross-products .*rescale x1/,
  constant_response: /constant_response\.csv, column 'rating': the response is constant \(every row used has rating = 4\)/,
  text_response: /text_response\.csv, row \d+, column 'rating': the response must be numeric; found "4 \(agree\)"/,
};
