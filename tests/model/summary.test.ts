/**
 * The printed summary against R's own print of summary() for the same fits (fixtures/summary_*.txt,
 * written by fixtures/summaries.R). The Formula/Data/Control lines name R objects and are skipped;
 * numbers may differ in the last printed digit (the fits agree to ~1e-7, not to every rounding boundary).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { fromRoot } from '../../src/util/paths';
import { loadReference, readReferenceCsv } from './helpers';

const NUM = /^[-+<]?\d*\.?\d+(e[-+]\d+)?$/;

function compareLines(ours: string, r: string, label: string): void {
  const skip = (l: string) => /^(Formula:|\s+Data:|Control:)/.test(l);
  const a = ours.split('\n').filter((l) => !skip(l)).map((l) => l.trimEnd());
  const b = r.split('\n').filter((l) => !skip(l)).map((l) => l.trimEnd());
  expect(a.length, `${label}: number of lines`).toBe(b.length);
  a.forEach((line, i) => {
    const other = b[i]!;
    if (line === other) return;
    // Same layout (token positions) and numbers equal up to one unit in the last printed digit.
    const ta = line.split(/\s+/);
    const tb = other.split(/\s+/);
    expect(ta.length, `${label} line ${i + 1}: "${line}" vs R "${other}"`).toBe(tb.length);
    ta.forEach((tok, j) => {
      const rt = tb[j]!;
      if (tok === rt) return;
      expect(NUM.test(tok) && NUM.test(rt), `${label} line ${i + 1}: "${tok}" vs R "${rt}"`).toBe(true);
      const decimals = (rt.split('.')[1] ?? '').length;
      expect(Math.abs(Number(tok) - Number(rt)), `${label} line ${i + 1}: ${tok} vs R ${rt}`).toBeLessThanOrEqual(1.01 * 10 ** -decimals);
    });
    expect(line.length, `${label} line ${i + 1} width: "${line}" vs R "${other}"`).toBe(other.length);
  });
}

describe('summary() reads like R summary(lmerTest fit)', () => {
  for (const name of ['sleepstudy_reml', 'sleepstudy_ml', 'crossed_missing_cells']) {
    it(name, () => {
      const ref = loadReference(name);
      const fit = fitLmm(ref.formula, readReferenceCsv(ref.data.csv), { reml: ref.reml });
      const r = readFileSync(fromRoot(`tests/model/fixtures/summary_${name}.txt`), 'utf8').replace(/\n$/, '');
      compareLines(fit.summary(), r, name);
    });
  }

  it('an HTML version with the same tables', () => {
    const ref = loadReference('sleepstudy_reml');
    const fit = fitLmm(ref.formula, readReferenceCsv(ref.data.csv), { dataName: 'sleepstudy' });
    const html = fit.toHTML();
    expect(html).toMatch(/^<div class="lmm-summary">/);
    expect(html).toContain('REML criterion at convergence: 1743.6');
    expect(html).toContain('<td style="text-align:right">6.825</td>');
    expect(html).toContain('Number of obs: 180, groups:  Subject, 18');
    expect(html).not.toMatch(/<script/);
  });

  it('prints the singular-fit message with lme4\'s wording', () => {
    const ref = loadReference('singular_intercept');
    const fit = fitLmm(ref.formula, readReferenceCsv(ref.data.csv));
    expect(fit.warnings).toContain("boundary (singular) fit: see help('isSingular')");
    expect(fit.summary()).toContain("boundary (singular) fit: see help('isSingular')");
  });
});
