/**
 * One look for every figure: the Okabe-Ito colour-blind-safe palette, a sans-serif font at print
 * sizes (points), journal column widths in millimetres, and the mm -> CSS px conversion plotly
 * lays out in (1 px = 1/96 inch). A figure built at 85 mm wide is laid out 321 px wide with 8 pt
 * (10.7 px) text, so the exported SVG/PDF at 85 mm shows 8 pt text, as journals ask.
 */
import type { FigureSize, Layout } from './types';

/** Okabe & Ito (2008) palette, distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Order in which colours are handed out to series without a fixed colour (yellow last: weak on white). */
export const SERIES_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Fixed colours for the response sources of rating studies, so a model has one colour in every figure. */
export const SOURCE_COLORS: Readonly<Record<string, string>> = {
  human: OKABE_ITO.vermillion,
  gpt4: OKABE_ITO.blue,
  gpt4_high: OKABE_ITO.skyBlue,
  gpt4_low: OKABE_ITO.reddishPurple,
  llama2: OKABE_ITO.orange,
  mistral: OKABE_ITO.bluishGreen,
};

/** Canonical key of a source name: lower case, '-' and spaces as '_' ("GPT4-high" -> "gpt4_high"). */
export function sourceKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Colour of a named series: the fixed colour of a known source, else the `index`-th colour of
 * {@link SERIES_COLORS}. Example: colorFor('Llama2', 0) === OKABE_ITO.orange.
 */
export function colorFor(name: string, index: number): string {
  return SOURCE_COLORS[sourceKey(name)] ?? SERIES_COLORS[index % SERIES_COLORS.length];
}

/** Journal column widths in mm (single about 85 mm, 1.5 columns about 114 mm, double about 175 mm). */
export const COLUMN_WIDTH_MM = { single: 85, onehalf: 114, double: 175 } as const;
export type ColumnWidth = keyof typeof COLUMN_WIDTH_MM;

/** Millimetres to CSS pixels (96 per inch). mmToPx(25.4) === 96. */
export function mmToPx(mm: number): number {
  return (mm / 25.4) * 96;
}

/** CSS pixels to millimetres. */
export function pxToMm(px: number): number {
  return (px / 96) * 25.4;
}

/** Typographic points (1/72 inch) to CSS pixels. ptToPx(9) === 12. */
export function ptToPx(pt: number): number {
  return (pt / 72) * 96;
}

/**
 * Font family: Arimo, bundled with the project and loaded by the export page and notebook outputs
 * (see ./fonts), so figures look the same on every machine; then Arial and its metric twins, for an
 * exported SVG opened where Arimo is not installed.
 */
export const FONT_FAMILY = "Arimo, Arial, 'Liberation Sans', Helvetica, sans-serif";

/** Text sizes in points. */
export const FONT_PT = { tick: 8, axisTitle: 8.5, panelTitle: 9, legend: 8, annotation: 7.5 } as const;

/** Smallest text size in points a builder may shrink a title or label to (journals ask for at least 6 pt). */
export const MIN_FONT_PT = 6;

/** Plotly's line height of multi-line text, in em (its LINE_SPACING). */
export const LINE_HEIGHT_EM = 1.3;

/** Colour of text, axis lines and error bars. */
export const INK = '#222222';
/** Colour of grid lines. */
export const GRID = '#E3E3E3';

/** A size as a width in mm (or a named column) and a height in mm. */
export function figureSize(width: ColumnWidth | number, heightMm: number): FigureSize {
  const widthMm = typeof width === 'number' ? width : COLUMN_WIDTH_MM[width];
  if (!(widthMm > 0) || !(heightMm > 0)) throw new Error(`figure size must be positive (got ${widthMm} x ${heightMm} mm)`);
  return { widthMm, heightMm };
}

/** Plotly font object at `pt` points. */
export function font(pt: number, color: string = INK): { family: string; size: number; color: string } {
  return { family: FONT_FAMILY, size: ptToPx(pt), color };
}

/** Options of {@link axis}. */
export interface AxisOptions {
  /** Draw grid lines (use on the value axis only). */
  grid?: boolean;
  /** Fixed range [min, max] in data units. */
  range?: [number, number];
  /** Subplot domain [from, to] as fractions of the plotting area. */
  domain?: [number, number];
  /** The axis this one is drawn against ('x', 'y2', ...), for subplots. */
  anchor?: string;
  /** Show the title (default true). */
  showTitle?: boolean;
  [key: string]: unknown;
}

/** A plotly axis in the theme: black line, outside ticks, title with units, margins grown to fit labels. */
export function axis(title: string, options: AxisOptions = {}): Record<string, unknown> {
  const { grid = false, showTitle = true, ...rest } = options;
  return {
    title: showTitle ? { text: title, font: font(FONT_PT.axisTitle), standoff: 4 } : { text: '' },
    showline: true,
    linecolor: INK,
    linewidth: 1,
    ticks: 'outside',
    ticklen: 3,
    tickwidth: 1,
    tickcolor: INK,
    tickfont: font(FONT_PT.tick),
    showgrid: grid,
    gridcolor: GRID,
    gridwidth: 0.75,
    zeroline: false,
    automargin: true,
    fixedrange: false,
    ...rest,
  };
}

/** Base layout of every figure at `size`: fonts, white background, small margins, legend on top. */
export function baseLayout(size: FigureSize, extra: Record<string, unknown> = {}): Layout {
  return {
    width: Math.round(mmToPx(size.widthMm)),
    height: Math.round(mmToPx(size.heightMm)),
    font: font(FONT_PT.tick),
    paper_bgcolor: '#FFFFFF',
    plot_bgcolor: '#FFFFFF',
    margin: { l: 8, r: 8, t: 8, b: 8, pad: 0 },
    showlegend: true,
    legend: {
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: 1.0,
      yanchor: 'bottom',
      font: font(FONT_PT.legend),
      bgcolor: 'rgba(255,255,255,0)',
      itemwidth: 30,
      tracegroupgap: 0,
    },
    hoverlabel: { font: { family: FONT_FAMILY, size: ptToPx(9) } },
    hovermode: 'closest',
    // The physical size the figure was built for (export reads it back: px are rounded).
    meta: { widthMm: size.widthMm, heightMm: size.heightMm },
    ...extra,
  };
}

/** Plotly config for notebooks: no logo, camera button saves SVG at the figure's size. */
export function baseConfig(filename: string): Record<string, unknown> {
  return {
    displaylogo: false,
    responsive: false,
    toImageButtonOptions: { format: 'svg', filename },
    modeBarButtonsToRemove: ['lasso2d', 'select2d'],
  };
}

/**
 * A panel title placed above a subplot (paper coordinates: x = centre of the domain). When
 * `maxWidthPx` is given and the title would be wider (estimated at 0.6 em per character, bold),
 * it is broken into lines at spaces.
 */
export function panelTitle(text: string, xCenter: number, y = 1, maxWidthPx?: number): Record<string, unknown> {
  const px = ptToPx(FONT_PT.panelTitle);
  const lines = maxWidthPx === undefined ? [text] : wrapWords(text, Math.max(1, Math.floor(maxWidthPx / (0.6 * px))));
  return {
    text: lines.map((l) => `<b>${escapeText(l)}</b>`).join('<br>'),
    x: xCenter,
    xref: 'paper',
    xanchor: 'center',
    y,
    yref: 'paper',
    yanchor: 'bottom',
    yshift: 2,
    showarrow: false,
    font: font(FONT_PT.panelTitle),
  };
}

/**
 * A legend entry that fits a horizontal legend across a figure `widthMm` wide: broken into
 * lines at spaces (estimated at 0.56 em per character, 40 px for the symbol and margins).
 */
export function legendLabel(text: string, widthMm: number): string {
  const maxChars = Math.max(12, Math.floor((mmToPx(widthMm) - 40) / (0.56 * ptToPx(FONT_PT.legend))));
  return wrapWords(text, maxChars).map(escapeText).join('<br>');
}

/** Splits `text` at spaces into lines of at most `maxChars` characters (a longer word keeps its own line). */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= maxChars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length === 0 ? [''] : lines;
}

/** Escapes text for plotly's HTML-like labels (&, <, >). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Formats a number with `digits` decimals, using a true minus sign. formatNumber(-0.5, 2) === '−0.50'. */
export function formatNumber(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
}

/** A p-value in APA style: "p < .001", "p = .041" (no leading zero). */
export function formatP(p: number): string {
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new Error(`p-value must be in [0, 1] (got ${p})`);
  if (p < 0.001) return 'p < .001';
  const s = p < 0.01 ? p.toFixed(3) : p.toFixed(2);
  return `p = ${s.replace(/^0/, '')}`;
}

/** Splits domain [0, 1] into `n` panels with a gap (fraction) between them, widths proportional to `weights`. */
export function panelDomains(weights: readonly number[], gap: number): [number, number][] {
  const n = weights.length;
  if (n === 0) return [];
  const total = weights.reduce((a, b) => a + b, 0);
  const usable = 1 - gap * (n - 1);
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const w = (usable * weights[i]) / total;
    const end = i === n - 1 ? 1 : start + w;
    out.push([start, end]);
    start = end + gap;
  }
  return out;
}
