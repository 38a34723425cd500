/**
 * Figure 2 of Lee et al. (2024), generalised: mean rating per response source, one panel per
 * study, bars with 95% intervals. Several series can stand side by side (grouped bars), so the
 * paper's error bars ("95% CI across posts") can be shown next to model-based intervals
 * (mixed-model estimated marginal means) for the same sources.
 *
 * Example:
 *   figure2([
 *     { method: 'paper', rows: paperRows },   // rows: { study: 'Study 1', source: 'human', label: 'Human', mean: 3.41, lower: 3.19, upper: 3.62 }
 *     { method: 'model', rows: emmRows },
 *   ])
 */
import {
  axis,
  baseConfig,
  baseLayout,
  figureSize,
  legendLabel,
  INK,
  OKABE_ITO,
  panelDomains,
  panelTitle,
  sourceKey,
} from './theme';
import type { BarTrace, Figure, FigureSize } from './types';
import { checkInterval, errorBars, requireLabel, uniqueInOrder } from './validate';

/** Where a series' intervals come from: the paper's method (CI across posts) or a fitted model. */
export type ErrorBarMethod = 'paper' | 'model';

/** One bar: the mean rating of one source in one study with its interval (rating units). */
export interface Figure2Row {
  /** Panel, e.g. "Study 1". */
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
}

export interface Figure2Options {
  /** Value-axis title with units (default "Mean empathy rating (1–5)"). */
  yTitle?: string;
  /** Value-axis range (default [1, 5], widened to hold every interval). */
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
  list.forEach((s, si) => {
    if (s.method !== 'paper' && s.method !== 'model') {
      throw new Error(`figure2: series ${si + 1}: method must be 'paper' or 'model' (got ${JSON.stringify(s.method)})`);
    }
    if (s.rows.length === 0) throw new Error(`figure2: series ${si + 1} (${s.method}) has no rows`);
    s.rows.forEach((r, ri) => {
      const where = `figure2: series ${si + 1} (${s.method}), row ${ri + 1}`;
      requireLabel(r.study, 'study', where);
      requireLabel(r.source, 'source', where);
      requireLabel(r.label, 'label', where);
      checkInterval(r.mean, r, 'mean', `${where} (${r.study}, ${r.source})`);
    });
    const keys = s.rows.map((r) => `${r.study}\u0000${sourceKey(r.source)}`);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) {
      throw new Error(`figure2: series ${si + 1} (${s.method}), row ${dup + 1}: source '${s.rows[dup].source}' appears twice in '${s.rows[dup].study}'`);
    }
  });

  const level = options.level ?? 0.95;
  const size = options.size ?? figureSize('double', 80);
  const yTitle = options.yTitle ?? 'Mean empathy rating (1\u20135)';
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
  const [r0, r1] = options.yRange ?? [1, 5];
  const yRange: [number, number] = [Math.min(r0, lo), Math.max(r1, hi)];

  const domains = panelDomains(
    categories.map((c) => c.length),
    studies.length > 1 ? 0.06 : 0,
  );
  const axisId = (i: number) => (i === 0 ? '' : String(i + 1));

  const data: BarTrace[] = [];
  list.forEach((s, si) => {
    const name = legendLabel(s.name ?? defaultSeriesName(s.method, level), size.widthMm);
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

  const layout = baseLayout(size, {
    barmode: 'group',
    bargap: 0.22,
    bargroupgap: 0.06,
    margin: { l: 8, r: 8, t: studies.length > 0 ? 22 : 8, b: 8, pad: 0 },
    legend: { ...(baseLayout(size).legend as object), yref: 'container', y: 0, yanchor: 'bottom', x: 0.5, xanchor: 'center' },
    annotations: studies.map((st, pi) => panelTitle(st, (domains[pi][0] + domains[pi][1]) / 2)),
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
    layout[`yaxis${id}`] = axis(yTitle, {
      anchor: `x${id}`,
      range: yRange,
      grid: true,
      dtick: 1,
      showTitle: pi === 0,
      ...(pi > 0 ? { matches: 'y' } : {}),
    });
  });
  return { data, layout, config: baseConfig('figure2') };
}

