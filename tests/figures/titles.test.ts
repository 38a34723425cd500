/**
 * Value-axis titles and ranges come from the declared scale and measure: a 1–3 scale gives 1–3 (never
 * the Lee study's 1–5), a measure's name appears in the title, and without a scale the title names none.
 */
import { describe, expect, it } from 'vitest';
import { figure2 } from '../../src/figures/figure2';
import { forestPlot } from '../../src/figures/forest';
import { differenceTitle, meanRatingTitle, scaleText } from '../../src/figures/scale';
import { FOREST_ROWS, LEE_SCALE, PAPER_FIGURE2 } from './fixtures';

const HELPFULNESS = { scale: { min: 1, max: 3 }, measure: 'helpfulness' } as const;
/** Figure 2 rows on a 1–3 scale. */
const ROWS_1_3 = PAPER_FIGURE2.filter((r) => r.study === 'Study 1').map((r) => ({ ...r, mean: (r.mean + 1) / 2, lower: (r.lower + 1) / 2, upper: (r.upper + 1) / 2 }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const layoutOf = (f: { layout: unknown }) => f.layout as Record<string, any>;

describe('title text', () => {
  it('names the measure and the declared scale, and nothing that was not declared', () => {
    expect(meanRatingTitle(HELPFULNESS)).toBe('Mean helpfulness rating (1\u20133)');
    expect(differenceTitle(HELPFULNESS)).toBe('Difference in mean helpfulness (points, 1\u20133 scale)');
    expect(meanRatingTitle(LEE_SCALE)).toBe('Mean empathy rating (1\u20135)');
    expect(differenceTitle({ scale: { min: 1, max: 5 } })).toBe('Difference in mean rating (points, 1\u20135 scale)');
    expect(meanRatingTitle({ measure: 'helpfulness' })).toBe('Mean helpfulness rating');
    expect(differenceTitle({ measure: 'helpfulness' })).toBe('Difference in mean helpfulness');
    expect(meanRatingTitle({})).toBe('Mean rating');
    expect(differenceTitle({ measure: '  ' })).toBe('Difference in mean rating');
    expect(scaleText({ min: -3, max: 3 })).toBe('\u22123\u20133');
    expect(scaleText({ min: 0, max: 100 })).toBe('0\u2013100');
  });
});

describe('figure2 value axis', () => {
  it('a 1–3 scale: title "Mean helpfulness rating (1–3)", range 1–3 with a tick per point', () => {
    const y = layoutOf(figure2({ method: 'model', rows: ROWS_1_3 }, HELPFULNESS)).yaxis;
    expect(y.title.text).toBe('Mean helpfulness rating (1\u20133)');
    expect(y.range).toEqual([1, 3]);
    expect(y.dtick).toBe(1);
  });

  it('no scale: no scale in the title and plotly ranges the axis over the bars', () => {
    const y = layoutOf(figure2({ method: 'model', rows: ROWS_1_3 }, { measure: 'helpfulness' })).yaxis;
    expect(y.title.text).toBe('Mean helpfulness rating');
    expect(y.title.text).not.toMatch(/1\u20135/);
    expect(y.range).toBeUndefined();
    expect(y.dtick).toBeUndefined();
    expect(layoutOf(figure2({ method: 'model', rows: ROWS_1_3 })).yaxis.title.text).toBe('Mean rating');
  });

  it('a wide scale (0–100) gets plotly ticks, not one per point; yTitle and yRange still override', () => {
    const rows = ROWS_1_3.map((r) => ({ ...r, mean: r.mean * 30, lower: r.lower * 30, upper: r.upper * 30 }));
    const y = layoutOf(figure2({ method: 'model', rows }, { scale: { min: 0, max: 100 }, measure: 'warmth' })).yaxis;
    expect(y.title.text).toBe('Mean warmth rating (0\u2013100)');
    expect(y.range).toEqual([0, 100]);
    expect(y.dtick).toBeUndefined();
    const own = layoutOf(figure2({ method: 'model', rows: ROWS_1_3 }, { ...HELPFULNESS, yTitle: 'Own title', yRange: [0, 4] })).yaxis;
    expect([own.title.text, own.range, own.dtick]).toEqual(['Own title', [0, 4], 1]);
  });

  it('a mean outside the declared scale is an error (the wrong scale was declared)', () => {
    expect(() => figure2({ method: 'paper', rows: PAPER_FIGURE2 }, HELPFULNESS)).toThrow(/row 1 \(Study 1, human\): mean 3.41 lies outside the declared scale 1\u20133/);
    expect(() => figure2({ method: 'paper', rows: PAPER_FIGURE2 }, { scale: { min: 5, max: 1 } })).toThrow(/scale must be \{ min, max \} with finite min < max/);
  });
});

describe('forest plot value axis', () => {
  it('a 1–3 scale and a measure: "Difference in mean helpfulness (points, 1–3 scale)"', () => {
    expect(layoutOf(forestPlot(FOREST_ROWS, HELPFULNESS)).xaxis.title.text).toBe('Difference in mean helpfulness (points, 1\u20133 scale)');
  });

  it('no scale: no scale in the title (no "1–5" default)', () => {
    expect(layoutOf(forestPlot(FOREST_ROWS)).xaxis.title.text).toBe('Difference in mean rating');
    expect(layoutOf(forestPlot(FOREST_ROWS, { measure: 'helpfulness' })).xaxis.title.text).toBe('Difference in mean helpfulness');
    expect(() => forestPlot(FOREST_ROWS, { scale: { min: 1, max: NaN } })).toThrow(/forestPlot: scale must be/);
  });

  it("the Lee study's call (its 1–5 scale passed explicitly) gives the former default title", () => {
    expect(layoutOf(forestPlot(FOREST_ROWS, { scale: LEE_SCALE.scale })).xaxis.title.text).toBe('Difference in mean rating (points, 1\u20135 scale)');
  });
});
