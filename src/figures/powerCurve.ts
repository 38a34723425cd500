/**
 * Power curve of a simulation-based power analysis: estimated power (share of significant results) at
 * each number of raters as points with their binomial (Clopper-Pearson) confidence intervals, joined by a
 * line; a dashed line at the target power (default 0.8); optional extra curves (e.g. the closed-form power,
 * or a second scenario) as lines without intervals; and a marker on the smallest number of raters whose
 * estimate reaches the target.
 *
 * Example:
 *   powerCurveFigure([{ name: 'Simulated (LMM, 200 data sets each)', points: res.points }],
 *     { target: 0.8, reference: [{ name: 'Closed form (noncentral t)', x: [40, 60], y: [0.45, 0.62] }] })
 */
import { axis, baseConfig, baseLayout, colorFor, escapeText, figureSize, font, FONT_PT, INK } from './theme';
import type { Figure, FigureSize, ScatterTrace } from './types';
import { checkInterval, errorBars, requireLabel } from './validate';

/** One simulated power estimate. */
export interface PowerCurvePoint {
  raters: number;
  power: number;
  lower: number;
  upper: number;
}

/** A simulated curve: points with intervals. */
export interface PowerCurveSeries {
  name: string;
  points: readonly PowerCurvePoint[];
}

/** A curve without intervals (e.g. closed-form power). */
export interface PowerReferenceCurve {
  name: string;
  x: readonly number[];
  y: readonly number[];
}

export interface PowerCurveFigureOptions {
  /** Target power drawn as a dashed line (default 0.8; null for none). */
  target?: number | null;
  /** Curves without intervals. */
  reference?: readonly PowerReferenceCurve[];
  /** x-axis title (default "Number of raters"). */
  xTitle?: string;
  /** Confidence level of the intervals, for the legend (default 0.95). */
  level?: number;
  /** Physical size (default 85 x 70 mm). */
  size?: FigureSize;
}

/** The smallest x whose estimate reaches `target`, or null. */
export function firstReaching(points: readonly PowerCurvePoint[], target: number): PowerCurvePoint | null {
  return [...points].sort((a, b) => a.raters - b.raters).find((p) => p.power >= target) ?? null;
}

/** Builds the power-curve figure (see the module comment). */
export function powerCurveFigure(series: readonly PowerCurveSeries[], options: PowerCurveFigureOptions = {}): Figure {
  if (series.length === 0) throw new Error('powerCurveFigure: no series given');
  const level = options.level ?? 0.95;
  const target = options.target === undefined ? 0.8 : options.target;
  if (target !== null && !(target > 0 && target < 1)) throw new Error(`powerCurveFigure: target must be in (0, 1) or null (got ${target})`);
  series.forEach((s, si) => {
    requireLabel(s.name, 'name', `powerCurveFigure: series ${si + 1}`);
    if (s.points.length === 0) throw new Error(`powerCurveFigure: series ${si + 1} (${s.name}) has no points`);
    s.points.forEach((p, i) => {
      const where = `powerCurveFigure: series ${si + 1} (${s.name}), point ${i + 1}`;
      if (!Number.isFinite(p.raters)) throw new Error(`${where}: raters must be a finite number (got ${p.raters})`);
      checkInterval(p.power, p, 'power', where);
      if (p.lower < 0 || p.upper > 1) throw new Error(`${where}: power interval must lie in [0, 1] (got [${p.lower}, ${p.upper}])`);
    });
  });
  (options.reference ?? []).forEach((r, i) => {
    requireLabel(r.name, 'name', `powerCurveFigure: reference curve ${i + 1}`);
    if (r.x.length !== r.y.length || r.x.length === 0) throw new Error(`powerCurveFigure: reference curve ${i + 1} (${r.name}) needs x and y of the same non-zero length`);
  });
  const pct = `${Math.round(level * 1000) / 10}%`;
  const data: ScatterTrace[] = [];
  series.forEach((s, si) => {
    const pts = [...s.points].sort((a, b) => a.raters - b.raters);
    const color = colorFor(`series:${s.name}`, si);
    const y = pts.map((p) => p.power);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${s.name} (${pct} CI)`,
      x: pts.map((p) => p.raters),
      y,
      error_y: errorBars(y, pts, color),
      line: { color, width: 1.5 },
      marker: { color, size: 5, symbol: 'circle' },
      hovertemplate: `%{x} raters: power %{y:.3f}<extra>${escapeText(s.name)}</extra>`,
    });
  });
  (options.reference ?? []).forEach((r, i) => {
    const color = colorFor(`reference:${r.name}`, series.length + i);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: r.name,
      x: [...r.x],
      y: [...r.y],
      line: { color, width: 1.2, dash: 'dot' },
      hovertemplate: `%{x} raters: power %{y:.3f}<extra>${escapeText(r.name)}</extra>`,
    });
  });
  const xs = series.flatMap((s) => s.points.map((p) => p.raters)).concat((options.reference ?? []).flatMap((r) => [...r.x]));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo) * 0.05 || 1;
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  if (target !== null) {
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: target, y1: target, line: { color: INK, width: 1, dash: 'dash' }, layer: 'below' });
    annotations.push({ text: `target ${target}`, x: 0, xref: 'paper', xanchor: 'left', y: target, yref: 'y', yanchor: 'bottom', showarrow: false, font: font(FONT_PT.annotation) });
    const first = firstReaching(series[0]!.points, target);
    if (first) {
      annotations.push({
        text: `${first.raters} raters`,
        x: first.raters,
        xref: 'x',
        y: first.power,
        yref: 'y',
        // the label on the side with room: left of a point in the right half, so it stays inside the figure
        ax: first.raters > (lo + hi) / 2 ? -26 : 26,
        ay: 30,
        showarrow: true,
        arrowhead: 0,
        arrowwidth: 1,
        arrowcolor: INK,
        font: font(FONT_PT.annotation),
      });
    }
  }
  const size = options.size ?? figureSize('single', 70);
  const layout = baseLayout(size, {
    margin: { l: 8, r: 8, t: 8, b: 8, pad: 0 },
    legend: { ...(baseLayout(size).legend as object), yref: 'container', y: 0, yanchor: 'bottom', xref: 'container', x: 0.5, xanchor: 'center' },
    xaxis: axis(options.xTitle ?? 'Number of raters', { range: [lo - pad, hi + pad] }),
    yaxis: axis('Power (share of significant results)', { grid: true, range: [0, 1.02], tickformat: '.1f' }),
    shapes,
    annotations,
  });
  return { data, layout, config: baseConfig('power-curve') };
}
