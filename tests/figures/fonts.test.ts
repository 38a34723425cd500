/**
 * Figures carry their own font (Arimo, bundled): every test figure exported by a browser that sees
 * the machine's fonts and by one that sees no font at all (a fontconfig without font folders) gives
 * the same SVG, PDF and PNG bytes, and passes the text checks in both. A negative control shows that
 * the second browser really has no system font.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureExporter } from '../../src/figures/export';
import { BUNDLED_FONT_FAMILY, bundledFontFaces, fontconfigFile, fontFaceCss, withEmbeddedFont } from '../../src/figures/fonts';
import { FONT_FAMILY } from '../../src/figures/theme';
import { CASES } from './cases';

let withSystem: FigureExporter;
let bundledOnly: FigureExporter;
let dir: string;

beforeAll(async () => {
  [withSystem, bundledOnly] = await Promise.all([FigureExporter.launch(), FigureExporter.launch({ systemFonts: false })]);
  dir = mkdtempSync(join(tmpdir(), 'empathy-lab-fonts-'));
}, 120_000);

afterAll(async () => {
  await Promise.all([withSystem?.close(), bundledOnly?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled font', () => {
  it('is Arimo, first in the figures font stack, with Arial-compatible fallbacks after it', () => {
    expect(FONT_FAMILY.split(',')[0]).toBe(BUNDLED_FONT_FAMILY);
    expect(FONT_FAMILY).toMatch(/Arimo, Arial, 'Liberation Sans', Helvetica, sans-serif/);
    const faces = bundledFontFaces();
    expect(new Set(faces.map((f) => f.weight))).toEqual(new Set([400, 700]));
    // the latin subset covers what figure text uses: en dash, minus sign, degree, micro
    expect(faces.filter((f) => f.unicodeRange.includes('U+2212') && f.unicodeRange.startsWith('U+0000-00FF'))).toHaveLength(2);
    const css = fontFaceCss();
    expect(css.match(/@font-face/g)).toHaveLength(faces.length);
    expect(css).toMatch(/src:url\(data:font\/woff2;base64,d09GMg/); // "wOF2" magic
  });

  it('is embedded in an SVG that is drawn as an image (the PNG path), right after the root tag', () => {
    const svg = '<svg width="1mm"><g/></svg>';
    expect(withEmbeddedFont(svg)).toMatch(/^<svg width="1mm"><style>@font-face\{font-family:'Arimo'.*<\/style><g\/><\/svg>$/s);
    expect(() => withEmbeddedFont('<p/>')).toThrow(/no <svg>/);
  });

  it('hidden-fonts fontconfig lists no font folder; the default one includes the system configuration', () => {
    const hidden = readFileSync(fontconfigFile({ systemFonts: false }), 'utf8');
    expect(hidden).not.toMatch(/<dir|<include/);
    expect(hidden).toMatch(/hintnone/);
    expect(readFileSync(fontconfigFile(), 'utf8')).toMatch(/<include ignore_missing="yes">\/etc\/fonts\/fonts.conf<\/include>/);
  });
});

describe('exports do not depend on the machine fonts', () => {
  for (const c of CASES) {
    it(`${c.name}: same SVG, PDF and PNG bytes with and without system fonts, text checks pass in both`, async () => {
      const opts = { width: c.size.widthMm, heightMm: c.size.heightMm, dpi: 150, checkText: 'error' as const };
      const name = c.name.replace(/\W+/g, '-');
      const a = await withSystem.exportFigure(c.fig, join(dir, 'system', name), opts);
      const b = await bundledOnly.exportFigure(c.fig, join(dir, 'bundled-only', name), opts);
      expect(a.textProblems).toEqual([]);
      expect(b.textProblems).toEqual([]);
      for (const [i, f] of a.files.entries()) {
        expect(readFileSync(f.path).equals(readFileSync(b.files[i]!.path)), `${f.format} of ${c.name} differs without system fonts`).toBe(true);
      }
      const svg = readFileSync(a.files.find((f) => f.format === 'svg')!.path, 'utf8');
      const families = new Set([...svg.matchAll(/font-family: ([^;"]+)/g)].map((m) => m[1]));
      expect([...families]).toEqual([FONT_FAMILY]);
    }, 60_000);
  }

  it('negative control: a figure in a system font (DejaVu Sans) is drawn differently without system fonts', async () => {
    const c = CASES[0]!;
    const fig = { ...c.fig, layout: { ...c.fig.layout, font: { family: 'DejaVu Sans', size: 11 } } };
    for (const ax of ['xaxis', 'yaxis', 'xaxis2', 'yaxis2']) {
      const a = (fig.layout as Record<string, unknown>)[ax] as Record<string, unknown> | undefined;
      if (a) (fig.layout as Record<string, unknown>)[ax] = { ...a, tickfont: { family: 'DejaVu Sans', size: 11 } };
    }
    const opts = { width: c.size.widthMm, heightMm: c.size.heightMm, formats: ['png' as const], dpi: 96, checkText: 'off' as const };
    const a = await withSystem.exportFigure(fig, join(dir, 'control-system'), opts);
    const b = await bundledOnly.exportFigure(fig, join(dir, 'control-hidden'), opts);
    expect(readFileSync(a.files[0]!.path).equals(readFileSync(b.files[0]!.path))).toBe(false);
  }, 60_000);
});
