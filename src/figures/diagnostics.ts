/**
 * Model diagnostics of a (mixed) linear model as figures: residuals against fitted values, a
 * normal QQ plot of the residuals, and a normal QQ plot of each random-effect term's conditional
 * modes (e.g. the post intercepts and the rater intercepts). QQ positions follow R's qqnorm:
 * the i-th smallest value is plotted against qnorm(ppoints(n)[i]), with
 * ppoints(n) = (i - a) / (n + 1 - 2a), a = 3/8 if n <= 10 else 1/2; the reference line goes
 * through the first and third quartiles like R's qqline.
 *
 * Example:
 *   const figs = diagnosticFigures({ fitted, residuals, ranef: [{ group: 'post', term: '(Intercept)', values }] });
 *   diagnosticsGrid({ fitted, residuals, ranef })   // all panels in one figure
 */
import { qnorm } from '../stats/distributions';
import { quantileSorted } from '../stats/quantile';
import { axis, baseConfig, baseLayout, figureSize, INK, mmToPx, OKABE_ITO, panelDomains, panelTitle } from './theme';
import type { Figure, FigureSize, ScatterTrace } from './types';
import { requireLabel } from './validate';

/** Conditional modes of one random-effect term, e.g. group 'rater', term '(Intercept)'. */
export interface RanefTerm {
  group: string;
  term: string;
  values: readonly number[];
}

/** What the diagnostics need from a fitted model (all in response units). */
export interface DiagnosticsInput {
  fitted: readonly number[];
  residuals: readonly number[];
  ranef: readonly RanefTerm[];
}

export interface DiagnosticsOptions {
  /** Unit of the response, used in axis titles (default "rating points"). */
  unit?: string;
  /**
   * Point thinning for large samples (default 0.5): of the points falling into one grid cell of
   * this many CSS px of the figure (0.5 px = 0.13 mm), only the first is drawn, so 8 000
   * residuals export in well under a second and the picture is unchanged at print size. Applies
   * when a plot has more than 1000 points; `false` draws every point (for zooming in a notebook).
   */
  thin?: number | false;
  /**
   * Bins for the trend line on residuals vs fitted (default 20): the mean residual in each of
   * this many bins of equal counts along the fitted values (fewer when there are under 30
   * points per bin); 0 draws no line. With Likert ratings the points form diagonal bands that
   * hide where they are dense; the line shows whether residuals average zero everywhere.
   */
  trendBins?: number;
  /** Size of each single figure (default 85 x 70 mm). */
  size?: FigureSize;
}

/** Blom-type plotting positions of R's ppoints(n): (i - a) / (n + 1 - 2a), a = 3/8 if n <= 10 else 1/2. */
export function ppoints(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`ppoints: n must be a positive integer (got ${n})`);
  const a = n <= 10 ? 3 / 8 : 1 / 2;
  return Array.from({ length: n }, (_, i) => (i + 1 - a) / (n + 1 - 2 * a));
}

/** QQ points: sorted sample against normal quantiles at ppoints(n) (both ascending). */
export function qqPoints(values: readonly number[]): { theoretical: number[]; sample: number[] } {
  const sample = [...values].sort((a, b) => a - b);
  return { theoretical: ppoints(sample.length).map((p) => qnorm(p)), sample };
}

/** R's qqline: the line through the first and third quartiles of the sample and of the normal. */
export function qqLine(values: readonly number[]): { intercept: number; slope: number } {
  if (values.length < 2) throw new Error('qqLine: need at least 2 values');
  const s = [...values].sort((a, b) => a - b);
  const y1 = quantileSorted(s, 0.25);
  const y3 = quantileSorted(s, 0.75);
  const x1 = qnorm(0.25);
  const x3 = qnorm(0.75);
  const slope = (y3 - y1) / (x3 - x1);
  return { intercept: y1 - slope * x1, slope };
}

function checkValues(values: readonly number[], what: string, minLength = 2): void {
  if (values.length < minLength) throw new Error(`diagnostics: ${what} needs at least ${minLength} values (got ${values.length})`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`diagnostics: ${what}[${i}] is not a finite number (got ${String(v)})`);
  });
}

function checkInput(input: DiagnosticsInput): void {
  checkValues(input.fitted, 'fitted');
  checkValues(input.residuals, 'residuals');
  if (input.fitted.length !== input.residuals.length) {
    throw new Error(`diagnostics: fitted has ${input.fitted.length} values but residuals has ${input.residuals.length}`);
  }
  input.ranef.forEach((r, i) => {
    requireLabel(r.group, 'group', `diagnostics: ranef ${i + 1}`);
    requireLabel(r.term, 'term', `diagnostics: ranef ${i + 1}`);
    checkValues(r.values, `ranef ${i + 1} (${r.term} | ${r.group})`);
  });
}

/** Title of a random-effect QQ panel, lme4 style: "(Intercept) | rater". */
export function ranefTitle(r: RanefTerm): string {
  return `${r.term} | ${r.group}`;
}

/**
 * Indices of the points to draw when points closer than one grid cell are merged: the plane
 * [xRange] x [yRange] is cut into nx x ny cells and the first point of each cell is kept (in
 * input order). Every dropped point shares its cell with a kept point.
 */
export function thinToGrid(
  x: readonly number[],
  y: readonly number[],
  xRange: readonly [number, number],
  yRange: readonly [number, number],
  nx: number,
  ny: number,
): number[] {
  const cx = nx / (xRange[1] - xRange[0] || 1);
  const cy = ny / (yRange[1] - yRange[0] || 1);
  const seen = new Set<number>();
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const key = Math.floor((x[i] - xRange[0]) * cx) * (ny + 2) + Math.floor((y[i] - yRange[0]) * cy);
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(i);
    }
  }
  return keep;
}

/** A panel: its traces and axis settings, placed on axes `x${id}`/`y${id}` by the caller. */
interface Panel {
  title: string;
  traces: ScatterTrace[];
  xTitle: string;
  yTitle: string;
  xRange: [number, number];
}

function span(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * 0.04 || 0.5;
  return [lo - pad, hi + pad];
}

function markerFor(n: number): Record<string, unknown> {
  // Smaller points when there are many, so the cloud stays readable.
  const size = n > 2000 ? 2.5 : n > 300 ? 3.5 : 5;
  // Opaque: semi-transparent points make PDFs ~20 times larger and slower to print (one transparency group per point).
  const opacity = 1;
  return { color: OKABE_ITO.blue, size, opacity, line: { width: 0 } };
}

/** Drawing resolution: figure size in px and thinning cell in px (0 = draw all). */
interface Resolution {
  widthPx: number;
  heightPx: number;
  cellPx: number;
}

const THIN_ABOVE = 1000;

function thinned(x: readonly number[], y: readonly number[], res: Resolution): { x: number[]; y: number[] } {
  if (res.cellPx <= 0 || x.length <= THIN_ABOVE) return { x: [...x], y: [...y] };
  const keep = thinToGrid(x, y, span(x), span(y), Math.ceil(res.widthPx / res.cellPx), Math.ceil(res.heightPx / res.cellPx));
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]) };
}

/**
 * Mean residual in `bins` bins of (nearly) equal counts along the sorted fitted values:
 * x = mean fitted value of the bin, y = mean residual. Bins are at least 30 points wide when
 * possible (fewer bins for small samples).
 */
export function binnedResidualMeans(fitted: readonly number[], residuals: readonly number[], bins: number): { x: number[]; y: number[] } {
  const n = fitted.length;
  const k = Math.max(1, Math.min(bins, Math.floor(n / 30)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => fitted[a] - fitted[b]);
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < k; b++) {
    const from = Math.floor((b * n) / k);
    const to = Math.floor(((b + 1) * n) / k);
    let sx = 0;
    let sy = 0;
    for (let j = from; j < to; j++) {
      sx += fitted[order[j]];
      sy += residuals[order[j]];
    }
    x.push(sx / (to - from));
    y.push(sy / (to - from));
  }
  return { x, y };
}

function residualPanel(input: DiagnosticsInput, unit: string, res: Resolution, trendBins: number): Panel {
  const xRange = span(input.fitted);
  const pts = thinned(input.fitted, input.residuals, res);
  return {
    title: trendBins > 0 ? 'Residuals vs fitted (line: binned means)' : 'Residuals vs fitted',
    xTitle: `Fitted value (${unit})`,
    yTitle: `Residual (${unit})`,
    xRange,
    traces: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'Observation',
        x: pts.x,
        y: pts.y,
        marker: markerFor(input.fitted.length),
        hovertemplate: 'fitted %{x:.3f}<br>residual %{y:.3f}<extra></extra>',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Zero',
        x: xRange,
        y: [0, 0],
        line: { color: INK, width: 1, dash: 'dash' },
        hoverinfo: 'skip',
        showlegend: false,
      },
      ...(trendBins > 0 ? [trendTrace(input, trendBins)] : []),
    ],
  };
}

function trendTrace(input: DiagnosticsInput, bins: number): ScatterTrace {
  const { x, y } = binnedResidualMeans(input.fitted, input.residuals, bins);
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name: 'Binned mean residual',
    x,
    y,
    line: { color: OKABE_ITO.vermillion, width: 1.25 },
    marker: { color: OKABE_ITO.vermillion, size: 3.5 },
    hovertemplate: 'mean fitted %{x:.3f}<br>mean residual %{y:.3f}<extra>binned mean</extra>',
    showlegend: false,
  };
}

function qqPanel(values: readonly number[], title: string, yTitle: string, res: Resolution): Panel {
  const all = qqPoints(values);
  const { x: theoretical, y: sample } = thinned(all.theoretical, all.sample, res);
  const { intercept, slope } = qqLine(values);
  const xRange = span(theoretical);
  return {
    title,
    xTitle: 'Normal quantile (z)',
    yTitle,
    xRange,
    traces: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'Sample quantile',
        x: theoretical,
        y: sample,
        marker: markerFor(sample.length),
        hovertemplate: 'z %{x:.3f}<br>value %{y:.3f}<extra></extra>',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Quartile line',
        x: xRange,
        y: xRange.map((x) => intercept + slope * x),
        line: { color: OKABE_ITO.vermillion, width: 1.25 },
        hoverinfo: 'skip',
        showlegend: false,
      },
    ],
  };
}

function panelsOf(input: DiagnosticsInput, options: DiagnosticsOptions, res: Resolution): Panel[] {
  checkInput(input);
  const unit = options.unit ?? 'rating points';
  const trendBins = options.trendBins ?? 20;
  if (!Number.isInteger(trendBins) || trendBins < 0) throw new Error(`diagnostics: trendBins must be a whole number >= 0 (got ${trendBins})`);
  return [
    residualPanel(input, unit, res, trendBins),
    qqPanel(input.residuals, 'Normal QQ: residuals', `Residual (${unit})`, res),
    ...input.ranef.map((r) => qqPanel(r.values, `Normal QQ: ${ranefTitle(r)}`, `Conditional mode (${unit})`, res)),
  ];
}

function resolution(size: FigureSize, options: DiagnosticsOptions, cols = 1, rows = 1): Resolution {
  const thin = options.thin ?? 0.5;
  if (thin !== false && !(thin > 0)) throw new Error(`diagnostics: thin must be a positive number of px or false (got ${thin})`);
  return { widthPx: mmToPx(size.widthMm) / cols, heightPx: mmToPx(size.heightMm) / rows, cellPx: thin === false ? 0 : thin };
}

function singleFigure(panel: Panel, size: FigureSize, name: string): Figure {
  const title = panelTitle(panel.title, 0.5, 1, mmToPx(size.widthMm) - 70);
  const lines = String(title.text).split('<br>').length;
  const layout = baseLayout(size, {
    showlegend: false,
    margin: { l: 8, r: 8, t: 22 + 14 * (lines - 1), b: 8, pad: 0 },
    annotations: [title],
    xaxis: axis(panel.xTitle, { range: panel.xRange, grid: true }),
    yaxis: axis(panel.yTitle, { grid: true }),
  });
  return { data: panel.traces, layout, config: baseConfig(name) };
}

/** One figure per diagnostic plot: residuals vs fitted, QQ of residuals, QQ per random-effect term. */
export function diagnosticFigures(
  input: DiagnosticsInput,
  options: DiagnosticsOptions = {},
): { residualsVsFitted: Figure; residualsQQ: Figure; ranefQQ: { group: string; term: string; figure: Figure }[] } {
  const size = options.size ?? figureSize('single', 70);
  const [rvf, qq, ...re] = panelsOf(input, options, resolution(size, options));
  return {
    residualsVsFitted: singleFigure(rvf, size, 'residuals-vs-fitted'),
    residualsQQ: singleFigure(qq, size, 'qq-residuals'),
    ranefQQ: re.map((p, i) => ({
      group: input.ranef[i].group,
      term: input.ranef[i].term,
      figure: singleFigure(p, size, `qq-ranef-${input.ranef[i].group}`),
    })),
  };
}

/** All diagnostic plots in one grid figure (2 columns, or 3 when more than 4 panels). */
export function diagnosticsGrid(input: DiagnosticsInput, options: DiagnosticsOptions & { columns?: number } = {}): Figure {
  const nPanels = 2 + input.ranef.length;
  const cols = options.columns ?? (nPanels > 4 ? 3 : 2);
  const rows = Math.ceil(nPanels / cols);
  const size = options.size ?? figureSize('double', 62 * rows);
  const panels = panelsOf(input, options, resolution(size, options, cols, rows));
  const layout = baseLayout(size, { showlegend: false, margin: { l: 8, r: 8, t: 22, b: 8, pad: 0 } });
  // Gaps in px between panels: room for tick labels and the axis title (and the next panel's title).
  const colDomains = panelDomains(new Array<number>(cols).fill(1), 62 / layout.width);
  const rowDomains = panelDomains(new Array<number>(rows).fill(1), 72 / layout.height).reverse();
  const data: ScatterTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((p, i) => {
    const id = i === 0 ? '' : String(i + 1);
    const cd = colDomains[i % cols];
    const rd = rowDomains[Math.floor(i / cols)];
    for (const t of p.traces) data.push({ ...t, xaxis: `x${id}`, yaxis: `y${id}` });
    layout[`xaxis${id}`] = axis(p.xTitle, { domain: cd, anchor: `y${id}`, range: p.xRange, grid: true });
    layout[`yaxis${id}`] = axis(p.yTitle, { domain: rd, anchor: `x${id}`, grid: true });
    annotations.push(panelTitle(p.title, (cd[0] + cd[1]) / 2, rd[1]));
  });
  layout.annotations = annotations;
  return { data, layout, config: baseConfig('diagnostics') };
}
