/**
 * Export through headless Chromium: text of every figure measured in the exported SVG (present,
 * inside the viewport, not overlapping, at least 6 pt), PNG pixel size and DPI, PDF page count and
 * size, and the error when Chromium is missing. One browser for the file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticFigures, diagnosticsGrid } from '../../src/figures/diagnostics';
import {
  closeSharedExporter,
  exportFigure,
  exportFigures,
  FigureExporter,
  sharedExporter,
  type TextLayout,
} from '../../src/figures/export';
import { defaultSeriesName, figure2 } from '../../src/figures/figure2';
import { figure3 } from '../../src/figures/figure3';
import { forestPlot } from '../../src/figures/forest';
import { figureSize } from '../../src/figures/theme';
import type { Figure, FigureSize } from '../../src/figures/types';
import { clippedTexts, overlappingTexts } from '../../src/figures/text-check';
import { textsOf } from './text-geometry';
import { CASES } from './cases';
import { diagnosticsInput, FOREST_ROWS, MODEL_FIGURE2, PAPER_FIGURE2, figure3Rows } from './fixtures';

let exporter: FigureExporter;
let dir: string;

beforeAll(async () => {
  exporter = await FigureExporter.launch();
  dir = mkdtempSync(join(tmpdir(), 'empathy-lab-figures-'));
}, 120_000);

afterAll(async () => {
  await exporter?.close();
  await closeSharedExporter();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fig2 = figure2([
  { method: 'paper', rows: PAPER_FIGURE2 },
  { method: 'model', rows: MODEL_FIGURE2 },
]);
const diag = diagnosticsInput(1500);

describe('exported SVG text', () => {
  for (const c of CASES) {
    it(`${c.name}: titles and legend present, inside the figure, not overlapping, >= 6 pt`, async () => {
      const svg = await exporter.svg(c.fig, c.size);
      expect(svg).toMatch(new RegExp(`^<svg width="${c.size.widthMm}mm" height="${c.size.heightMm}mm" viewBox="0 0 \\d+ \\d+"`));
      const layout = await exporter.measureText(svg);
      for (const [cls, texts] of Object.entries(c.expect)) {
        const found = textsOf(layout, cls);
        for (const t of texts) expect(found, `${cls} in ${c.name}`).toContain(t);
      }
      expect(clippedTexts(layout).map((t) => t.text)).toEqual([]);
      expect(overlappingTexts(layout)).toEqual([]);
      const smallest = Math.min(...layout.texts.map((t) => t.fontSize));
      expect(smallest).toBeGreaterThanOrEqual((6 / 72) * 96);
    });
  }

  it('the checks catch clipped and overlapping text (negative control)', async () => {
    const bad: Figure = {
      ...fig2,
      layout: {
        ...fig2.layout,
        annotations: [
          { text: 'far outside', x: 1.25, xref: 'paper', y: 0.5, yref: 'paper', showarrow: false },
          { text: 'first', x: 0.3, xref: 'paper', y: 0.5, yref: 'paper', showarrow: false },
          { text: 'second', x: 0.31, xref: 'paper', y: 0.5, yref: 'paper', showarrow: false },
        ],
      },
    };
    const layout: TextLayout = await exporter.measureText(await exporter.svg(bad));
    expect(clippedTexts(layout).map((t) => t.text)).toEqual(['far outside']);
    expect(overlappingTexts(layout).some((s) => s.includes("'first' and 'second'"))).toBe(true);
  });
});

/** Fraction of pixels that are not white, and whether some pixel is close to `rgb`. */
function inspectPng(png: PNG, rgb: [number, number, number]): { inked: number; hasColor: boolean } {
  let inked = 0;
  let hasColor = false;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (Math.abs(r - rgb[0]) + Math.abs(g - rgb[1]) + Math.abs(b - rgb[2]) < 12) hasColor = true;
  }
  return { inked: inked / (png.width * png.height), hasColor };
}

/** Page count, size and fonts of a PDF, read with pdf-lib and (page size) straight from the bytes. */
async function pdfInfo(path: string) {
  const bytes = readFileSync(path);
  const doc = await PDFDocument.load(bytes);
  const fonts = doc.context
    .enumerateIndirectObjects()
    .filter(([, obj]) => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font')).length;
  const boxes = [...bytes.toString('latin1').matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1].trim().split(/\s+/).map(Number));
  expect(boxes).toHaveLength(1);
  const [llx, lly, urx, ury] = boxes[0];
  expect({ width: urx - llx, height: ury - lly }).toEqual({
    width: expect.closeTo(doc.getPage(0).getSize().width, 6),
    height: expect.closeTo(doc.getPage(0).getSize().height, 6),
  });
  return { pages: doc.getPageCount(), size: doc.getPage(0).getSize(), fonts };
}

describe('exported files', () => {
  it('writes SVG, a one-page PDF and a PNG at the requested size and DPI', async () => {
    const result = await exporter.exportFigure(fig2, join(dir, 'figure2'), { width: 'single', heightMm: 70, dpi: 300 });
    expect(result.files.map((f) => f.format)).toEqual(['svg', 'pdf', 'png']);
    for (const f of result.files) expect(existsSync(f.path)).toBe(true);

    const svg = readFileSync(join(dir, 'figure2.svg'), 'utf8');
    expect(svg).toMatch(/^<svg width="85mm" height="70mm" viewBox="0 0 321 265"/);

    const png = PNG.sync.read(readFileSync(join(dir, 'figure2.png')));
    expect([png.width, png.height]).toEqual([Math.round((85 / 25.4) * 300), Math.round((70 / 25.4) * 300)]); // 1004 x 827
    expect(result.pngPixels).toEqual({ width: png.width, height: png.height });
    const look = inspectPng(png, [0xe6, 0x9f, 0x00]); // Okabe-Ito orange bars
    expect(look.inked).toBeGreaterThan(0.05);
    expect(look.hasColor).toBe(true);

    const pdf = await pdfInfo(join(dir, 'figure2.pdf'));
    expect(pdf.pages).toBe(1);
    expect(pdf.size.width).toBeCloseTo((85 / 25.4) * 72, 2); // 240.94 pt
    expect(pdf.size.height).toBeCloseTo((70 / 25.4) * 72, 2); // 198.43 pt
    expect(pdf.fonts).toBeGreaterThan(0); // text stays text (vector), not pixels
  });

  it('sizes PNG and PDF from the figure itself and other DPIs', async () => {
    const fig = forestPlot(FOREST_ROWS); // built at 85 mm x (24 + 7 x 6) mm
    const result = await exporter.exportFigure(fig, join(dir, 'forest.png'), { dpi: 150, formats: ['png', 'pdf'] });
    expect(result.size).toEqual({ widthMm: 85, heightMm: 66 });
    const png = PNG.sync.read(readFileSync(join(dir, 'forest.png')));
    expect([png.width, png.height]).toEqual([Math.round((85 / 25.4) * 150), Math.round((66 / 25.4) * 150)]); // 502 x 390
    expect(inspectPng(png, [0, 0, 0]).inked).toBeGreaterThan(0.02);
    const pdf = await pdfInfo(join(dir, 'forest.pdf'));
    expect(pdf.pages).toBe(1);
    expect(pdf.size.width).toBeCloseTo((85 / 25.4) * 72, 2);
    expect(pdf.size.height).toBeCloseTo((66 / 25.4) * 72, 2);
    expect(existsSync(join(dir, 'forest.svg'))).toBe(false);
  });

  it('a tall double-column figure stays on one page', async () => {
    const small = diagnosticsInput(300);
    const grid = diagnosticsGrid({ ...small, ranef: [...small.ranef, ...small.ranef.map((r) => ({ ...r, group: `${r.group}2` }))] }, { columns: 2 });
    await exporter.exportFigure(grid, join(dir, 'grid'), { formats: ['pdf'] });
    const pdf = await pdfInfo(join(dir, 'grid.pdf'));
    expect(pdf.pages).toBe(1);
    expect(pdf.size.width).toBeCloseTo((175 / 25.4) * 72, 2);
    expect(pdf.size.height).toBeCloseTo(((62 * 3) / 25.4) * 72, 2);
  });

  it('checks the text of every export: warns or refuses when a legend does not fit', async () => {
    const long = figure2([
      { method: 'paper', rows: PAPER_FIGURE2 },
      { method: 'model', name: 'Mean, 95% CI across posts (corrected: empathy spread, t with 14 df)', rows: MODEL_FIGURE2 },
    ]); // built for 175 mm: the legend is laid out on one line per entry
    await expect(
      exporter.exportFigure(long, join(dir, 'narrow'), { width: 'single', heightMm: 80, formats: ['svg'], checkText: 'error' }),
    ).rejects.toThrow(/'Mean, 95% CI across posts \(corrected: empathy spread, t with 14 df\)' is cut off/);
    expect(existsSync(join(dir, 'narrow.svg'))).toBe(false);
    // Built at the export size, the builder breaks the legend entry into lines and all text fits.
    const fitted = figure2(
      [
        { method: 'paper', rows: PAPER_FIGURE2 },
        { method: 'model', name: 'Mean, 95% CI across posts (corrected: empathy spread, t with 14 df)', rows: MODEL_FIGURE2 },
      ],
      { size: figureSize('single', 80) },
    );
    const ok = await exporter.exportFigure(fitted, join(dir, 'narrow'), { formats: ['svg'], checkText: 'error' });
    expect(ok.textProblems).toEqual([]);
    expect(ok.stepMs.check).toBeGreaterThanOrEqual(0);
  });

  it('the same figure gives the same bytes in every format, export after export (no random ids, no dates)', async () => {
    const fig = forestPlot(FOREST_ROWS);
    // same file name (the PDF title), two folders
    const a = await exporter.exportFigure(fig, join(dir, 'run-a', 'forest'), { width: 'single', heightMm: 60, dpi: 150 });
    await exporter.exportFigure(fig2, join(dir, 'in-between'), { formats: ['svg'] }); // other work in between
    const b = await exporter.exportFigure(fig, join(dir, 'run-b', 'forest'), { width: 'single', heightMm: 60, dpi: 150 });
    for (const [i, f] of a.files.entries()) {
      expect(readFileSync(f.path).equals(readFileSync(b.files[i]!.path)), `${f.format} differs between two exports`).toBe(true);
    }
    const pdf = readFileSync(join(dir, 'run-a', 'forest.pdf')).toString('latin1');
    expect(pdf).not.toMatch(/CreationDate|ModDate/);
  });

  it('rejects unknown formats and sizes', async () => {
    expect(() => exporter.exportFigure(fig2, join(dir, 'x'), { formats: ['jpg' as 'png'] })).toThrow(/unknown format 'jpg'/);
    expect(() => exporter.exportFigure(fig2, join(dir, 'x'), { width: 'triple' as 'single' })).toThrow(/width must be a positive number of mm/);
    await expect(exporter.png(fig2, figureSize('single', 50), -1)).rejects.toThrow(/dpi/);
  });
});

describe('browser lifecycle', () => {
  it('explains how to install Chromium when it is missing', async () => {
    await expect(FigureExporter.launch({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      /\/nonexistent\/chromium does not exist\. Install it with: apt-get install -y --no-install-recommends chromium/,
    );
  });

  it('exportFigures writes a set with one browser; exportFigure shares one browser between calls', async () => {
    const out = join(dir, 'set');
    const results = await exportFigures(
      [
        { name: 'a', figure: forestPlot(FOREST_ROWS) },
        { name: 'b', figure: figure3(figure3Rows(), { size: figureSize('single', 75) }), options: { dpi: 120 } },
      ],
      out,
      { formats: ['svg', 'png'], dpi: 100 },
      exporter,
    );
    expect(results.map((r) => r.files.map((f) => f.path.slice(out.length + 1)))).toEqual([
      ['a.svg', 'a.png'],
      ['b.svg', 'b.png'],
    ]);
    expect(results[1].size.widthMm).toBe(85);
    expect(results[0].pngPixels).toEqual({ width: Math.round((85 / 25.4) * 100), height: Math.round((66 / 25.4) * 100) });
    expect(results[1].pngPixels).toEqual({ width: Math.round((85 / 25.4) * 120), height: Math.round((75 / 25.4) * 120) });
    await expect(exportFigures([{ name: 'a', figure: fig2 }, { name: 'a', figure: fig2 }], out)).rejects.toThrow(/'a' is used twice/);
    await exportFigure(fig2, join(dir, 'shared'), { formats: ['svg'] });
    const first = await sharedExporter();
    await exportFigure(fig2, join(dir, 'shared2'), { formats: ['svg'] });
    expect(await sharedExporter()).toBe(first);
    // Same figure, same bytes: plotly's random element ids are replaced by a content hash.
    const shared = readFileSync(join(dir, 'shared.svg'), 'utf8');
    expect(shared).toBe(readFileSync(join(dir, 'shared2.svg'), 'utf8'));
    expect(shared).toMatch(/id="defs-[0-9a-f]{6}"/);
    await closeSharedExporter();
  });

  // Last test of the file: closes the file's browser.
  it('a closed exporter refuses work', async () => {
    await exporter.close();
    await expect(exporter.svg(fig2)).rejects.toThrow(/closed/);
    await exporter.close(); // twice is fine
  });
});

