/**
 * Forest plot of pairwise contrasts: one row per contrast, the estimate as a point, its
 * (multiplicity-adjusted) confidence interval as a horizontal bar, a dashed line at zero, and
 * the p-value printed at the right. Rows come from e.g. emmeans-style pairwise comparisons; a
 * contrast table (ContrastTable) becomes rows with {@link forestRowsFromContrasts} (./adapters).
 *
 * The x-axis title comes from the declared scale and measure (`{ scale: { min: 1, max: 3 },
 * measure: 'helpfulness' }` gives "Difference in mean helpfulness (points, 1–3 scale)"). Contrast
 * labels wider than 40% of the figure and a title wider than its room are wrapped at spaces (then
 * shrunk, not below 6 pt), so the plot fits a single column (85 mm); the default height grows with
 * the wrapped lines.
 *
 * Example:
 *   forestPlot([{ contrast: 'GPT4 − Human', estimate: 0.68, lower: 0.58, upper: 0.78, p: 1e-9, adjust: 'tukey' }],
 *     { scale: { min: 1, max: 5 } })
 *   forestPlot(forestRowsFromContrasts(emmeans(fit, 'source').pairs()), { scale: { min: 1, max: 3 }, measure: 'helpfulness' })
 */
import { axis, baseConfig, baseLayout, colorFor, COLUMN_WIDTH_MM, escapeText, figureSize, font, FONT_PT, formatP, INK, legendLabel, mmToPx, ptToPx } from './theme';
import { checkValueScale, differenceTitle, type ValueAxisSpec } from './scale';
import { drawnWidthPx, fitLabels, fitText, linesMarkup } from './text-fit';
import type { Figure, FigureSize, ScatterTrace } from './types';
import { checkInterval, errorBars, requireLabel, uniqueInOrder } from './validate';

/** One contrast with its interval (response units) and optional p-value. */
export interface ForestRow {
  /** Label, e.g. "GPT4 − Human". */
  contrast: string;
  estimate: number;
  lower: number;
  upper: number;
  /** p-value (adjusted as `adjust` says); printed at the right when given. */
  p?: number;
  /** Multiplicity adjustment of the interval and p, as in emmeans: 'none', 'tukey', 'holm', 'bonferroni', 'mvt', ... */
  adjust: string;
  /** Confidence level of the interval, for the legend (default: ForestOptions.level). */
  level?: number;
}

/**
 * Options of {@link forestPlot}. `scale` and `measure` (see ./scale) make the x-axis title, e.g.
 * `{ scale: { min: 1, max: 5 } }` gives "Difference in mean rating (points, 1–5 scale)".
 */
export interface ForestOptions extends ValueAxisSpec {
  /** x-axis title with units (default from `measure` and `scale`: "Difference in mean <measure> (points, <min>–<max> scale)"). */
  xTitle?: string;
  /** Row order from top: 'estimate' (largest first, default) or 'input'. */
  sort?: 'estimate' | 'input';
  /** Confidence level, for legend names (default 0.95). */
  level?: number;
  /** Print p-values at the right (default: when any row has p). */
  showP?: boolean;
  /** Physical size (default 85 mm wide, height growing with the rows and their wrapped lines). */
  size?: FigureSize;
}

/** Share of the figure's width a contrast label may take before it is wrapped. */
export const FOREST_LABEL_SHARE = 0.4;

/** Width in px kept at the right of the plot for the p-values. */
const P_COLUMN_PX = 52;

const ADJUST_NAMES: Readonly<Record<string, string>> = {
  none: 'unadjusted',
  tukey: 'Tukey-adjusted',
  holm: 'Holm-adjusted',
  bonferroni: 'Bonferroni-adjusted',
  sidak: 'Šidák-adjusted',
  mvt: 'multivariate-t-adjusted',
  scheffe: 'Scheffé-adjusted',
  fdr: 'FDR-adjusted',
  bh: 'FDR-adjusted (BH)',
  hochberg: 'Hochberg-adjusted',
  hommel: 'Hommel-adjusted',
  dunnettx: 'Dunnett-adjusted',
};

/** Legend text of an interval, e.g. "95% CI, Tukey-adjusted". */
export function intervalName(adjust: string, level = 0.95): string {
  const pct = `${Math.round(level * 1000) / 10}%`;
  return `Estimate, ${pct} CI (${ADJUST_NAMES[adjust.toLowerCase()] ?? `${adjust}-adjusted`})`;
}

/** Rows in drawing order from the top (see ForestOptions.sort). */
export function forestOrder(rows: readonly ForestRow[], sort: 'estimate' | 'input' = 'estimate'): ForestRow[] {
  const out = [...rows];
  if (sort === 'estimate') out.sort((a, b) => b.estimate - a.estimate);
  return out;
}

/** Builds the forest plot (see the module comment). */
export function forestPlot(rows: readonly ForestRow[], options: ForestOptions = {}): Figure {
  if (rows.length === 0) throw new Error('forestPlot: no rows given');
  rows.forEach((r, i) => {
    const where = `forestPlot: row ${i + 1}`;
    requireLabel(r.contrast, 'contrast', where);
    requireLabel(r.adjust, 'adjust', `${where} (${r.contrast})`);
    checkInterval(r.estimate, r, 'estimate', `${where} (${r.contrast})`);
    if (r.p !== undefined && !(r.p >= 0 && r.p <= 1)) throw new Error(`${where} (${r.contrast}): p must be in [0, 1] (got ${r.p})`);
    if (r.level !== undefined && !(r.level > 0 && r.level < 1)) throw new Error(`${where} (${r.contrast}): level must be in (0, 1) (got ${r.level})`);
  });
  const labels = rows.map((r) => r.contrast);
  const dup = labels.findIndex((l, i) => labels.indexOf(l) !== i);
  if (dup >= 0) throw new Error(`forestPlot: row ${dup + 1}: contrast '${labels[dup]}' appears twice`);
  const scale = checkValueScale(options.scale, 'forestPlot');

  const level = options.level ?? 0.95;
  const ordered = forestOrder(rows, options.sort ?? 'estimate');
  const showP = options.showP ?? rows.some((r) => r.p !== undefined);
  const widthMm = options.size?.widthMm ?? COLUMN_WIDTH_MM.single;
  const widthPx = Math.round(mmToPx(widthMm));
  const xTitle = options.xTitle ?? differenceTitle({ scale, measure: options.measure });
  const groups = uniqueInOrder(ordered.map((r) => groupKey(r, level)));
  const groupName = (key: string) => {
    const [adjust, lvl] = key.split('\u0000');
    return intervalName(adjust, Number(lvl));
  };
  const legendNames = groups.map((g) => legendLabel(groupName(g), widthMm));

  // Contrast labels: wrapped (then shrunk) to FOREST_LABEL_SHARE of the width.
  const fittedLabels = fitLabels(
    ordered.map((r) => r.contrast),
    { maxWidthPx: FOREST_LABEL_SHARE * widthPx, pt: FONT_PT.tick },
  );
  const shown = new Map(ordered.map((r, i) => [r.contrast, fittedLabels.lines[i].length === 1 ? r.contrast : linesMarkup(fittedLabels.lines[i])]));
  const labelOf = (r: ForestRow) => shown.get(r.contrast) as string;

  // The x title is centred under the plot: it may take twice the distance from that centre to the nearer edge.
  const pWidth = showP ? P_COLUMN_PX : 0;
  const labelPx = Math.max(...fittedLabels.lines.flat().map((l) => drawnWidthPx(l, fittedLabels.pt)));
  const plotLeft = 8 + labelPx + 3 + 0.2 * ptToPx(fittedLabels.pt);
  const centre = (plotLeft + widthPx - 8 - pWidth) / 2;
  const title = fitText(xTitle, { maxWidthPx: 2 * Math.min(centre, widthPx - centre) - 4, pt: FONT_PT.axisTitle, maxLines: 3 });
  const titleText = title.lines.length === 1 && title.pt === FONT_PT.axisTitle ? xTitle : linesMarkup(title.lines);

  // Default height: 7 mm per row, 4 mm per extra line of a wrapped label, title or legend entry.
  const extraLines = (lines: number) => Math.max(0, lines - 1);
  const rowsMm = fittedLabels.lines.reduce((mm, ls) => mm + 7 + 4 * extraLines(ls.length), 0);
  const textMm = 4 * (extraLines(title.lines.length) + legendNames.reduce((n, l) => n + extraLines(l.split('<br>').length), 0));
  const size = options.size ?? figureSize('single', 24 + rowsMm + textMm);

  const data: ScatterTrace[] = groups.map((key, gi) => {
    const adjust = key.split('\u0000')[0];
    const sel = ordered.filter((r) => groupKey(r, level) === key);
    const est = sel.map((r) => r.estimate);
    const color = gi === 0 ? INK : colorFor(`adjust:${adjust}`, gi);
    return {
      type: 'scatter',
      mode: 'markers',
      name: legendNames[gi],
      x: est,
      y: sel.map(labelOf),
      error_x: errorBars(est, sel, color),
      marker: { color, size: 6, symbol: gi === 0 ? 'square' : 'diamond' },
      customdata: sel.map((r) => [r.lower, r.upper, r.p === undefined ? '' : formatP(r.p)]),
      hovertemplate: `%{y}<br>%{x:.3f} [%{customdata[0]:.3f}, %{customdata[1]:.3f}]<br>%{customdata[2]}<extra>${escapeText(groupName(key))}</extra>`,
    };
  });

  const lo = Math.min(0, ...rows.map((r) => r.lower));
  const hi = Math.max(0, ...rows.map((r) => r.upper));
  const pad = (hi - lo) * 0.06 || 1;
  const xaxis = axis(titleText, { grid: true, range: [lo - pad, hi + pad] });
  if (title.pt !== FONT_PT.axisTitle) xaxis.title = { ...(xaxis.title as object), font: font(title.pt) };
  const yaxis = axis('', {
    type: 'category',
    categoryorder: 'array',
    categoryarray: ordered.map(labelOf),
    autorange: 'reversed',
    showTitle: false,
    showgrid: false,
  });
  if (fittedLabels.pt !== FONT_PT.tick) yaxis.tickfont = font(fittedLabels.pt);
  const layout = baseLayout(size, {
    margin: { l: 8, r: 8 + pWidth, t: 8, b: 8, pad: 0 },
    legend: { ...(baseLayout(size).legend as object), yref: 'container', y: 0, yanchor: 'bottom', xref: 'container', x: 0.5, xanchor: 'center' },
    xaxis,
    yaxis,
    shapes: [
      {
        type: 'line',
        xref: 'x',
        yref: 'paper',
        x0: 0,
        x1: 0,
        y0: 0,
        y1: 1,
        line: { color: INK, width: 1, dash: 'dash' },
        layer: 'below',
      },
    ],
    annotations: showP
      ? ordered
          .filter((r) => r.p !== undefined)
          .map((r) => ({
            text: formatP(r.p as number),
            x: 1,
            xref: 'paper',
            xanchor: 'left',
            xshift: 6,
            y: labelOf(r),
            yref: 'y',
            showarrow: false,
            font: font(FONT_PT.annotation),
          }))
      : [],
  });
  return { data, layout, config: baseConfig('forest') };
}

/** Rows share a trace (and a legend entry) when their adjustment and confidence level agree. */
function groupKey(r: ForestRow, level: number): string {
  return `${r.adjust}\u0000${r.level ?? level}`;
}
