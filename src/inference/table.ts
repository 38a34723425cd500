/**
 * Layout of estimate tables (marginal means, contrasts) the way emmeans prints its summaries
 * (`print.summary_emm`): numbers zapped (`zapsmall`), df rounded to 2 decimals, one number of significant
 * digits for all numeric columns chosen from estimate +- 2 SE, t ratios with 3 decimals, p values with 4
 * ("<.0001" below), "nonEst" for estimates that cannot be estimated, footnotes after a blank line.
 */
import { formatColumn, formatPValue, formatTRatio, optDigits, renderHtmlTable, renderTextTable, roundTo, zapsmall, type TableColumn } from '../format/index';

/** Formats a confidence level as R prints it (0.95). */
export function levelText(level: number): string {
  return String(Number(level.toPrecision(7)));
}

/** The footnote naming the df method, as emmeans writes it ("Degrees-of-freedom method: kenward-roger"). */
export function dfMessage(method: string): string {
  return `Degrees-of-freedom method: ${method}`;
}

/** emmeans' note for means that average over other factors (empty when there are none). */
export function averagedMessage(factors: readonly string[]): string[] {
  return factors.length ? [`Results are averaged over the levels of: ${factors.join(', ')}`] : [];
}

/** A column of an estimate table before formatting. */
export type EstimateColumn =
  | { header: string; kind: 'label'; values: string[] }
  | { header: string; kind: 'number' | 'df'; values: number[] }
  | { header: string; kind: 't'; values: number[] }
  | { header: string; kind: 'p'; values: number[] };

/** Formats the columns of an estimate table (estimate and SE columns drive the number of digits). */
export function formatEstimateColumns(columns: readonly EstimateColumn[], estimate: readonly number[], se: readonly number[], estimable?: readonly boolean[]): TableColumn[] {
  let digits = 3;
  estimate.forEach((e, i) => {
    if (Number.isFinite(e) && Number.isFinite(se[i]!)) digits = Math.max(digits, optDigits(e, se[i]!));
  });
  return columns.map((c) => {
    if (c.kind === 'label') return { header: c.header, cells: c.values.slice(), align: 'left' as const };
    let cells: string[];
    if (c.kind === 't') cells = c.values.map(formatTRatio);
    else if (c.kind === 'p') cells = c.values.map(formatPValue);
    else {
      let v = zapsmall(c.values);
      if (c.kind === 'df') v = v.map((x) => (Number.isFinite(x) ? roundTo(x, 2) : x));
      cells = formatColumn(v, digits);
    }
    if (estimable) {
      cells = cells.map((s, i) => (estimable[i] ? s : c.header === 'estimate' || c.header === 'emmean' ? 'nonEst' : 'NA'));
    }
    return { header: c.header, cells, align: 'right' as const };
  });
}

/** Text of an estimate table with footnotes. */
export function estimateTableText(columns: readonly TableColumn[], footer: readonly string[]): string {
  return renderTextTable(columns, footer);
}

/** HTML of an estimate table with footnotes. */
export function estimateTableHtml(columns: readonly TableColumn[], footer: readonly string[], caption?: string): string {
  return renderHtmlTable(columns, footer, caption);
}
