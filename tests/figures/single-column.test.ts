/**
 * Figures fit a single column (85 mm) with the theme's sizes: built from real analysis results with
 * long contrast labels and a long measure name, every text of the exported SVG is inside the figure,
 * overlaps no other text and is at least 6 pt; exports check this by default and refuse before
 * writing anything (no file, no folder; for a set, nothing of the set) when it fails. One browser.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure2SeriesFromMeans, forestRowsFromContrasts } from '../../src/figures/adapters';
import { exportFigures, FigureExporter, type TextLayout } from '../../src/figures/export';
import { figure2 } from '../../src/figures/figure2';
import { forestPlot, type ForestRow } from '../../src/figures/forest';
import { powerCurveFigure } from '../../src/figures/powerCurve';
import { clippedTexts, overlappingTexts } from '../../src/figures/text-check';
import { drawnWidthPx } from '../../src/figures/text-fit';
import { textWidthPx } from '../../src/figures/text-metrics';
import { figureSize, MIN_FONT_PT, ptToPx } from '../../src/figures/theme';
import type { Figure, FigureSize } from '../../src/figures/types';
import { helpfulnessMeans, ratingMeansByHalf } from './analysis-fixtures';
import { CASES } from './cases';
import { textsOf } from './text-geometry';

let exporter: FigureExporter;
let dir: string;

beforeAll(async () => {
  exporter = await FigureExporter.launch();
  dir = mkdtempSync(join(tmpdir(), 'empathy-lab-single-column-'));
}, 120_000);

afterAll(async () => {
  await exporter?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SOURCES: Record<string, string> = { a: 'GPT4-high', b: 'GPT4-low', c: 'Human' };
const LONG_MEASURE = 'perceived emotional validation and warmth of the reply';
const HELPFULNESS = { scale: { min: 1, max: 3 }, measure: 'helpfulness' } as const;

/** All pairwise contrasts of two "studies" (real tables: Tukey and unadjusted), labelled as the Lee figures label them. */
function studyContrasts(): ForestRow[] {
  const emm = helpfulnessMeans();
  return [
    ...forestRowsFromContrasts(emm.pairs(), { label: (c) => `Study 1: ${c.split(' - ').map((s) => SOURCES[s]).join(' \u2212 ')}` }),
    ...forestRowsFromContrasts(emm.pairs({ adjust: 'none' }), { label: (c) => `Study 2: ${c.split(' - ').map((s) => SOURCES[s]).join(' \u2212 ')}` }),
  ];
}

/** One very long contrast label among them. */
function withLongLabel(): ForestRow[] {
  return studyContrasts().map((r, i) =>
    i === 1 ? { ...r, contrast: 'Study 1: GPT-4 with the empathetic persona system prompt (temperature 0.7) \u2212 Human peer supporters' } : r,
  );
}

/** Text without spaces: a wrapped text's lines come out of the SVG concatenated ("a b" / "c" -> "a bc"). */
function squeezed(text: string): string {
  return text.replace(/\s+/g, '');
}

async function measured(fig: Figure, size: FigureSize): Promise<TextLayout> {
  return exporter.measureText(await exporter.svg(fig, size));
}

/** Every text inside, none overlapping, none below 6 pt. */
function expectFits(layout: TextLayout, what: string): void {
  expect(clippedTexts(layout).map((t) => t.text), `${what}: clipped`).toEqual([]);
  expect(overlappingTexts(layout), `${what}: overlapping`).toEqual([]);
  expect(Math.min(...layout.texts.map((t) => t.fontSize)), `${what}: smallest text`).toBeGreaterThanOrEqual(ptToPx(MIN_FONT_PT) - 1e-9);
}

const single = (fig: Figure) => ({ widthMm: 85, heightMm: fig.layout.meta ? (fig.layout.meta as FigureSize).heightMm : 0 });

describe('single column (85 mm): builders fit their text', () => {
  const cases: { name: string; fig: Figure; title: string; cls: 'xtitle' | 'ytitle' }[] = [
    {
      name: 'forest plot, "Study n: A − B" labels, 1–3 helpfulness',
      fig: forestPlot(studyContrasts(), HELPFULNESS),
      title: 'Difference in mean helpfulness (points, 1\u20133 scale)',
      cls: 'xtitle',
    },
    {
      name: 'forest plot, a very long contrast label and a long measure name',
      fig: forestPlot(withLongLabel(), { scale: { min: 1, max: 3 }, measure: LONG_MEASURE }),
      title: `Difference in mean ${LONG_MEASURE} (points, 1\u20133 scale)`,
      cls: 'xtitle',
    },
    {
      name: 'figure 2 from marginal means, a long measure name, 85 x 70 mm',
      fig: figure2(figure2SeriesFromMeans(helpfulnessMeans(), { label: (s) => SOURCES[s] }), { scale: { min: 1, max: 3 }, measure: LONG_MEASURE, size: figureSize('single', 70) }),
      title: `Mean ${LONG_MEASURE} rating (1\u20133)`,
      cls: 'ytitle',
    },
    {
      name: 'figure 2, two panels and two series, a long measure name, 85 x 75 mm',
      fig: figure2(
        [
          figure2SeriesFromMeans(ratingMeansByHalf(), { panelBy: 'half', panelLabel: (h) => `Items, ${h} half`, label: (s) => SOURCES[s], method: 'paper' }),
          figure2SeriesFromMeans(ratingMeansByHalf(), { panelBy: 'half', panelLabel: (h) => `Items, ${h} half`, label: (s) => SOURCES[s] }),
        ],
        { scale: { min: 1, max: 5 }, measure: LONG_MEASURE, size: figureSize('single', 75) },
      ),
      title: `Mean ${LONG_MEASURE} rating (1\u20135)`,
      cls: 'ytitle',
    },
    {
      // the "N raters" call-out of the last point stays inside (it once stood right of the point, cut off)
      name: 'power curve reaching the target at its last point',
      fig: powerCurveFigure(
        [{ name: 'Simulated, 200 data sets each', points: [60, 80, 100, 120].map((raters, i) => ({ raters, power: 0.5 + 0.1 * i, lower: 0.43 + 0.1 * i, upper: 0.57 + 0.1 * i })) }],
        { target: 0.8, reference: [{ name: 'Closed form (noncentral t)', x: [60, 80, 100, 120], y: [0.5, 0.6, 0.7, 0.8] }] },
      ),
      title: 'Number of raters',
      cls: 'xtitle',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: every text inside, none overlapping, >= 6 pt; exported with the default check`, async () => {
      const size = single(c.fig);
      expect(size.widthMm).toBe(85);
      const layout = await measured(c.fig, size);
      expectFits(layout, c.name);
      // the whole title is there (wrapped into lines, not cut)
      expect(textsOf(layout, c.cls).map(squeezed)).toContain(squeezed(c.title));
      const result = await exporter.exportFigure(c.fig, join(dir, 'fits', c.name.replace(/\W+/g, '-')), { formats: ['svg'] });
      expect(result.textProblems).toEqual([]);
      expect(existsSync(result.files[0].path)).toBe(true);
    });
  }

  it('wrapped contrast labels are whole on the axis and p values stay on their rows', async () => {
    const fig = forestPlot(withLongLabel(), HELPFULNESS);
    const layout = await measured(fig, single(fig));
    const ticks = textsOf(layout, 'ytick').map(squeezed);
    for (const r of withLongLabel()) expect(ticks).toContain(squeezed(r.contrast));
    expect(textsOf(layout, 'annotation-text')).toHaveLength(withLongLabel().length);
  });
});

describe('export refuses before writing', () => {
  // Built for a double column (labels and title laid out for 175 mm), exported at 85 mm: the title is cut off.
  const wide = forestPlot(studyContrasts(), { ...HELPFULNESS, size: figureSize('double', 60) });

  it('by default: an error naming the cut-off text, and no file or folder written', async () => {
    const out = join(dir, 'refused', 'forest');
    await expect(exporter.exportFigure(wide, out, { width: 'single' })).rejects.toThrow(
      /'Difference in mean helpfulness \(points, 1–3 scale\)' is cut off.*Build the figure at this size/,
    );
    expect(existsSync(join(dir, 'refused'))).toBe(false);
    // the same figure built at 85 mm exports
    const ok = await exporter.exportFigure(forestPlot(studyContrasts(), HELPFULNESS), out, { formats: ['svg'] });
    expect(ok.textProblems).toEqual([]);
  });

  it('a set: nothing of the set is written when one figure does not fit', async () => {
    const out = join(dir, 'refused-set');
    const jobs = [
      { name: 'fits', figure: forestPlot(studyContrasts(), HELPFULNESS) },
      { name: 'cut', figure: wide, options: { width: 'single' as const } },
    ];
    await expect(exportFigures(jobs, out, { formats: ['svg', 'png'] }, exporter)).rejects.toThrow(/exportFigures: nothing written\. figure export: text problems in .*cut at 85mm/);
    expect(existsSync(out)).toBe(false);
  });

  it("checkText 'warn' still writes and lists the problems", async () => {
    const warn = console.warn;
    const warned: string[] = [];
    console.warn = (m: string) => warned.push(m);
    try {
      const r = await exporter.exportFigure(wide, join(dir, 'warned', 'forest'), { width: 'single', formats: ['svg'], checkText: 'warn' });
      expect(r.textProblems.some((p) => p.includes('is cut off'))).toBe(true);
      expect(existsSync(r.files[0].path)).toBe(true);
      expect(warned.join('\n')).toMatch(/text problems/);
    } finally {
      console.warn = warn;
    }
  });
});

describe('the font metrics the builders fit with match the browser', () => {
  it("estimated widths are never below the drawn width and at most 5% + 2 px above (one-line, regular-weight texts of every test figure)", async () => {
    let compared = 0;
    for (const c of CASES) {
      const layout = await measured(c.fig, c.size);
      for (const t of layout.texts) {
        const regular = /\b(x\d*tick|y\d*tick|x\d*title|y\d*title|legendtext)\b/.test(t.classes) || /^p [<=]/.test(t.text);
        const [p0, p1, p2] = t.corners;
        const along = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
        const across = Math.hypot(p2[0] - p1[0], p2[1] - p1[1]);
        if (!regular || across > 1.6 * t.fontSize) continue; // multi-line text
        const pt = (t.fontSize * 72) / 96;
        expect(drawnWidthPx(t.text, pt), `${c.name}: '${t.text}'`).toBeGreaterThanOrEqual(along - 0.25);
        expect(textWidthPx(t.text, pt), `${c.name}: '${t.text}'`).toBeLessThanOrEqual(along * 1.05 + 2);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
