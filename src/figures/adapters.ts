/**
 * Analysis results straight into figures: marginal means (an EmmGrid of src/inference/emmeans) as
 * Figure 2 bars, a contrast table (a ContrastTable of src/inference/contrasts) as forest-plot rows.
 * The inputs are structural types defined here, so figures/ does not import inference/: an EmmGrid
 * is a {@link MeansLike} and a ContrastTable a {@link ContrastsLike} as they are.
 *
 * Examples:
 *   const emm = emmeans(fit, 'source');
 *   figure2(figure2SeriesFromMeans(emm, { study: 'Study 1', label: sourceLabel }), { scale: { min: 1, max: 5 }, measure: 'empathy' });
 *   forestPlot(forestRowsFromContrasts(emm.pairs(), { levelLabel: sourceLabel }), { scale: { min: 1, max: 5 }, measure: 'empathy' });
 */
import type { ErrorBarMethod, Figure2Row, Figure2Series } from './figure2';
import type { ForestRow } from './forest';

/** One marginal mean as emmeans gives it: the level's label, the mean and its interval. */
export interface MeanLike {
  /** The level(s) as one label, e.g. "gpt4" ("gpt4 1" for source x study). */
  level: string;
  /** The level of each factor, e.g. { source: 'gpt4', study: '1' } (needed for `panelBy`). */
  levels?: Readonly<Record<string, string>>;
  emmean: number;
  lower: number;
  upper: number;
  /** False when the mean cannot be estimated (rank-deficient model). */
  estimable?: boolean;
}

/** Marginal means with their confidence level (an EmmGrid). */
export interface MeansLike {
  rows: readonly MeanLike[];
  /** Confidence level of the intervals (e.g. 0.95). */
  level?: number;
}

/** One contrast as emmeans gives it. */
export interface ContrastLike {
  /** Label, e.g. "gpt4 - human". */
  contrast: string;
  estimate: number;
  lower: number;
  upper: number;
  /** Adjusted p value. */
  p?: number;
  estimable?: boolean;
}

/** A table of contrasts with its multiplicity adjustment and confidence level (a ContrastTable). */
export interface ContrastsLike {
  rows: readonly ContrastLike[];
  /** The adjustment asked for ('tukey', 'holm', 'none', ...). */
  adjust: string;
  /** The adjustment the intervals got, when it differs (holm gives Bonferroni intervals); used for the legend. */
  ciAdjustUsed?: string;
  /** Confidence level of the intervals. */
  level?: number;
}

/** Options of {@link figure2RowsFromMeans}. */
export interface MeansToFigure2Options {
  /** Panel of every row (default '': one panel without a title). Ignored with `panelBy`. */
  study?: string;
  /**
   * A factor of the means whose levels are the panels (e.g. 'study' for emmeans(fit, ['source', 'study']));
   * the other factors' levels, joined by spaces, make the source. Needs rows with `levels`.
   */
  panelBy?: string;
  /** Panel title of a `panelBy` level (default the level itself). */
  panelLabel?: (level: string) => string;
  /** Tick label of a source (default the source itself), e.g. sourceLabel: 'gpt4_high' -> 'GPT4-high'. */
  label?: (source: string) => string;
  /** Sources to draw, in this order (default all, in the order of the means). A source not among the means is an error. */
  order?: readonly string[];
}

/** The source of a mean (its level without the panel factor) and its panel. */
function sourceAndPanel(m: MeanLike, i: number, options: MeansToFigure2Options): { source: string; study: string } {
  if (options.panelBy === undefined) return { source: m.level, study: options.study ?? '' };
  const by = options.panelBy;
  if (!m.levels || !(by in m.levels)) {
    throw new Error(`figure2RowsFromMeans: mean ${i + 1} ('${m.level}') has no level of '${by}' (panelBy needs means of several factors, e.g. emmeans(fit, ['source', '${by}']))`);
  }
  const panel = m.levels[by];
  const source = Object.entries(m.levels)
    .filter(([f]) => f !== by)
    .map(([, v]) => v)
    .join(' ');
  return { source, study: options.panelLabel ? options.panelLabel(panel) : panel };
}

/**
 * Figure 2 rows (mean = emmean, interval = the means' confidence interval) from marginal means.
 * Example: figure2RowsFromMeans(emmeans(fit, 'source'), { study: 'Study 1', label: sourceLabel, order: ['human', 'gpt4'] })
 *   -> [{ study: 'Study 1', source: 'human', label: 'Human', mean: 3.41, lower: 3.2, upper: 3.6 }, { ... 'gpt4' ... }]
 */
export function figure2RowsFromMeans(means: MeansLike, options: MeansToFigure2Options = {}): Figure2Row[] {
  if (means.rows.length === 0) throw new Error('figure2RowsFromMeans: no means given');
  const all = means.rows.map((m, i) => {
    if (m.estimable === false) throw new Error(`figure2RowsFromMeans: the mean of '${m.level}' is not estimable (rank-deficient model)`);
    const { source, study } = sourceAndPanel(m, i, options);
    return { study, source, label: options.label ? options.label(source) : source, mean: m.emmean, lower: m.lower, upper: m.upper };
  });
  if (options.order === undefined) return all;
  const sources = new Set(all.map((r) => r.source));
  const missing = options.order.filter((s) => !sources.has(s));
  if (missing.length > 0) throw new Error(`figure2RowsFromMeans: no mean for ${missing.map((s) => `'${s}'`).join(', ')} (means of: ${[...sources].join(', ')})`);
  return options.order.flatMap((s) => all.filter((r) => r.source === s));
}

/**
 * A Figure 2 series from marginal means: the rows of {@link figure2RowsFromMeans}, method 'model'
 * (default) and the means' confidence level for the legend.
 * Example: figure2([paperSeries, figure2SeriesFromMeans(emm, { study: 'Study 1' })], { scale: { min: 1, max: 5 } })
 */
export function figure2SeriesFromMeans(
  means: MeansLike,
  options: MeansToFigure2Options & { method?: ErrorBarMethod; name?: string } = {},
): Figure2Series {
  return {
    method: options.method ?? 'model',
    rows: figure2RowsFromMeans(means, options),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(means.level === undefined ? {} : { level: means.level }),
  };
}

/** Options of {@link forestRowsFromContrasts}. */
export interface ContrastsToForestOptions {
  /**
   * Label of each side of a contrast "a - b" (e.g. sourceLabel): the sides are relabelled and joined
   * by a minus sign (" − "). Ignored when `label` is given.
   */
  levelLabel?: (level: string) => string;
  /** Row label of a contrast (default: the contrast with " - " written " − "). */
  label?: (contrast: string) => string;
}

/**
 * Forest-plot rows from a contrast table: estimate, interval and adjusted p of each contrast, the
 * table's interval adjustment (ciAdjustUsed, else adjust) and confidence level.
 * Example: forestRowsFromContrasts(emm.pairs(), { levelLabel: sourceLabel })
 *   -> [{ contrast: 'GPT4 − Human', estimate: 0.68, lower: 0.58, upper: 0.78, p: 1e-9, adjust: 'tukey', level: 0.95 }, ...]
 */
export function forestRowsFromContrasts(table: ContrastsLike, options: ContrastsToForestOptions = {}): ForestRow[] {
  if (table.rows.length === 0) throw new Error('forestRowsFromContrasts: no contrasts given');
  const adjust = table.ciAdjustUsed ?? table.adjust;
  const relabel =
    options.label ??
    ((c: string) =>
      c
        .split(' - ')
        .map((side) => (options.levelLabel ? options.levelLabel(side) : side))
        .join(' \u2212 '));
  return table.rows.map((r) => {
    if (r.estimable === false) throw new Error(`forestRowsFromContrasts: the contrast '${r.contrast}' is not estimable (rank-deficient model)`);
    return {
      contrast: relabel(r.contrast),
      estimate: r.estimate,
      lower: r.lower,
      upper: r.upper,
      ...(r.p === undefined ? {} : { p: r.p }),
      adjust,
      ...(table.level === undefined ? {} : { level: table.level }),
    };
  });
}
