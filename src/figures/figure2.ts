/**
 * Figure 2 of Lee et al. (2024), generalised: mean rating per response source, one panel per
 * study, bars with 95% intervals. Several series can stand side by side (grouped bars), so the
 * paper's error bars ("95% CI across posts") can be shown next to model-based intervals
 * (mixed-model estimated marginal means) for the same sources.
 *
 * The value axis is titled and ranged from the declared rating scale and measure
 * (`{ scale: { min: 1, max: 3 }, measure: 'helpfulness' }` gives "Mean helpfulness rating (1–3)"
 * and the range 1–3); without a scale the axis names none and ranges over the bars. Marginal means
 * (an EmmGrid) become a series with {@link figure2SeriesFromMeans} (./adapters).
 *
 * Example:
 *   figure2([
 *     { method: 'paper', rows: paperRows },   // rows: { study: 'Study 1', source: 'human', label: 'Human', mean: 3.41, lower: 3.19, upper: 3.62 }
 *     figure2SeriesFromMeans(emmeans(fit, 'source'), { study: 'Study 1', label: sourceLabel }),
 *   ], { scale: { min: 1, max: 5 }, measure: 'empathy' })
 */
import {
  axis,
  baseConfig,
  baseLayout,
  escapeText,
  figureSize,
  font,
  FONT_PT,
  legendLabel,
  INK,
  LINE_HEIGHT_EM,
  mmToPx,
  OKABE_ITO,
  panelDomains,
  panelTitle,
  ptToPx,
  sourceKey,
} from './theme';
import { checkValueScale, meanRatingTitle, scaleText, type ValueAxisSpec } from './scale';
import { drawnWidthPx, fitText, linesMarkup, wrapToWidth } from './text-fit';
import type { BarTrace, Figure, FigureSize } from './types';
import { checkInterval, errorBars, requireLabel, uniqueInOrder } from './validate';

/** Where a series' intervals come from: the paper's method (CI across posts) or a fitted model. */
export type ErrorBarMethod = 'paper' | 'model';

/** One bar: the mean rating of one source in one study with its interval (rating units). */
export interface Figure2Row {
  /** Panel, e.g. "Study 1" ('' for a single panel without a title). */
  study: string;
  /** Source key, e.g. "gpt4_high" (matches rows across series). */
  source: string;
  /** Tick label, e.g. "GPT4-high". */
  label: string;
  mean: number;
  lower: number;
  upper: number;
}

/** One set of bars with one kind of interval. */
export interface Figure2Series {
  method: ErrorBarMethod;
  rows: readonly Figure2Row[];
  /** Legend entry; default describes the method (see {@link defaultSeriesName}). */
  name?: string;
  /** Confidence level of this series' intervals, for its default legend name (default: Figure2Options.level). */
  level?: number;
}

/**
 * Options of {@link figure2}. `scale` and `measure` (see ./scale) make the value-axis title and
 * range: e.g. `{ scale: { min: 1, max: 5 }, measure: 'empathy' }` gives "Mean empathy rating (1–5)"
 * over 1–5 with a tick per point; a mean outside a declared scale is an error.
 */
export interface Figure2Options extends ValueAxisSpec {
  /** Value-axis title with units (default from `measure` and `scale`: "Mean <measure> rating (<min>–<max>)"). */
  yTitle?: string;
  /** Value-axis range (default the declared scale, else plotly's range over the bars; widened to hold every interval). */
  yRange?: [number, number];
  /** x-axis title under each panel (default none: the tick labels name the sources). */
  xTitle?: string;
  /** Confidence level, for the default legend names (default 0.95). */
  level?: number;
  /** Physical size (default 175 x 80 mm, double column). */
  size?: FigureSize;
}

/** Bar colour per method (Okabe-Ito orange for the paper's bars, blue for model-based bars). */
export const METHOD_COLORS: Readonly<Record<ErrorBarMethod, string>> = {
  paper: OKABE_ITO.orange,
  model: OKABE_ITO.blue,
};

/** Default legend entry of a series, e.g. "Mean ± 95% CI across posts (paper)". */
export function defaultSeriesName(method: ErrorBarMethod, level = 0.95): string {
  const pct = `${Math.round(level * 1000) / 10}%`;
  return method === 'paper' ? `Mean, ${pct} CI across posts (paper's method)` : `Model-based mean, ${pct} CI (mixed model)`;
}

/** Builds Figure 2 (see the module comment). Rows are drawn in the order given. */
export function figure2(series: Figure2Series | readonly Figure2Series[], options: Figure2Options = {}): Figure {
  const list: readonly Figure2Series[] = Array.isArray(series) ? series : [series as Figure2Series];
  if (list.length === 0) throw new Error('figure2: no series given');
  const scale = checkValueScale(options.scale, 'figure2');
  list.forEach((s, si) => {
    if (s.method !== 'paper' && s.method !== 'model') {
      throw new Error(`figure2: series ${si + 1}: method must be 'paper' or 'model' (got ${JSON.stringify(s.method)})`);
    }
    if (s.rows.length === 0) throw new Error(`figure2: series ${si + 1} (${s.method}) has no rows`);
    if (s.level !== undefined && !(s.level > 0 && s.level < 1)) throw new Error(`figure2: series ${si + 1} (${s.method}): level must be in (0, 1) (got ${s.level})`);
    s.rows.forEach((r, ri) => {
      const where = `figure2: series ${si + 1} (${s.method}), row ${ri + 1}`;
      if (typeof r.study !== 'string') throw new Error(`${where}: study must be a string (got ${JSON.stringify(r.study)})`);
      requireLabel(r.source, 'source', where);
      requireLabel(r.label, 'label', where);
      checkInterval(r.mean, r, 'mean', `${where} (${r.study}, ${r.source})`);
      if (scale && !(r.mean >= scale.min && r.mean <= scale.max)) {
        throw new Error(`${where} (${r.study}, ${r.source}): mean ${r.mean} lies outside the declared scale ${scaleText(scale)}`);
      }
    });
    const keys = s.rows.map((r) => `${r.study}\u0000${sourceKey(r.source)}`);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) {
      throw new Error(`figure2: series ${si + 1} (${s.method}), row ${dup + 1}: source '${s.rows[dup].source}' appears twice in '${s.rows[dup].study}'`);
    }
  });

  const level = options.level ?? 0.95;
  const size = options.size ?? figureSize('double', 80);
  const yTitle = options.yTitle ?? meanRatingTitle({ scale, measure: options.measure });
  const xTitle = options.xTitle ?? '';
  const allRows = list.flatMap((s) => s.rows);
  const studies = uniqueInOrder(allRows.map((r) => r.study));
  // Tick label of each (study, source): the first label given.
  const labelOf = new Map<string, string>();
  for (const r of allRows) {
    const k = `${r.study}\u0000${sourceKey(r.source)}`;
    if (!labelOf.has(k)) labelOf.set(k, r.label);
  }
  const categories = studies.map((st) =>
    uniqueInOrder(allRows.filter((r) => r.study === st).map((r) => sourceKey(r.source))).map(
      (k) => labelOf.get(`${st}\u0000${k}`) as string,
    ),
  );

  const lo = Math.min(...allRows.map((r) => r.lower));
  const hi = Math.max(...allRows.map((r) => r.upper));
  const declared = options.yRange ?? (scale ? ([scale.min, scale.max] as [number, number]) : undefined);
  const yRange: [number, number] | undefined = declared && [Math.min(declared[0], lo), Math.max(declared[1], hi)];
  // A tick per point on a short declared range (a rating scale), plotly's ticks otherwise.
  const yTicks = yRange && yRange[1] - yRange[0] <= 10 ? { range: yRange, dtick: 1 } : yRange ? { range: yRange } : {};

  const domains = panelDomains(
    categories.map((c) => c.length),
    studies.length > 1 ? 0.06 : 0,
  );
  const axisId = (i: number) => (i === 0 ? '' : String(i + 1));

  const data: BarTrace[] = [];
  list.forEach((s, si) => {
    const name = legendLabel(s.name ?? defaultSeriesName(s.method, s.level ?? level), size.widthMm);
    const color = METHOD_COLORS[s.method];
    studies.forEach((st, pi) => {
      const rows = s.rows.filter((r) => r.study === st);
      if (rows.length === 0) return;
      const means = rows.map((r) => r.mean);
      data.push({
        type: 'bar',
        name,
        legendgroup: `series${si}`,
        showlegend: !data.some((t) => t.legendgroup === `series${si}`),
        offsetgroup: String(si),
        x: rows.map((r) => labelOf.get(`${st}\u0000${sourceKey(r.source)}`) as string),
        y: means,
        error_y: errorBars(means, rows, INK),
        customdata: rows.map((r) => [r.lower, r.upper, r.source, r.study]),
        hovertemplate: `%{x} (%{customdata[3]})<br>M = %{y:.2f} [%{customdata[0]:.2f}, %{customdata[1]:.2f}]<extra>${name}</extra>`,
        marker: { color, line: { color: INK, width: 0.5 } },
        xaxis: `x${axisId(pi)}`,
        yaxis: `y${axisId(pi)}`,
      });
    });
  });

  // Text fitted to the room the figure gives it: panel titles to their panel's width, the value-axis
  // title to the plot's height (both estimated from the size, the legend and the tick labels).
  const widthPx = Math.round(mmToPx(size.widthMm));
  const heightPx = Math.round(mmToPx(size.heightMm));
  const legendLines = data.filter((t) => t.showlegend).reduce((n, t) => n + t.name.split('<br>').length, 0);
  const yTickPx = yRange ? Math.max(drawnWidthPx(String(yRange[0]), FONT_PT.tick), drawnWidthPx(String(yRange[1]), FONT_PT.tick)) : drawnWidthPx('0.00', FONT_PT.tick);
  const titled = studies.some((st) => st !== '');
  const fitFor = (yTitleLines: number, yTitlePt: number) => {
    const plotWidth = widthPx - 16 - yTickPx - 5 - yTitleLines * ptToPx(yTitlePt) * LINE_HEIGHT_EM - 4;
    const panelLines = studies.map((st, pi) =>
      st === '' ? [] : wrapToWidth(st, plotWidth * (domains[pi][1] - domains[pi][0]) - 12, FONT_PT.panelTitle, 700),
    );
    const extra = Math.max(0, ...panelLines.map((l) => l.length - 1));
    const marginTop = titled ? 22 + Math.ceil(extra * ptToPx(FONT_PT.panelTitle) * LINE_HEIGHT_EM) : 8;
    const tickBand = tickLabelBandPx(categories, domains, plotWidth);
    return { panelLines, marginTop, title: fitValueTitle(yTitle, plotHeightPx(heightPx, marginTop, tickBand, legendLines, xTitle !== '')) };
  };
  let fit = fitFor(1, FONT_PT.axisTitle);
  if (fit.title.lines > 1) fit = fitFor(fit.title.lines, fit.title.pt);
  const { panelLines, marginTop, title } = fit;
  const layout = baseLayout(size, {
    barmode: 'group',
    bargap: 0.22,
    bargroupgap: 0.06,
    margin: { l: 8, r: 8, t: marginTop, b: 8, pad: 0 },
    legend: { ...(baseLayout(size).legend as object), yref: 'container', y: 0, yanchor: 'bottom', x: 0.5, xanchor: 'center' },
    annotations: studies.flatMap((st, pi) => {
      if (st === '') return [];
      const annotation = panelTitle(st, (domains[pi][0] + domains[pi][1]) / 2);
      return [panelLines[pi].length > 1 ? { ...annotation, text: panelLines[pi].map((l) => `<b>${escapeText(l)}</b>`).join('<br>') } : annotation];
    }),
  });
  studies.forEach((_, pi) => {
    const id = axisId(pi);
    layout[`xaxis${id}`] = axis(xTitle, {
      domain: domains[pi],
      anchor: `y${id}`,
      type: 'category',
      categoryorder: 'array',
      categoryarray: categories[pi],
      showTitle: xTitle !== '',
      // Labels that do not fit slant up to their tick (-45°), staying under their own panel.
      autotickangles: [0, -45, -90],
    });
    const yaxis = axis(title.text, {
      anchor: `x${id}`,
      ...yTicks,
      grid: true,
      showTitle: pi === 0,
      ...(pi > 0 ? { matches: 'y' } : {}),
    });
    if (pi === 0 && title.pt !== FONT_PT.axisTitle) yaxis.title = { ...(yaxis.title as object), font: font(title.pt) };
    layout[`yaxis${id}`] = yaxis;
  });
  return { data, layout, config: baseConfig('figure2') };
}


/**
 * Height in px the category tick labels take below the panels, as plotly's autotickangles will lay
 * them: horizontal when the widest fits its category, else at -45° when the slanted labels clear each
 * other, else vertical. `plotWidth`: the estimated width of all panels with their gaps.
 */
function tickLabelBandPx(categories: readonly string[][], domains: readonly [number, number][], plotWidth: number): number {
  const line = ptToPx(FONT_PT.tick) * LINE_HEIGHT_EM;
  let band = line;
  categories.forEach((labels, i) => {
    const widest = Math.max(...labels.map((l) => drawnWidthPx(l, FONT_PT.tick)));
    const slot = (plotWidth * (domains[i][1] - domains[i][0])) / labels.length;
    const h = widest <= slot - 4 ? line : line * Math.SQRT2 <= slot ? (widest + line) * Math.SQRT1_2 : widest;
    band = Math.max(band, h);
  });
  return band + 5;
}

/**
 * Height in px of figure 2's plotting area, estimated low: the figure's height less the margins, half
 * a tick label above the top, the tick labels below, an x title if any, and the legend's lines
 * stacked in their box (plotly may place entries side by side, which only leaves more room).
 */
function plotHeightPx(heightPx: number, marginTop: number, tickBand: number, legendLines: number, hasXTitle: boolean): number {
  const line = (pt: number) => ptToPx(pt) * LINE_HEIGHT_EM;
  const xTitle = hasXTitle ? line(FONT_PT.axisTitle) + 4 : 0;
  const legend = legendLines * line(FONT_PT.legend) + 30;
  return heightPx - marginTop - 8 - line(FONT_PT.tick) / 2 - tickBand - xTitle - legend;
}

/** The value-axis title fitted along a vertical axis `lengthPx` long (wrapped at spaces, then shrunk). */
function fitValueTitle(title: string, lengthPx: number): { text: string; pt: number; lines: number } {
  const fitted = fitText(title, { maxWidthPx: lengthPx, pt: FONT_PT.axisTitle, maxLines: 3 });
  const same = fitted.lines.length === 1 && fitted.pt === FONT_PT.axisTitle;
  return { text: same ? title : linesMarkup(fitted.lines), pt: fitted.pt, lines: fitted.lines.length };
}
