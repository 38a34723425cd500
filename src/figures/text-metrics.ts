/**
 * Widths of text in the figures' bundled font (Arimo, ./fonts), from the font's own advance widths,
 * so that builders can wrap or shrink titles and labels to the space they get before plotly lays
 * them out. The glyph advances are read from the WOFF (1.0) files of @fontsource/arimo (the same
 * faces as the WOFF2 files the browser loads): each character takes the face whose unicode-range
 * holds it, as the browser picks it. Kerning is left out (it narrows a few pairs by a fraction of a
 * pixel), so widths are slight overestimates; a character no face has counts 0.6 em.
 *
 * Example: textWidthPx('Human', 8) ≈ 31.4 (8 pt = 10.67 px; "Human" is 2.94 em wide in Arimo).
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { bundledFontFaces } from './fonts';
import { ptToPx } from './theme';

/** Advance widths (in em) of the characters of one face, and the code points its unicode-range selects. */
interface FaceMetrics {
  weight: number;
  ranges: [number, number][];
  /** code point -> advance width in em */
  advance: Map<number, number>;
}

/** Parses a CSS unicode-range ("U+0000-00FF,U+0131") into inclusive code point ranges. */
export function parseUnicodeRange(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const m = /^\s*U\+([0-9A-Fa-f?]+)(?:-([0-9A-Fa-f]+))?\s*$/.exec(part);
    if (!m) throw new Error(`figures: cannot read unicode-range part '${part}'`);
    if (m[1].includes('?')) return [parseInt(m[1].replace(/\?/g, '0'), 16), parseInt(m[1].replace(/\?/g, 'F'), 16)];
    const lo = parseInt(m[1], 16);
    return [lo, m[2] === undefined ? lo : parseInt(m[2], 16)];
  });
}

/** The sfnt tables of a WOFF 1.0 file (each inflated when stored compressed). */
function woffTables(buf: Buffer, file: string): Map<string, Buffer> {
  if (buf.toString('latin1', 0, 4) !== 'wOFF') throw new Error(`figures: ${file} is not a WOFF file`);
  const numTables = buf.readUInt16BE(12);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < numTables; i++) {
    const e = 44 + 20 * i;
    const tag = buf.toString('latin1', e, e + 4);
    const offset = buf.readUInt32BE(e + 4);
    const compLength = buf.readUInt32BE(e + 8);
    const origLength = buf.readUInt32BE(e + 12);
    const raw = buf.subarray(offset, offset + compLength);
    tables.set(tag, compLength < origLength ? inflateSync(raw) : raw);
  }
  return tables;
}

/** Code point -> glyph id from a cmap table (format 12 or 4 subtable of the Windows platform). */
function cmapGlyphs(cmap: Buffer): Map<number, number> {
  const out = new Map<number, number>();
  const n = cmap.readUInt16BE(2);
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < n; i++) {
    subtables.push({ platform: cmap.readUInt16BE(4 + 8 * i), encoding: cmap.readUInt16BE(6 + 8 * i), offset: cmap.readUInt32BE(8 + 8 * i) });
  }
  const pick =
    subtables.find((s) => s.platform === 3 && s.encoding === 10 && cmap.readUInt16BE(s.offset) === 12) ??
    subtables.find((s) => (s.platform === 3 || s.platform === 0) && cmap.readUInt16BE(s.offset) === 4);
  if (!pick) throw new Error('figures: the bundled font has no Unicode cmap');
  const t = cmap.subarray(pick.offset);
  if (t.readUInt16BE(0) === 12) {
    const groups = t.readUInt32BE(12);
    for (let g = 0; g < groups; g++) {
      const start = t.readUInt32BE(16 + 12 * g);
      const end = t.readUInt32BE(20 + 12 * g);
      const glyph = t.readUInt32BE(24 + 12 * g);
      for (let c = start; c <= end; c++) out.set(c, glyph + c - start);
    }
    return out;
  }
  const segX2 = t.readUInt16BE(6);
  const segs = segX2 / 2;
  const endAt = 14;
  const startAt = endAt + segX2 + 2;
  const deltaAt = startAt + segX2;
  const rangeAt = deltaAt + segX2;
  for (let s = 0; s < segs; s++) {
    const end = t.readUInt16BE(endAt + 2 * s);
    const start = t.readUInt16BE(startAt + 2 * s);
    const delta = t.readInt16BE(deltaAt + 2 * s);
    const rangeOffset = t.readUInt16BE(rangeAt + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeAt + 2 * s + rangeOffset + 2 * (c - start);
        glyph = t.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.set(c, glyph);
    }
  }
  return out;
}

function readFace(file: string, weight: number, unicodeRange: string): FaceMetrics {
  const woff = file.replace(/\.woff2$/, '.woff');
  const tables = woffTables(readFileSync(woff), woff);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (!head || !hhea || !hmtx || !cmap) throw new Error(`figures: ${woff} lacks a head, hhea, hmtx or cmap table`);
  const unitsPerEm = head.readUInt16BE(18);
  const numberOfHMetrics = hhea.readUInt16BE(34);
  const advance = new Map<number, number>();
  for (const [code, glyph] of cmapGlyphs(cmap)) {
    const g = Math.min(glyph, numberOfHMetrics - 1);
    advance.set(code, hmtx.readUInt16BE(4 * g) / unitsPerEm);
  }
  return { weight, ranges: parseUnicodeRange(unicodeRange), advance };
}

let facesCache: FaceMetrics[] | undefined;

function faces(): FaceMetrics[] {
  if (facesCache === undefined) facesCache = bundledFontFaces().map((f) => readFace(f.file, f.weight, f.unicodeRange));
  return facesCache;
}

/** Width of one character in em in the bundled font at `weight` (0.6 when no face has it). */
export function charWidthEm(codePoint: number, weight = 400): number {
  const own = faces().filter((f) => f.weight === weight);
  if (own.length === 0) throw new Error(`figures: the bundled font has no weight ${weight}`);
  const face = own.find((f) => f.ranges.some(([lo, hi]) => codePoint >= lo && codePoint <= hi)) ?? own.find((f) => f.advance.has(codePoint));
  return face?.advance.get(codePoint) ?? 0.6;
}

/**
 * Width in CSS px of one line of plain text (no markup) at `pt` points in the bundled font.
 * Example: textWidthPx('Human', 8) ≈ 31.4.
 */
export function textWidthPx(text: string, pt: number, weight = 400): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch.codePointAt(0) as number, weight);
  return em * ptToPx(pt);
}
