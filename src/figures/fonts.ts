/**
 * The figures' own font: Arimo (metric-compatible with Arial; SIL Open Font License 1.1, from the npm
 * package @fontsource/arimo, see licenses/arimo.md), as CSS @font-face rules whose WOFF2 files are
 * inlined as data: URLs. The export page, the SVG it rasterises to PNG and the HTML of notebook
 * figures load these rules, so text is measured and drawn with the same glyphs on every machine,
 * whatever fonts the machine has (Debian's chromium only *recommends* an Arial-like font).
 *
 * Exported SVG files name the family first and Arial-compatible fallbacks after it (theme.FONT_FAMILY)
 * and do not embed it: see README, "Figures".
 *
 * Example: `<style>${fontFaceCss()}</style>` in a page, then text in `font-family: Arimo`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fromRoot } from '../util/paths';

/** The bundled family, first in theme.FONT_FAMILY. */
export const BUNDLED_FONT_FAMILY = 'Arimo';

/** Weights the figures use: regular text and bold panel titles. */
export const BUNDLED_FONT_WEIGHTS = [400, 700] as const;

/** One @font-face of the bundle: a weight, a Unicode subset and its WOFF2 file. */
export interface BundledFontFace {
  weight: number;
  /** CSS unicode-range of the subset, e.g. "U+0000-00FF,U+0131,...". */
  unicodeRange: string;
  /** Absolute path of the .woff2 file. */
  file: string;
}

function fontsourceDir(): string {
  const req = createRequire(fromRoot('package.json'));
  try {
    return dirname(req.resolve('@fontsource/arimo/LICENSE'));
  } catch {
    throw new Error('figures: the bundled font @fontsource/arimo is not installed (run npm ci in the project root)');
  }
}

/**
 * The faces of the bundle, read from @fontsource/arimo's own CSS (`400.css`, `700.css`): one per
 * weight and Unicode subset (latin, latin-ext, greek, cyrillic, ...), normal style.
 */
export function bundledFontFaces(): BundledFontFace[] {
  const dir = fontsourceDir();
  const faces: BundledFontFace[] = [];
  for (const weight of BUNDLED_FONT_WEIGHTS) {
    const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (!file || !range) throw new Error(`figures: unexpected @font-face in @fontsource/arimo/${weight}.css`);
      faces.push({ weight, unicodeRange: range.trim(), file: join(dir, file) });
    }
  }
  if (!faces.some((f) => f.unicodeRange.startsWith('U+0000-00FF'))) throw new Error('figures: @fontsource/arimo has no latin subset');
  return faces;
}

let cssCache: string | undefined;

/** The @font-face rules of the bundle with the fonts inlined (about 200 kB of CSS; cached). */
export function fontFaceCss(): string {
  if (cssCache === undefined) {
    cssCache = bundledFontFaces()
      .map(
        (f) =>
          `@font-face{font-family:'${BUNDLED_FONT_FAMILY}';font-style:normal;font-weight:${f.weight};font-display:block;` +
          `src:url(data:font/woff2;base64,${readFileSync(f.file).toString('base64')}) format('woff2');unicode-range:${f.unicodeRange};}`,
      )
      .join('\n');
  }
  return cssCache;
}

/**
 * `svg` with the bundle's @font-face rules in a <style> right after the root's opening tag. An SVG
 * drawn as an image (as the PNG export does) cannot use the page's fonts, only its own.
 */
export function withEmbeddedFont(svg: string): string {
  const m = /<svg\b[^>]*>/.exec(svg);
  if (!m) throw new Error('figures: no <svg> element to embed the font in');
  const end = m.index + m[0].length;
  return `${svg.slice(0, end)}<style>${fontFaceCss()}</style>${svg.slice(end)}`;
}

/** Where the system's fontconfig file usually is (included by {@link fontconfigFile} for fallback glyphs). */
export const SYSTEM_FONTCONFIG = '/etc/fonts/fonts.conf';

/**
 * A fontconfig file for the export browser (its FONTCONFIG_FILE): the system's configuration (its
 * fonts serve only glyphs Arimo lacks) or, with `systemFonts: false`, no font at all (tests use it to
 * prove that no figure needs one), then fixed rendering rules. Glyph hinting and antialiasing come
 * from fontconfig, and the machine's rules (hintslight on Debian, full hinting when none) change text
 * widths by a fraction of a pixel, which moves plotly's layout: so they are set here, the same
 * everywhere. Written under the system's temporary folder; returns its path.
 */
export function fontconfigFile(options: { systemFonts?: boolean } = {}): string {
  const systemFonts = options.systemFonts ?? true;
  const dir = join(tmpdir(), `empathy-lab-fontconfig-${systemFonts ? 'system' : 'bundled-only'}-${process.getuid?.() ?? 0}`);
  const assign = (name: string, value: string) => `<edit name="${name}" mode="assign">${value}</edit>`;
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    systemFonts ? `  <include ignore_missing="yes">${SYSTEM_FONTCONFIG}</include>` : '',
    `  <cachedir>${join(dir, 'cache')}</cachedir>`,
    '  <match target="font">',
    `    ${assign('antialias', '<bool>true</bool>')}`,
    `    ${assign('hinting', '<bool>false</bool>')}`,
    `    ${assign('hintstyle', '<const>hintnone</const>')}`,
    `    ${assign('autohint', '<bool>false</bool>')}`,
    `    ${assign('rgba', '<const>none</const>')}`,
    `    ${assign('lcdfilter', '<const>lcdnone</const>')}`,
    `    ${assign('embeddedbitmap', '<bool>false</bool>')}`,
    '  </match>',
    '</fontconfig>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, xml);
  return file;
}
