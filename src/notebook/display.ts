/**
 * Rich output for notebooks on the tslab kernel: tables, HTML, text and plotly figures.
 *
 * Each call sends one display_data message carrying a MIME bundle (several representations of
 * the same thing; the front end picks the richest it can render). Outside a tslab kernel (a
 * script, a test) the plain-text representation is printed to stdout instead.
 *
 * Figures render offline everywhere: the first figure of a kernel session inlines plotly.js
 * (node_modules/plotly.js-basic-dist-min, about 1.2 MB) into its HTML output, later figures reuse
 * window.Plotly. Figure ids come from a counter, so executing a notebook twice gives identical
 * outputs.
 *
 * @example
 *   import { showTable, showFigure } from './src/notebook/display';
 *   showTable(rows, { decimals: 2, caption: 'Mean empathy rating by source' });
 *   showFigure({ data: [{ type: 'bar', x: ['human', 'gpt4'], y: [2.9, 3.6] }], layout: { title: 'Means' } });
 */
import { figureBundle, type MimeBundle, type PlotlyFigure } from './figure';
import { tableHtml, tableText, type TableInput, type TableOptions } from './table';

export type { MimeBundle, PlotlyFigure } from './figure';
export type { DataFrameLike, TableInput, TableOptions } from './table';

/** Receives every MIME bundle the show* functions produce. */
export type DisplaySink = (bundle: MimeBundle) => void;

/** Per-kernel-session state, kept on globalThis so that a re-compiled module does not reset it. */
interface DisplaySession {
  /** Figures shown so far in this kernel session. */
  figures: number;
  /** True once a figure output carried plotly.js. */
  plotlyInlined: boolean;
  /** Replaces the kernel (or stdout) as receiver of bundles; null = default. */
  sink: DisplaySink | null;
}

const SESSION_KEY = '__empathyLabDisplaySession';

function session(): DisplaySession {
  const g = globalThis as unknown as Record<string, DisplaySession | undefined>;
  let s = g[SESSION_KEY];
  if (!s) {
    s = { figures: 0, plotlyInlined: false, sink: null };
    g[SESSION_KEY] = s;
  }
  return s;
}

/** tslab's display_data writer, when this code runs inside a tslab kernel. */
type TslabWriter = (data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

function tslabWriter(): TslabWriter | null {
  // tslab sets globalThis.__tslab__ and compiles notebook code and src/ as CommonJS.
  if ((globalThis as Record<string, unknown>).__tslab__ === undefined || typeof require !== 'function') return null;
  // The same module instance the kernel uses: it holds the writer of the cell being executed.
  // (tslab's public display.raw sends a single MIME type; a bundle needs the writer itself.)
  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: TslabWriter | null };
  return jupyter.lastWriteDisplayData;
}

/** Sends one MIME bundle as display_data (or prints its text/plain outside a kernel). */
export function displayBundle(bundle: MimeBundle): void {
  const s = session();
  if (s.sink) return s.sink(bundle);
  const write = tslabWriter();
  if (write) return write({ data: bundle, metadata: {}, transient: {} }, false);
  const text = bundle['text/plain'];
  console.log(typeof text === 'string' ? text : JSON.stringify(bundle));
}

/**
 * Routes bundles to `sink` instead of the kernel (null restores the default). For tests and for
 * other front ends; the session state (figure counter, plotly inlined) is unchanged.
 */
export function setDisplaySink(sink: DisplaySink | null): void {
  session().sink = sink;
}

/**
 * Starts a new display session: figure ids restart at 1 and the next figure inlines plotly.js
 * again. A new kernel starts one automatically; call this only if outputs were cleared by hand.
 */
export function resetDisplaySession(): void {
  const s = session();
  s.figures = 0;
  s.plotlyInlined = false;
}

/**
 * Shows a table (row objects or a danfojs DataFrame) as HTML, with a plain-text alternative.
 * Numeric columns are right-aligned with fixed decimals; see {@link TableOptions}.
 */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  displayBundle({ 'text/html': tableHtml(input, options), 'text/plain': tableText(input, options) });
}

/** Shows an HTML fragment (with `text` as its plain-text alternative, if given). */
export function showHtml(html: string, text?: string): void {
  displayBundle(text === undefined ? { 'text/html': html } : { 'text/html': html, 'text/plain': text });
}

/** Shows plain text (monospace, as printed). */
export function showText(text: string): void {
  displayBundle({ 'text/plain': text });
}

/** Options of {@link showFigure}. */
export interface ShowFigureOptions {
  /** Inline plotly.js into this output even if an earlier figure of the session did. */
  inlinePlotly?: boolean;
}

/**
 * Shows a plotly figure `{ data, layout, config? }` in one display_data carrying both the plotly
 * JSON (JupyterLab, VS Code) and HTML that draws it with an inlined plotly.js (classic Notebook).
 */
export function showFigure(fig: PlotlyFigure, options: ShowFigureOptions = {}): void {
  const s = session();
  const inlinePlotly = options.inlinePlotly === true || !s.plotlyInlined;
  const bundle = figureBundle(fig, { figureId: `empathy-lab-figure-${s.figures + 1}`, inlinePlotly });
  s.figures += 1;
  if (inlinePlotly) s.plotlyInlined = true;
  displayBundle(bundle);
}
