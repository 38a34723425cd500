/**
 * Builds the MIME bundle of a plotly figure for notebook output. Pure functions: showFigure in
 * ./display keeps the session state (figure counter, whether plotly.js was already inlined).
 *
 * The bundle carries the figure twice, so every front end draws it without network access:
 * - 'application/vnd.plotly.v1+json': `{ data, layout, config }`, drawn by JupyterLab and VS Code;
 * - 'text/html': a placeholder div plus an inline script that draws the figure with plotly.js
 *   (classic Jupyter Notebook, which has no plotly renderer, runs such scripts in trusted
 *   notebooks). The first figure of a kernel session also carries plotly.js itself and the
 *   figures' bundled font (Arimo, see src/figures/fonts), which the script waits for before drawing,
 *   so plotly measures text with the font the exported files use.
 */
import { readFileSync } from 'node:fs';
import { BUNDLED_FONT_FAMILY, fontFaceCss } from '../figures/fonts';
import { fromRoot } from '../util/paths';
import { escapeHtml } from '../format/index';

/** A plotly figure: the arguments of Plotly.newPlot (src/figures builders return this shape). */
export interface PlotlyFigure {
  data: readonly unknown[];
  layout?: object;
  config?: object;
}

/** A notebook MIME bundle: MIME type to content (string or JSON value). */
export type MimeBundle = Record<string, unknown>;

/** MIME type of plotly figures in Jupyter (JupyterLab, VS Code). */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** Config used when the figure has none: no plotly logo, resizes with the output area. */
export const DEFAULT_PLOTLY_CONFIG: Readonly<Record<string, unknown>> = { displaylogo: false, responsive: true };

/** Path of the plotly.js bundle that is inlined (the basic dist: bar, scatter, pie traces). */
export function plotlyBundlePath(): string {
  return fromRoot('node_modules', 'plotly.js-basic-dist-min', 'plotly-basic.min.js');
}

/**
 * A script element that runs `source` with `define`, `module` and `exports` hidden, so a UMD
 * bundle sets its browser global instead of registering a module. The classic Notebook page loads
 * require.js: a UMD wrapper that sees its global `define` (or a `module`) would not set
 * window.Plotly. `</script` inside the source is escaped so the HTML parser cannot end the
 * element early.
 */
export function globalScriptElement(source: string): string {
  return (
    '<script type="text/javascript">(function (define, module, exports) {\n' +
    source.replace(/<\/(script)/gi, '<\\/$1') +
    '\n}).call(window, undefined, undefined, undefined);</script>'
  );
}

let plotlyScriptCache: string | null = null;

/** plotly.js (the basic bundle) as an inline script that defines window.Plotly. */
export function plotlyInlineScript(): string {
  if (plotlyScriptCache === null) plotlyScriptCache = globalScriptElement(readFileSync(plotlyBundlePath(), 'utf8'));
  return plotlyScriptCache;
}

/** JSON that is safe inside an inline script (no `</script>`, no `<!--`, no U+2028/2029). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The figure's title text, if its layout has one (string or `{ text }`). */
export function figureTitle(fig: PlotlyFigure): string | undefined {
  const title = (fig.layout as { title?: unknown } | undefined)?.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return undefined;
}

/** Options of {@link figureBundle}. */
export interface FigureBundleOptions {
  /** Id that ties the placeholder div to its script; must be unique within the notebook. */
  figureId: string;
  /** Inline plotly.js and the figures' font into this output (do it for the first figure of a kernel session). */
  inlinePlotly: boolean;
}

/**
 * The MIME bundle of one figure (plotly JSON, HTML with drawing script, plain-text summary).
 *
 * The HTML script draws into every not-yet-drawn div carrying `data-figure-id` (so a stale copy
 * with the same id, left by an earlier run, cannot capture the drawing) and, when plotly.js is
 * not in the page, says so in the div instead of failing silently.
 */
export function figureBundle(fig: PlotlyFigure, options: FigureBundleOptions): MimeBundle {
  if (!fig || !Array.isArray(fig.data)) throw new TypeError('showFigure: expected a plotly figure { data: [...], layout?, config? }.');
  const spec = { data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? DEFAULT_PLOTLY_CONFIG };
  const title = figureTitle(fig);
  const label = `plotly figure${title ? `: ${title}` : ''} (${fig.data.length} trace${fig.data.length === 1 ? '' : 's'})`;
  const id = escapeHtml(options.figureId);
  const placeholder =
    `<div class="empathy-lab-figure" data-figure-id="${id}" style="width:100%">` +
    `<div style="color:#777;font-style:italic;padding:8px 0">[${escapeHtml(label)}: drawn by the script of this output; ` +
    'if this text stays, the notebook is not trusted (File &gt; Trust Notebook) or its scripts did not run]</div></div>';
  const draw =
    '<script type="text/javascript">(function () {\n' +
    `  var spec = ${scriptSafeJson(spec)};\n` +
    `  var divs = document.querySelectorAll('div.empathy-lab-figure[data-figure-id="${id}"]:not([data-drawn])');\n` +
    // the bundled font first (when this page has it), so plotly lays text out in it
    `  var fonts = document.fonts && document.fonts.load ? Promise.all([document.fonts.load('400 10px ${BUNDLED_FONT_FAMILY}'), document.fonts.load('700 10px ${BUNDLED_FONT_FAMILY}')]) : Promise.resolve();\n` +
    '  fonts.catch(function () {}).then(function () {\n' +
    '  for (var i = 0; i < divs.length; i++) {\n' +
    '    var div = divs[i];\n' +
    '    div.setAttribute("data-drawn", "1");\n' +
    '    if (!window.Plotly) {\n' +
    '      div.textContent = "Figure not drawn: plotly.js is not loaded in this page (it is inlined in the first figure of a kernel session). Run Kernel > Restart & Run All.";\n' +
    '      continue;\n' +
    '    }\n' +
    '    div.textContent = "";\n' +
    '    window.Plotly.newPlot(div, spec.data, spec.layout, spec.config);\n' +
    '  }\n' +
    '  });\n' +
    '})();</script>';
  return {
    [PLOTLY_MIME]: spec,
    'text/html': placeholder + (options.inlinePlotly ? `<style>${fontFaceCss()}</style>${plotlyInlineScript()}` : '') + draw,
    'text/plain': `<${label}>`,
  };
}
