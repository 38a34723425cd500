/**
 * Likelihood-ratio test of nested linear mixed models (lme4's anova(m0, m1)): REML fits are refitted by ML
 * first (as lme4 does, unless refit = false), models are ordered by number of parameters, and
 * Chisq = 2 (logLik1 - logLik0), Df = difference in parameters, p = P(chi2_Df > Chisq).
 */
import type { LmmFit } from './fit';
import { escapeHtml, formatPValues, formatR, significanceStars } from '../format/index';
import { refitML } from './refit';
import { pchisqUpper } from '../stats/distributions';

/** One row of the comparison (Chisq, Df and p are null in the first row). */
export interface AnovaRow {
  model: string;
  formula: string;
  npar: number;
  AIC: number;
  BIC: number;
  logLik: number;
  deviance: number;
  Chisq: number | null;
  Df: number | null;
  p: number | null;
}

/** The likelihood-ratio table; prints itself like R. */
export class AnovaTable {
  constructor(
    /** Rows in order of increasing npar. */
    readonly rows: AnovaRow[],
    /** True when REML fits were refitted by ML. */
    readonly refitted: boolean,
  ) {}

  /** The table as text, laid out like R's print of anova(m0, m1). */
  toString(): string {
    const lines: string[] = [];
    if (this.refitted) lines.push('refitting model(s) with ML (instead of REML)');
    lines.push('Models:', ...this.rows.map((r) => `${r.model}: ${r.formula}`));
    const cells = this.cells();
    const w = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
    lines.push(...cells.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]!) : x.padStart(w[c]!))).join(' ').trimEnd()));
    lines.push('---', "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
    return lines.join('\n');
  }

  /** The table as an HTML fragment. */
  toHTML(): string {
    const cells = this.cells();
    return `<table class="lmm-anova"><thead><tr>${cells[0]!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${cells
      .slice(1)
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c.trim())}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>${this.refitted ? '<p style="font-size:smaller">Models refitted with ML (instead of REML).</p>' : ''}`;
  }

  private cells(): string[][] {
    const col = (xs: number[], digits: number) => formatR(xs, digits);
    const r = this.rows;
    const aic = col(r.map((x) => x.AIC), 5);
    const bic = col(r.map((x) => x.BIC), 5);
    const ll = col(r.map((x) => x.logLik), 5);
    const dev = col(r.map((x) => x.deviance), 5);
    const chi = r.map((x) => (x.Chisq === null ? '' : formatR([x.Chisq], 4)[0]!.trim()));
    const pv = r.map((x) => (x.p === null ? '' : formatPValues([x.p], 3)[0]!));
    return [
      ['', 'npar', 'AIC', 'BIC', 'logLik', 'deviance', 'Chisq', 'Df', 'Pr(>Chisq)', ''],
      ...r.map((x, i) => [x.model, String(x.npar), aic[i]!, bic[i]!, ll[i]!, dev[i]!, chi[i]!, x.Df === null ? '' : String(x.Df), pv[i]!, x.p === null ? '' : significanceStars(x.p)]),
    ];
  }
}

/**
 * Compares two (or more) nested models fitted to the same observations.
 * @example anova(fitLmm('y ~ 1 + (1|g)', d), fitLmm('y ~ x + (1|g)', d)).rows[1].p
 */
export function anova(models: LmmFit[], options: { refit?: boolean; names?: string[] } = {}): AnovaTable {
  if (models.length < 2) throw new Error('anova needs at least two models');
  const n = models[0]!.nobs;
  for (const m of models) if (m.nobs !== n) throw new Error(`models were not all fitted to the same number of observations (${models.map((x) => x.nobs).join(', ')})`);
  const refit = (options.refit ?? true) && models.some((m) => m.reml);
  const fits = refit ? models.map((m) => refitML(m)) : models;
  const names = options.names ?? models.map((_, i) => `m${i}`);
  const order = fits.map((_, i) => i).sort((a, b) => fits[a]!.npar - fits[b]!.npar || a - b);
  const rows: AnovaRow[] = [];
  order.forEach((i, j) => {
    const f = fits[i]!;
    const ll = f.logLik();
    let Chisq: number | null = null;
    let Df: number | null = null;
    let p: number | null = null;
    if (j > 0) {
      const prev = fits[order[j - 1]!]!;
      Chisq = 2 * Math.max(0, ll - prev.logLik());
      Df = f.npar - prev.npar;
      p = Df === 0 ? null : pchisqUpper(Chisq, Df);
    }
    rows.push({ model: names[i]!, formula: f.formula, npar: f.npar, AIC: f.aic(), BIC: f.bic(), logLik: ll, deviance: -2 * ll, Chisq, Df, p });
  });
  return new AnovaTable(rows, refit);
}
