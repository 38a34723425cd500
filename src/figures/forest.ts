/**
 * Forest plot of pairwise contrasts: one row per contrast, the estimate as a point, its
 * (multiplicity-adjusted) confidence interval as a horizontal bar, a dashed line at zero, and
 * the p-value printed at the right. Rows come from e.g. emmeans-style pairwise comparisons.
 *
 * Example:
 *   forestPlot([{ contrast: 'GPT4 − Human', estimate: 0.68, lower: 0.58, upper: 0.78, p: 1e-9, adjust: 'tukey' }])
 */
import { axis, baseConfig, baseLayout, colorFor, escapeText, figureSize, font, FONT_PT, formatP, INK, legendLabel } from './theme';
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
}

export interface ForestOptions {
  /** x-axis title with units (default "Difference in mean rating (points, 1–5 scale)"). */
  xTitle?: string;
  /** Row order from top: 'estimate' (largest first, default) or 'input'. */
  sort?: 'estimate' | 'input';
  /** Confidence level, for legend names (default 0.95). */
  level?: number;
  /** Print p-values at the right (default: when any row has p). */
  showP?: boolean;
  /** Physical size (default 85 mm wide, height growing with the rows). */
  size?: FigureSize;
}

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
  });
  const labels = rows.map((r) => r.contrast);
  const dup = labels.findIndex((l, i) => labels.indexOf(l) !== i);
  if (dup >= 0) throw new Error(`forestPlot: row ${dup + 1}: contrast '${labels[dup]}' appears twice`);

  const level = options.level ?? 0.95;
  const ordered = forestOrder(rows, options.sort ?? 'estimate');
  const showP = options.showP ?? rows.some((r) => r.p !== undefined);
  const size = options.size ?? figureSize('single', 24 + 7 * rows.length);
  const xTitle = options.xTitle ?? 'Difference in mean rating (points, 1\u20135 scale)';
  const adjusts = uniqueInOrder(ordered.map((r) => r.adjust));

  const data: ScatterTrace[] = adjusts.map((adjust, ai) => {
    const sel = ordered.filter((r) => r.adjust === adjust);
    const est = sel.map((r) => r.estimate);
    const color = ai === 0 ? INK : colorFor(`adjust:${adjust}`, ai);
    return {
      type: 'scatter',
      mode: 'markers',
      name: legendLabel(intervalName(adjust, level), size.widthMm),
      x: est,
      y: sel.map((r) => r.contrast),
      error_x: errorBars(est, sel, color),
      marker: { color, size: 6, symbol: ai === 0 ? 'square' : 'diamond' },
      customdata: sel.map((r) => [r.lower, r.upper, r.p === undefined ? '' : formatP(r.p)]),
      hovertemplate: `%{y}<br>%{x:.3f} [%{customdata[0]:.3f}, %{customdata[1]:.3f}]<br>%{customdata[2]}<extra>${escapeText(intervalName(adjust, level))}</extra>`,
    };
  });

  const lo = Math.min(0, ...rows.map((r) => r.lower));
  const hi = Math.max(0, ...rows.map((r) => r.upper));
  const pad = (hi - lo) * 0.06 || 1;
  const pWidth = showP ? 52 : 0;
  const layout = baseLayout(size, {
    margin: { l: 8, r: 8 + pWidth, t: 8, b: 8, pad: 0 },
    legend: { ...(baseLayout(size).legend as object), yref: 'container', y: 0, yanchor: 'bottom', xref: 'container', x: 0.5, xanchor: 'center' },
    xaxis: axis(xTitle, { grid: true, range: [lo - pad, hi + pad] }),
    yaxis: axis('', {
      type: 'category',
      categoryorder: 'array',
      categoryarray: ordered.map((r) => r.contrast),
      autorange: 'reversed',
      showTitle: false,
      showgrid: false,
    }),
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
            y: r.contrast,
            yref: 'y',
            showarrow: false,
            font: font(FONT_PT.annotation),
          }))
      : [],
  });
  return { data, layout, config: baseConfig('forest') };
}
