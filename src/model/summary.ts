/**
 * The printed summary of a fit, laid out like R's summary() of an lmerTest model (text), and the same
 * content as an HTML fragment for notebooks.
 */
import type { LmmDesign } from './design';
import type { FixefRow, VarCorrCor, VarCorrSd } from './fitTypes';
import { quantileSorted } from '../stats/quantile';
import { abbreviate, escapeHtml, formatPValues, formatR, significanceStars } from '../format/index';

/** Min, Q1, median, Q3, max of the scaled residuals. */
export function scaledResidualQuantiles(fit: SummaryInput): number[] {
  const r = Float64Array.from(fit.scaledResiduals()).sort();
  return [0, 0.25, 0.5, 0.75, 1].map((q) => quantileSorted(r, q));
}

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (align[c] === 'l' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' '));
}

/** What the summary reads from a fitted model (an LmmFit has it). */
export interface SummaryInput {
  reml: boolean;
  criterion: number;
  nobs: number;
  npar: number;
  formula: string;
  dataName: string;
  fixefNames: string[];
  warnings: readonly string[];
  ngrps: Record<string, number>;
  design: Pick<LmmDesign, 'reterms' | 'nInput' | 'frame'>;
  aic(): number;
  bic(): number;
  logLik(): number;
  deviance(): number;
  varcorr(): { sd: VarCorrSd[]; cor: VarCorrCor[] };
  fixef(): FixefRow[];
  fixefCorrelation(): Float64Array;
  satterthwaite(): { warnings: readonly string[] };
  scaledResiduals(): ArrayLike<number>;
}

interface SummaryParts {
  header: string;
  formula: string;
  data: string;
  criterionLines: string[];
  residualNames: string[];
  residuals: string[];
  reRows: string[][];
  nobsLine: string;
  fixefRows: string[][];
  stars: string[];
  corr: { names: string[]; rows: string[][] } | null;
  warnings: string[];
}

function parts(fit: SummaryInput): SummaryParts {
  // (lme4 prints "maximum likelihood ." with a space; kept so the header reads exactly as R's.)
  const header = `Linear mixed model fit by ${fit.reml ? 'REML' : 'maximum likelihood '}. t-tests use Satterthwaite's method ['lmerModLmerTest']`;
  const criterionLines: string[] = [];
  if (fit.reml) {
    criterionLines.push(`REML criterion at convergence: ${String(Math.round(fit.criterion * 10) / 10)}`);
  } else {
    const vals = [fit.aic(), fit.bic(), fit.logLik(), fit.deviance()];
    const labels = ['AIC', 'BIC', 'logLik', 'deviance', 'df.resid'];
    const cells = [...vals.map((v) => (Math.round(v * 10) / 10).toFixed(1)), String(fit.nobs - fit.npar)];
    // R prints the named vector with one common width.
    const w = Math.max(...cells.map((c) => c.length), ...labels.map((l) => l.length));
    criterionLines.push(labels.map((l) => l.padStart(w)).join(' '), cells.map((c) => c.padStart(w)).join(' '));
  }
  // lme4 zaps the quantiles to 5 significant digits of the largest, then prints with 4 digits.
  const rq = scaledResidualQuantiles(fit);
  const mx = Math.max(...rq.map(Math.abs));
  const zapDigits = mx > 0 ? Math.max(0, 5 - Math.ceil(Math.log10(mx))) : 5;
  const residuals = formatR(rq.map((v) => Number(v.toFixed(zapDigits))), 4);
  // Random effects.
  const { sd, cor } = fit.varcorr();
  const variances = formatR(sd.map((r) => r.variance), 4);
  const sds = formatR(sd.map((r) => r.sd), 4);
  const anyCor = cor.length > 0;
  const reRows: string[][] = [['Groups', 'Name', 'Variance', 'Std.Dev.', ...(anyCor ? ['Corr'] : [])]];
  let idx = 0;
  for (const t of fit.design.reterms) {
    // Correlation columns c = 0..k-2, each formatted to a common width (R's format of the column).
    const corCols: string[][] = [];
    for (let c = 0; c < t.k - 1; c++) {
      const vals = [];
      for (let a = c + 1; a < t.k; a++) {
        const r = cor.find((x) => x.group === t.group && x.term1 === t.cnames[c] && x.term2 === t.cnames[a]);
        vals.push(r && Number.isFinite(r.cor) ? r.cor.toFixed(2) : 'NaN');
      }
      const w = Math.max(...vals.map((v) => v.length));
      corCols.push(vals.map((v) => v.padStart(w)));
    }
    for (let a = 0; a < t.k; a++) {
      const corCells: string[] = [];
      for (let c = 0; c < a; c++) corCells.push(corCols[c]![a - c - 1]!);
      reRows.push([a === 0 ? t.group : '', t.cnames[a]!, variances[idx]!, sds[idx]!, ...(anyCor ? [corCells.join(' ')] : [])]);
      idx++;
    }
  }
  reRows.push(['Residual', '', variances[idx]!, sds[idx]!, ...(anyCor ? [''] : [])]);
  const ng = Object.entries(fit.ngrps)
    .map(([g, n]) => `${g}, ${n}`)
    .join('; ');
  // lm's wording for rows left out ("(1 observation deleted due to missingness)"), with the reasons.
  const drops = fit.design.frame.report.drops;
  const nDropped = drops.reduce((a, d) => a + d.count, 0);
  const droppedText = nDropped > 0 ? `\n  (${nDropped} row${nDropped === 1 ? '' : 's'} of ${fit.design.nInput} left out: ${drops.map((d) => `${d.reason}: ${d.count}`).join('; ')})` : '';
  const nobsLine = `Number of obs: ${fit.nobs}, groups:  ${ng}${droppedText}`;
  // Fixed effects (printCoefmat with digits 4: Estimate, SE and df share decimals).
  const fx = fit.fixef();
  const coefSe = [...fx.map((r) => r.estimate), ...fx.map((r) => r.se), ...fx.map((r) => r.df)];
  const abs = coefSe.map(Math.abs).filter((v) => v > 0 && Number.isFinite(v));
  const digmin = abs.length ? 1 + Math.floor(Math.log10(Math.min(...abs))) : 1;
  const dec = Math.max(1, 4 - digmin);
  const fmt = formatR(coefSe.map((v) => Number(v.toFixed(dec))), 4);
  const p = fx.length;
  const tv = formatR(fx.map((r) => Number(r.t.toFixed(3))), 4);
  const pv = formatPValues(fx.map((r) => r.p), 3);
  const stars = fx.map((r) => significanceStars(r.p));
  const fixefRows: string[][] = [['', 'Estimate', 'Std. Error', 'df', 't value', 'Pr(>|t|)', '']];
  fx.forEach((r, i) => fixefRows.push([r.term, fmt[i]!, fmt[p + i]!, fmt[2 * p + i]!, tv[i]!, pv[i]!, stars[i]!]));
  // Correlation of fixed effects (lme4 prints it for p <= 12... and p > 1).
  let corr: SummaryParts['corr'] = null;
  if (p > 1 && p <= 12) {
    const C = fit.fixefCorrelation();
    const names = fit.fixefNames.map((n) => abbreviate(n, 6));
    const vals: string[] = [];
    for (let i = 1; i < p; i++) for (let j = 0; j < i; j++) vals.push(C[i * p + j]!.toFixed(3));
    const w = Math.max(...vals.map((v) => v.length));
    const rows: string[][] = [['', ...names.slice(0, p - 1)]];
    for (let i = 1; i < p; i++) {
      const cells = [fit.fixefNames[i]!];
      for (let j = 0; j < p - 1; j++) cells.push(j < i ? C[i * p + j]!.toFixed(3).padStart(w) : '');
      rows.push(cells);
    }
    corr = { names, rows };
  }
  return {
    header,
    formula: fit.formula,
    data: fit.dataName,
    criterionLines,
    residualNames: ['Min', '1Q', 'Median', '3Q', 'Max'],
    residuals,
    reRows,
    nobsLine,
    fixefRows,
    stars,
    corr,
    warnings: [...fit.warnings, ...fit.satterthwaite().warnings],
  };
}

/** Text summary (R's print of summary(lmerTest fit)). */
export function summaryText(fit: SummaryInput): string {
  const s = parts(fit);
  const out: string[] = [];
  out.push(s.header, `Formula: ${s.formula}`, `   Data: ${s.data}`, '');
  out.push(...s.criterionLines, '');
  out.push('Scaled residuals: ');
  out.push(...table([s.residualNames, s.residuals], ['r', 'r', 'r', 'r', 'r']), '');
  out.push('Random effects:');
  out.push(...table(s.reRows, ['l', 'l', 'l', 'l', 'l']).map((l) => ' ' + l.trimEnd()));
  out.push(s.nobsLine, '');
  out.push('Fixed effects:');
  out.push(...table(s.fixefRows, ['l', 'r', 'r', 'r', 'r', 'r', 'l']).map((l) => l.trimEnd()));
  out.push('---', 'Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1');
  if (s.corr) {
    out.push('', 'Correlation of Fixed Effects:');
    const rows = s.corr.rows;
    out.push(...table(rows, rows[0]!.map(() => 'l' as const)).map((l) => l.trimEnd()));
  }
  if (s.warnings.length) out.push('fit warnings:', ...s.warnings);
  return out.join('\n');
}

/** HTML summary: the same sections as the text, as tables. */
export function summaryHtml(fit: SummaryInput): string {
  const s = parts(fit);
  const tbl = (rows: string[][], numericFrom = 1) =>
    `<table class="lmm-table"><thead><tr>${rows[0]!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .slice(1)
      .map((r) => `<tr>${r.map((c, i) => `<td style="text-align:${i >= numericFrom ? 'right' : 'left'}">${escapeHtml(c.trim())}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const crit = fit.reml
    ? `<p>REML criterion at convergence: ${escapeHtml(s.criterionLines[0]!.split(': ')[1]!)}</p>`
    : tbl([s.criterionLines[0]!.trim().split(/\s+/), s.criterionLines[1]!.trim().split(/\s+/)], 0);
  const html = [
    '<div class="lmm-summary">',
    `<p><b>${escapeHtml(s.header)}</b><br>Formula: <code>${escapeHtml(s.formula)}</code><br>Data: ${escapeHtml(s.data)}</p>`,
    crit,
    '<p><b>Scaled residuals</b></p>',
    tbl([s.residualNames, s.residuals], 0),
    '<p><b>Random effects</b></p>',
    tbl(s.reRows, 2),
    `<p>${escapeHtml(s.nobsLine)}</p>`,
    '<p><b>Fixed effects</b></p>',
    tbl(s.fixefRows, 1),
    '<p style="font-size:smaller">Signif. codes: 0 &lsquo;***&rsquo; 0.001 &lsquo;**&rsquo; 0.01 &lsquo;*&rsquo; 0.05 &lsquo;.&rsquo; 0.1 &lsquo; &rsquo; 1</p>',
    s.corr ? `<p><b>Correlation of fixed effects</b></p>${tbl(s.corr.rows, 1)}` : '',
    s.warnings.length ? `<p style="color:#a40">${s.warnings.map(escapeHtml).join('<br>')}</p>` : '',
    '</div>',
  ];
  return html.join('\n');
}
