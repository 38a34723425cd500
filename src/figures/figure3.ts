/**
 * Figure 3 of Lee et al. (2024), generalised: LIWC-style features of each model's responses in
 * three panels (pronouns, punctuation, emotion words), grouped bars per model with intervals.
 * Values are in percent of words (LIWC's unit); each panel has its own value axis because the
 * features differ in scale (punctuation is rare).
 *
 * Example:
 *   figure3([{ feature: 'i', panel: 'pronouns', model: 'GPT4', mean: 1.2, lower: 1.0, upper: 1.4 }, ...])
 */
import { axis, baseConfig, baseLayout, colorFor, escapeText, figureSize, font, FONT_PT, INK, legendLabel, mmToPx, panelDomains, panelTitle, ptToPx } from './theme';
import type { BarTrace, Figure, FigureSize } from './types';
import { checkInterval, errorBars, requireLabel, uniqueInOrder } from './validate';

/** The three panels, in drawing order. */
export const FIGURE3_PANELS = ['pronouns', 'punctuation', 'emotion'] as const;
export type Figure3Panel = (typeof FIGURE3_PANELS)[number];

/** One bar: a feature's mean for one model, with its interval (percent of words). */
export interface Figure3Row {
  /** Feature name as in LIWC, e.g. "i", "QMark", "emo_neg". */
  feature: string;
  panel: Figure3Panel;
  /** Model name, e.g. "GPT4" (colour fixed per model, see theme.SOURCE_COLORS). */
  model: string;
  mean: number;
  lower: number;
  upper: number;
  /** Tick label (default: LIWC_LABELS[feature] or the feature name). */
  label?: string;
  /** How the interval was made, e.g. "95% percentile bootstrap CI over 120 posts (2000 resamples)"; printed under the legend. */
  interval?: string;
}

export interface Figure3Options {
  /** Value-axis title with units (default "Percent of words (%)"). */
  yTitle?: string;
  /** Panel titles (default Pronouns, Punctuation, Emotion words). */
  panelTitles?: Partial<Record<Figure3Panel, string>>;
  /** Legend title (default "Model"). */
  legendTitle?: string;
  /** Physical size (default 175 x 70 mm, double column). */
  size?: FigureSize;
  /**
   * What the bars and whiskers show, printed under the legend (default: "Bars: means; whiskers: "
   * and the rows' distinct `interval` texts, or no line when the rows have none).
   */
  intervalNote?: string;
}

/** Readable tick labels of the LIWC-22 features used in the paper. */
export const LIWC_LABELS: Readonly<Record<string, string>> = {
  i: 'I',
  we: 'we',
  you: 'you',
  shehe: 'she/he',
  they: 'they',
  QMark: '?',
  Exclam: '!',
  Emoji: 'emoji',
  emo_pos: 'positive',
  emo_neg: 'negative',
  Tone: 'tone',
};

const DEFAULT_PANEL_TITLES: Record<Figure3Panel, string> = {
  pronouns: 'Pronouns',
  punctuation: 'Punctuation',
  emotion: 'Emotion words',
};

/** Builds Figure 3 (see the module comment). Features and models keep the order of first appearance. */
export function figure3(rows: readonly Figure3Row[], options: Figure3Options = {}): Figure {
  if (rows.length === 0) throw new Error('figure3: no rows given');
  rows.forEach((r, i) => {
    const where = `figure3: row ${i + 1}`;
    requireLabel(r.feature, 'feature', where);
    requireLabel(r.model, 'model', where);
    if (!FIGURE3_PANELS.includes(r.panel)) {
      throw new Error(`${where} (${r.feature}): panel must be one of ${FIGURE3_PANELS.join(', ')} (got ${JSON.stringify(r.panel)})`);
    }
    checkInterval(r.mean, r, 'mean', `${where} (${r.feature}, ${r.model})`);
  });
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const k = `${r.feature}\u0000${r.model}`;
    if (seen.has(k)) throw new Error(`figure3: row ${i + 1}: feature '${r.feature}' for model '${r.model}' repeats row ${(seen.get(k) as number) + 1}`);
    seen.set(k, i);
  });
  const panelOfFeature = new Map<string, Figure3Panel>();
  rows.forEach((r, i) => {
    const p = panelOfFeature.get(r.feature);
    if (p !== undefined && p !== r.panel) throw new Error(`figure3: row ${i + 1}: feature '${r.feature}' is in panel '${p}' and '${r.panel}'`);
    panelOfFeature.set(r.feature, r.panel);
  });

  const size = options.size ?? figureSize('double', 70);
  const yTitle = options.yTitle ?? 'Percent of words (%)';
  const titles = { ...DEFAULT_PANEL_TITLES, ...options.panelTitles };
  const panels = FIGURE3_PANELS.filter((p) => rows.some((r) => r.panel === p));
  const models = uniqueInOrder(rows.map((r) => r.model));
  const labelOf = (r: Figure3Row) => r.label ?? LIWC_LABELS[r.feature] ?? r.feature;
  const features = panels.map((p) => uniqueInOrder(rows.filter((r) => r.panel === p).map((r) => r.feature)));
  const tickLabel = new Map<string, string>();
  for (const r of rows) if (!tickLabel.has(r.feature)) tickLabel.set(r.feature, labelOf(r));

  const domains = panelDomains(
    features.map((f) => f.length),
    0.07,
  );
  const axisId = (i: number) => (i === 0 ? '' : String(i + 1));
  const data: BarTrace[] = [];
  models.forEach((model, mi) => {
    const color = colorFor(model, mi);
    panels.forEach((panel, pi) => {
      const sel = rows.filter((r) => r.panel === panel && r.model === model);
      if (sel.length === 0) return;
      const means = sel.map((r) => r.mean);
      data.push({
        type: 'bar',
        name: legendLabel(model, size.widthMm),
        legendgroup: model,
        showlegend: !data.some((t) => t.legendgroup === model),
        offsetgroup: String(mi),
        x: sel.map((r) => tickLabel.get(r.feature) as string),
        y: means,
        error_y: errorBars(means, sel, INK),
        customdata: sel.map((r) => [r.lower, r.upper, r.feature]),
        hovertemplate: `%{customdata[2]}<br>%{y:.3f}% [%{customdata[0]:.3f}, %{customdata[1]:.3f}]<extra>${escapeText(model)}</extra>`,
        marker: { color, line: { color: INK, width: 0.5 } },
        xaxis: `x${axisId(pi)}`,
        yaxis: `y${axisId(pi)}`,
      });
    });
  });

  const base = baseLayout(size);
  const maxTitleLines = Math.max(
    ...panels.map((p, pi) => String(panelTitle(titles[p], 0, 1, (domains[pi][1] - domains[pi][0]) * (mmToPx(size.widthMm) - 60)).text).split('<br>').length),
  );
  // The note (one line or more at narrow widths) sits at the bottom edge, the legend just above it.
  const methods = uniqueInOrder(rows.map((r) => r.interval).filter((m): m is string => m !== undefined && m !== ''));
  const note = options.intervalNote ?? (methods.length > 0 ? `Bars: means; whiskers: ${methods.join('; ')}` : '');
  const noteLines = note ? legendLabel(note, size.widthMm).split('<br>') : [];
  // plotly anchors a multi-line title by its first line: lines after it hang below
  const lineHeightPx = ptToPx(FONT_PT.annotation) * 1.3;
  const notePx = noteLines.length * lineHeightPx;
  const heightPx = mmToPx(size.heightMm);
  const layout = baseLayout(size, {
    barmode: 'group',
    bargap: 0.2,
    bargroupgap: 0.05,
    margin: { l: 8, r: 8, t: 22 + 14 * (maxTitleLines - 1), b: 8, pad: 0 },
    legend: {
      ...(base.legend as object),
      title: { text: options.legendTitle ?? 'Model', side: 'left', font: font(FONT_PT.legend) },
      yref: 'container',
      y: notePx > 0 ? (notePx + 4) / heightPx : 0,
      yanchor: 'bottom',
      x: 0.5,
      xanchor: 'center',
    },
    // Panel titles wrap when the panel is narrow (single-column width); the plotting area is
    // roughly the figure minus 60 px of axis labels.
    annotations: panels.map((p, pi) =>
      panelTitle(titles[p], (domains[pi][0] + domains[pi][1]) / 2, 1, (domains[pi][1] - domains[pi][0]) * (mmToPx(size.widthMm) - 60)),
    ),
    // The note is the layout's title placed at the bottom edge (annotations cannot be placed in container coordinates).
    ...(noteLines.length > 0
      ? { title: { text: noteLines.join('<br>'), font: font(FONT_PT.annotation), x: 0.5, xanchor: 'center', xref: 'container', y: (4 + (noteLines.length - 1) * lineHeightPx) / heightPx, yref: 'container', yanchor: 'bottom' } }
      : {}),
  });
  panels.forEach((_, pi) => {
    const id = axisId(pi);
    layout[`xaxis${id}`] = axis('', {
      domain: domains[pi],
      anchor: `y${id}`,
      type: 'category',
      categoryorder: 'array',
      categoryarray: features[pi].map((f) => tickLabel.get(f) as string),
      showTitle: false,
      // Labels that do not fit slant up to their tick (-45°), staying under their own panel.
      autotickangles: [0, -45, -90],
    });
    layout[`yaxis${id}`] = axis(yTitle, { anchor: `x${id}`, grid: true, rangemode: 'tozero', showTitle: pi === 0 });
  });
  return { data, layout, config: baseConfig('figure3') };
}
