/**
 * Figures at journal sizes with the texts that must appear in them (by SVG class), shared by the
 * export tests (text present, inside, not overlapping) and the font tests (same bytes without the
 * machine's fonts).
 */
import { diagnosticFigures, diagnosticsGrid } from '../../src/figures/diagnostics';
import { defaultSeriesName, figure2 } from '../../src/figures/figure2';
import { figure3 } from '../../src/figures/figure3';
import { forestPlot } from '../../src/figures/forest';
import { figureSize } from '../../src/figures/theme';
import type { Figure, FigureSize } from '../../src/figures/types';
import { diagnosticsInput, FOREST_ROWS, LEE_SCALE, MODEL_FIGURE2, PAPER_FIGURE2, figure3Rows } from './fixtures';

const fig2 = figure2(
  [
    { method: 'paper', rows: PAPER_FIGURE2 },
    { method: 'model', rows: MODEL_FIGURE2 },
  ],
  LEE_SCALE,
);
const diag = diagnosticsInput(1500);

/** Figures at journal sizes with texts that must appear, by SVG class. */
export const CASES: { name: string; fig: Figure; size: FigureSize; expect: Record<string, string[]> }[] = [
  {
    name: 'figure 2, double column',
    fig: fig2,
    size: figureSize('double', 80),
    expect: {
      ytitle: ['Mean empathy rating (1\u20135)'],
      legendtext: [defaultSeriesName('paper'), defaultSeriesName('model')],
      xtick: ['Human', 'GPT4', 'Llama2', 'Mistral', 'GPT4-low', 'GPT4-high'],
      'annotation-text': ['Study 1', 'Study 2'],
    },
  },
  {
    // Built at the default double-column size, exported at single-column width: plotly re-lays it out.
    name: 'figure 2, single column',
    fig: figure2({ method: 'paper', rows: PAPER_FIGURE2 }, LEE_SCALE),
    size: figureSize('single', 70),
    expect: { ytitle: ['Mean empathy rating (1\u20135)'], legendtext: [defaultSeriesName('paper')], x2tick: ['GPT4', 'Llama2', 'Mistral'] },
  },
  {
    name: 'figure 3, double column',
    fig: figure3(figure3Rows()),
    size: figureSize('double', 70),
    expect: { ytitle: ['Percent of words (%)'], legendtext: ['GPT4', 'Llama2', 'Mistral'], 'annotation-text': ['Pronouns', 'Punctuation', 'Emotion words'] },
  },
  {
    // Built at the size it is exported at (panel titles wrap to fit narrow panels).
    name: 'figure 3, single column',
    fig: figure3(figure3Rows(), { size: figureSize('single', 75) }),
    size: figureSize('single', 75),
    expect: { ytitle: ['Percent of words (%)'], legendtext: ['GPT4', 'Llama2', 'Mistral'], x3tick: ['positive', 'negative'] },
  },
  {
    name: 'forest plot, single column',
    fig: forestPlot(FOREST_ROWS, { scale: LEE_SCALE.scale }),
    size: figureSize('single', 60),
    expect: {
      xtitle: ['Difference in mean rating (points, 1\u20135 scale)'],
      legendtext: ['Estimate, 95% CI (Tukey-adjusted)'],
      ytick: FOREST_ROWS.map((r) => r.contrast),
      'annotation-text': ['p < .001', 'p = .13', 'p = 1.00'],
    },
  },
  {
    name: 'diagnostics grid, double column',
    fig: diagnosticsGrid(diag),
    size: figureSize('double', 124),
    expect: {
      xtitle: ['Fitted value (rating points)'],
      ytitle: ['Residual (rating points)'],
      x2title: ['Normal quantile (z)'],
      y3title: ['Conditional mode (rating points)'],
      'annotation-text': ['Normal QQ: (Intercept) | post', 'Normal QQ: (Intercept) | rater'],
    },
  },
  {
    name: 'residuals vs fitted, single column',
    fig: diagnosticFigures(diag).residualsVsFitted,
    size: figureSize('single', 70),
    expect: { xtitle: ['Fitted value (rating points)'], ytitle: ['Residual (rating points)'] },
  },
];

