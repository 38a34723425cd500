/**
 * The printed summary of a CLMM fit, laid out like R's print(summary(clmm)) (ordinal): header, info line
 * (link, threshold, nobs, logLik, AIC, iterations, max.grad, cond.H), random effects, coefficients with
 * Wald z tests, thresholds; and the same content as HTML for notebooks.
 */
import { escapeHtml, formatPValues, formatR, significanceStars } from '../format/index';
import type { ClmmCoefRow, ClmmSummaryInput } from './fitTypes';

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (align[c] === 'l' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' '));
}

/** R's formatC(x, digits, format = "e"): 1.03e-05. */
function formatE(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** printCoefmat's columns: estimates and SEs with common decimals, z rounded to 3, p as format.pval. */
function coefCells(rows: ClmmCoefRow[], withP: boolean): string[][] {
  const vals = [...rows.map((r) => r.estimate), ...rows.map((r) => r.se)];
  const abs = vals.map(Math.abs).filter((v) => v > 0 && Number.isFinite(v));
  const digmin = abs.length ? 1 + Math.floor(Math.log10(Math.min(...abs))) : 1;
  const dec = Math.max(1, 4 - digmin);
  const fmt = formatR(vals.map((v) => (Number.isFinite(v) ? Number(v.toFixed(dec)) : v)), 4);
  const k = rows.length;
  const z = formatR(rows.map((r) => (Number.isFinite(r.z) ? Number(r.z.toFixed(3)) : r.z)), 4);
  const finiteP = rows.map((r) => (Number.isFinite(r.p) ? r.p : 1));
  const pv = formatPValues(finiteP, 3);
  const header = withP ? ['', 'Estimate', 'Std. Error', 'z value', 'Pr(>|z|)', ''] : ['', 'Estimate', 'Std. Error', 'z value'];
  const out = [header];
  rows.forEach((r, i) => {
    const cells = [r.term, fmt[i]!.trim(), fmt[k + i]!.trim(), z[i]!.trim()];
    if (withP) cells.push(Number.isFinite(r.p) ? pv[i]! : 'NA', Number.isFinite(r.p) ? significanceStars(r.p) : '');
    out.push(cells);
  });
  return out;
}

interface Parts {
  header: string;
  info: string[][];
  reRows: string[][];
  groupsLine: string;
  coef: string[][];
  thresholds: string[][];
}

function parts(fit: ClmmSummaryInput): Parts {
  const header =
    fit.nAGQ === 1
      ? 'Cumulative Link Mixed Model fitted with the Laplace approximation'
      : `Cumulative Link Mixed Model fitted with the adaptive Gauss-Hermite quadrature approximation with ${fit.nAGQ} quadrature points`;
  const opt = fit.optimizer;
  const info = [
    ['link', 'threshold', 'nobs', 'logLik', 'AIC', 'niter', 'max.grad', 'cond.H'],
    ['logit', 'flexible', String(fit.nobs), fit.logLik().toFixed(2), fit.aic().toFixed(2), `${opt.evaluations}(${opt.innerIterations})`, formatE(fit.maxGrad, 2), formatE(fit.condH, 1)],
  ];
  const re = fit.randomSd();
  const variances = formatR(re.map((r) => r.variance), 4);
  const sds = formatR(re.map((r) => r.sd), 4);
  const reRows = [['Groups', 'Name', 'Variance', 'Std.Dev.'], ...re.map((r, i) => [r.group, '(Intercept)', variances[i]!.trim(), sds[i]!.trim()])];
  const groupsLine = `Number of groups:  ${re.map((r) => `${r.group} ${r.levels}`).join(',  ')} `;
  return { header, info, reRows, groupsLine, coef: coefCells(fit.coefficients(), true), thresholds: coefCells(fit.thresholdTable(), false) };
}

/** Text summary (R's print(summary(clmm_fit))). */
export function clmmSummaryText(fit: ClmmSummaryInput): string {
  const s = parts(fit);
  const out: string[] = [s.header, '', `formula: ${fit.formula}`, `data:    ${fit.dataName}`, ''];
  out.push(...table(s.info, s.info[0]!.map(() => 'l' as const)).map((l) => ' ' + l));
  out.push('', 'Random effects:');
  out.push(...table(s.reRows, ['l', 'l', 'l', 'l']).map((l) => ' ' + l));
  out.push(s.groupsLine, '');
  if (fit.fixefNames.length > 0) {
    out.push('Coefficients:');
    out.push(...table(s.coef, ['l', 'r', 'r', 'r', 'r', 'l']).map((l) => l.trimEnd()));
    out.push('---', "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  } else {
    out.push('No Coefficients');
  }
  out.push('', 'Threshold coefficients:');
  out.push(...table(s.thresholds, ['l', 'r', 'r', 'r']).map((l) => l.trimEnd()));
  if (fit.warnings.length) out.push('', ...fit.warnings);
  return out.join('\n');
}

/** HTML summary: the same sections as the text, as tables. */
export function clmmSummaryHtml(fit: ClmmSummaryInput): string {
  const s = parts(fit);
  const tbl = (rows: string[][], numericFrom = 1) =>
    `<table class="clmm-table"><thead><tr>${rows[0]!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .slice(1)
      .map((r) => `<tr>${r.map((c, i) => `<td style="text-align:${i >= numericFrom ? 'right' : 'left'}">${escapeHtml(c.trim())}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  return [
    '<div class="clmm-summary">',
    `<p><b>${escapeHtml(s.header)}</b><br>formula: <code>${escapeHtml(fit.formula)}</code><br>data: ${escapeHtml(fit.dataName)}</p>`,
    tbl(s.info, 2),
    '<p><b>Random effects</b> (latent logistic scale)</p>',
    tbl(s.reRows, 2),
    `<p>${escapeHtml(s.groupsLine.trim())}</p>`,
    fit.fixefNames.length ? `<p><b>Coefficients</b> (Wald z tests)</p>${tbl(s.coef, 1)}` : '<p>No coefficients</p>',
    '<p style="font-size:smaller">Signif. codes: 0 &lsquo;***&rsquo; 0.001 &lsquo;**&rsquo; 0.01 &lsquo;*&rsquo; 0.05 &lsquo;.&rsquo; 0.1 &lsquo; &rsquo; 1</p>',
    `<p><b>Threshold coefficients</b></p>${tbl(s.thresholds, 1)}`,
    fit.warnings.length ? `<p style="color:#b00">${fit.warnings.map(escapeHtml).join('<br>')}</p>` : '',
    '</div>',
  ].join('\n');
}
