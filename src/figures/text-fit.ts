/**
 * Fitting titles and labels into the space a figure gives them, measured in the bundled font
 * (./text-metrics): wrap at spaces first, then shrink (down to {@link MIN_FONT_PT}) when a word is
 * still too wide or the text needs more lines than allowed. Builders use it so that a figure built
 * at single-column width (85 mm) keeps every text inside the figure.
 *
 * Example: fitText('Difference in mean helpfulness (points, 1–3 scale)', { maxWidthPx: 150, pt: 8.5 })
 *   -> { lines: ['Difference in mean helpfulness', '(points, 1–3 scale)'], pt: 8.5, fits: true }
 */
import { MIN_FONT_PT } from './theme';
import { textWidthPx } from './text-metrics';

/** Widths are measured without kerning and the browser rounds: keep this much (fraction, then px) spare. */
const SAFETY_FRACTION = 0.02;
const SAFETY_PX = 1;

/** True when `text` holds plotly label markup (<br>, <i>, <sup>, ...): such text is not re-wrapped. */
export function hasMarkup(text: string): boolean {
  return /<[a-z/][^>]*>/i.test(text);
}

/** Width in px one line of label text takes when drawn (tags left out), with a small allowance for rounding. */
export function drawnWidthPx(text: string, pt: number, weight = 400): number {
  return textWidthPx(text.replace(/<[^>]*>/g, ''), pt, weight) * (1 + SAFETY_FRACTION) + SAFETY_PX;
}

/**
 * Words of `text` that may not be split: runs between spaces, with a lone dash or minus sign kept
 * with the word after it (so "A − B" breaks as "A" / "− B", never "A −" / "B").
 */
export function unbreakableWords(text: string): string[] {
  const words: string[] = [];
  let carry = '';
  for (const w of text.split(/\s+/).filter((x) => x !== '')) {
    if (/^[\u2212\u2013\u2014-]$/.test(w)) carry = carry === '' ? w : `${carry} ${w}`;
    else {
      words.push(carry === '' ? w : `${carry} ${w}`);
      carry = '';
    }
  }
  if (carry !== '') words.push(carry);
  return words;
}

/** Greedy wrap of words at spaces. */
function greedyLines(text: string, maxWidthPx: number, pt: number, weight: number): string[] {
  const lines: string[] = [];
  for (const word of unbreakableWords(text)) {
    const last = lines.length - 1;
    if (last >= 0 && drawnWidthPx(`${lines[last]} ${word}`, pt, weight) <= maxWidthPx) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length === 0 ? [''] : lines;
}

/**
 * Breaks `text` into lines at most `maxWidthPx` wide at `pt` (greedy, at spaces; a wider word keeps
 * its own line). A closing parenthesis ("... (points, 1–5 scale)") starts a line of its own when that
 * takes no more lines. Text with markup keeps its own lines (split at its <br>s only).
 */
export function wrapToWidth(text: string, maxWidthPx: number, pt: number, weight = 400): string[] {
  if (hasMarkup(text)) return text.split(/<br\s*\/?>/i);
  const greedy = greedyLines(text, maxWidthPx, pt, weight);
  const paren = /^(.*\S)\s+(\([^()]*\))$/.exec(text.trim());
  if (greedy.length === 1 || !paren) return greedy;
  const split = [...greedyLines(paren[1], maxWidthPx, pt, weight), ...greedyLines(paren[2], maxWidthPx, pt, weight)];
  return split.length <= greedy.length ? split : greedy;
}

/** Options of {@link fitText}. */
export interface FitTextOptions {
  /** Width the text may take, px. */
  maxWidthPx: number;
  /** The theme's size of this text, points. */
  pt: number;
  /** Smallest size it may shrink to (default {@link MIN_FONT_PT}). */
  minPt?: number;
  /** Most lines it may take (default 3). */
  maxLines?: number;
  /** Font weight (default 400). */
  weight?: number;
}

/** Text broken into lines at a size; `fits` is false when even the smallest size leaves a line too wide or too many lines. */
export interface FittedText {
  lines: string[];
  pt: number;
  fits: boolean;
}

/** Sizes tried from `pt` down to `minPt` in steps of 0.5 pt. */
function sizesFrom(pt: number, minPt: number): number[] {
  const out = [pt];
  for (let s = Math.ceil(pt * 2 - 1) / 2; s >= minPt; s -= 0.5) if (s < pt) out.push(s);
  return out;
}

/** Whether lines fit the width and line count. */
function linesFit(lines: readonly string[], o: Required<FitTextOptions>, pt: number): boolean {
  return lines.length <= o.maxLines && lines.every((l) => drawnWidthPx(l, pt, o.weight) <= o.maxWidthPx);
}

/**
 * Labels fitted at one common size: the largest size (0.5 pt steps from `pt` down to `minPt`) at
 * which every label wraps within the width in at most `maxLines` lines; else the largest size at
 * which every line fits the width in more lines (shrinking only for a word wider than the width);
 * else `minPt` with `fits: false` (the export check then reports the overflow).
 */
export function fitLabels(labels: readonly string[], options: FitTextOptions): { lines: string[][]; pt: number; fits: boolean } {
  const o: Required<FitTextOptions> = { minPt: MIN_FONT_PT, maxLines: 3, weight: 400, ...options };
  const sizes = sizesFrom(o.pt, Math.min(o.pt, o.minPt));
  const wrapAt = (pt: number) => labels.map((l) => wrapToWidth(l, o.maxWidthPx, pt, o.weight));
  for (const maxLines of [o.maxLines, Infinity]) {
    for (const pt of sizes) {
      const lines = wrapAt(pt);
      if (lines.every((ls) => linesFit(ls, { ...o, maxLines }, pt))) return { lines, pt, fits: true };
    }
  }
  const pt = sizes[sizes.length - 1];
  return { lines: wrapAt(pt), pt, fits: false };
}

/**
 * `text` fitted into `maxWidthPx` (see {@link fitLabels}): wrapped at spaces at the theme's size
 * when that takes at most `maxLines` lines, else shrunk, else in more lines.
 */
export function fitText(text: string, options: FitTextOptions): FittedText {
  const { lines, pt, fits } = fitLabels([text], options);
  return { lines: lines[0], pt, fits };
}

/**
 * Lines as one plotly label: joined by <br>. The text is not escaped: titles and tick labels are
 * plotly label markup, as the builders have always passed them.
 */
export function linesMarkup(lines: readonly string[]): string {
  return lines.join('<br>');
}
