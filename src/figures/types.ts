/**
 * Plain plotly figure objects as the builders in src/figures return them: JSON-serialisable
 * `{ data, layout, config }`, the same shape Plotly.newPlot, tslab's plotly MIME output and
 * {@link exportFigure} take. Only the trace types of plotly.js-basic-dist-min (bar, scatter, pie)
 * are used. The fields the builders set are typed; anything else plotly accepts may be added.
 */

/** Asymmetric error bars in data units: the bar/point at v spans [v - arrayminus, v + array]. */
export interface ErrorBars {
  type: 'data';
  symmetric: false;
  array: number[];
  arrayminus: number[];
  visible: true;
  color?: string;
  thickness?: number;
  width?: number;
}

/** A bar trace (vertical unless orientation is 'h'). */
export interface BarTrace {
  type: 'bar';
  name: string;
  x: (string | number)[];
  y: (string | number)[];
  orientation?: 'v' | 'h';
  error_y?: ErrorBars;
  xaxis?: string;
  yaxis?: string;
  marker?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A scatter trace (points, lines or text). */
export interface ScatterTrace {
  type: 'scatter';
  name: string;
  x: (string | number)[];
  y: (string | number)[];
  mode: string;
  error_x?: ErrorBars;
  error_y?: ErrorBars;
  xaxis?: string;
  yaxis?: string;
  marker?: Record<string, unknown>;
  [key: string]: unknown;
}

export type Trace = BarTrace | ScatterTrace;

/** Plotly layout. Width and height are CSS pixels (1 px = 1/96 in); see theme.mmToPx. */
export interface Layout {
  width: number;
  height: number;
  [key: string]: unknown;
}

/** A plotly figure as built here. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config?: Record<string, unknown>;
}

/** Physical size of a figure in millimetres (journal column widths: see theme.COLUMN_WIDTH_MM). */
export interface FigureSize {
  widthMm: number;
  heightMm: number;
}
