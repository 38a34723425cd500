/** The builders' figure data must equal the analysis results they are given (bar heights, CI ends, order). */
import { describe, expect, it } from 'vitest';
import { figure2, METHOD_COLORS } from '../../src/figures/figure2';
import { figure3, LIWC_LABELS } from '../../src/figures/figure3';
import { forestPlot } from '../../src/figures/forest';
import { OKABE_ITO, SOURCE_COLORS } from '../../src/figures/theme';
import type { BarTrace, ErrorBars, ScatterTrace } from '../../src/figures/types';
import { FOREST_ROWS, LEE_SCALE, MODEL_FIGURE2, PAPER_FIGURE2, figure3Rows } from './fixtures';

/** Interval ends drawn by asymmetric error bars around `centre`. */
function ends(centre: (string | number)[], e: ErrorBars | undefined): [number, number][] {
  if (!e) throw new Error('no error bars');
  expect(e.symmetric).toBe(false);
  return centre.map((c, i) => [(c as number) - e.arrayminus[i], (c as number) + e.array[i]]);
}

describe('figure2', () => {
  const fig = figure2(
    [
      { method: 'paper', rows: PAPER_FIGURE2 },
      { method: 'model', rows: MODEL_FIGURE2 },
    ],
    LEE_SCALE,
  );
  const bars = fig.data as BarTrace[];

  it('draws one bar per row with the reported mean and CI ends', () => {
    expect(bars).toHaveLength(4); // 2 series x 2 studies
    for (const [method, rows] of [
      ['paper', PAPER_FIGURE2],
      ['model', MODEL_FIGURE2],
    ] as const) {
      for (const study of ['Study 1', 'Study 2']) {
        const expected = rows.filter((r) => r.study === study);
        const trace = bars.find((t) => t.marker?.color === METHOD_COLORS[method] && t.xaxis === (study === 'Study 1' ? 'x' : 'x2'));
        expect(trace, `${method} ${study}`).toBeDefined();
        expect(trace!.x).toEqual(expected.map((r) => r.label));
        expect(trace!.y).toEqual(expected.map((r) => r.mean));
        const drawn = ends(trace!.y, trace!.error_y);
        drawn.forEach(([lo, hi], i) => {
          expect(lo).toBeCloseTo(expected[i].lower, 12);
          expect(hi).toBeCloseTo(expected[i].upper, 12);
        });
      }
    }
    // Spot check against the paper's text: Human M = 3.41 [3.19, 3.62].
    const human = bars[0];
    expect(human.y[0]).toBe(3.41);
    expect(ends(human.y, human.error_y)[0][0]).toBeCloseTo(3.19, 12);
    expect(ends(human.y, human.error_y)[0][1]).toBeCloseTo(3.62, 12);
  });

  it('puts each study in its own panel, in input order, with one legend entry per method', () => {
    const layout = fig.layout as Record<string, any>;
    expect(layout.xaxis.categoryarray).toEqual(['Human', 'GPT4', 'Llama2', 'Mistral', 'GPT4-low', 'GPT4-high']);
    expect(layout.xaxis2.categoryarray).toEqual(['GPT4', 'Llama2', 'Mistral']);
    expect(layout.xaxis.domain[1]).toBeLessThan(layout.xaxis2.domain[0]);
    expect(layout.yaxis.title.text).toBe('Mean empathy rating (1\u20135)');
    expect(layout.yaxis.range).toEqual([1, 5]);
    expect(layout.yaxis2.matches).toBe('y');
    expect(layout.annotations.map((a: any) => a.text)).toEqual(['<b>Study 1</b>', '<b>Study 2</b>']);
    const legend = bars.filter((t) => t.showlegend).map((t) => t.name);
    expect(legend).toHaveLength(2);
    expect(legend[0]).toMatch(/across posts/);
    expect(legend[1]).toMatch(/[Mm]odel/);
  });

  it('widens the value axis to hold every interval', () => {
    const f = figure2({ method: 'model', rows: [{ study: 'S', source: 'x', label: 'X', mean: 1.2, lower: 0.8, upper: 1.6 }] }, { scale: { min: 1, max: 5 } });
    expect((f.layout as any).yaxis.range).toEqual([0.8, 5]);
  });

  it('names the series and row of bad input', () => {
    const bad = PAPER_FIGURE2.map((r, i) => (i === 2 ? { ...r, lower: 4.5 } : r));
    expect(() => figure2({ method: 'paper', rows: bad })).toThrow(/series 1 \(paper\), row 3 \(Study 1, llama2\).*does not contain mean/);
    const nan = PAPER_FIGURE2.map((r, i) => (i === 0 ? { ...r, mean: NaN } : r));
    expect(() => figure2({ method: 'paper', rows: nan })).toThrow(/row 1.*mean must be a finite number/);
    expect(() => figure2({ method: 'paper', rows: [...PAPER_FIGURE2, PAPER_FIGURE2[0]] })).toThrow(/row 10: source 'human' appears twice in 'Study 1'/);
    expect(() => figure2({ method: 'other' as 'paper', rows: PAPER_FIGURE2 })).toThrow(/method must be/);
  });
});

describe('figure3', () => {
  const rows = figure3Rows();
  const fig = figure3(rows);
  const bars = fig.data as BarTrace[];

  it('draws each feature mean and CI for each model in its panel', () => {
    const panelAxis = { pronouns: 'x', punctuation: 'x2', emotion: 'x3' } as const;
    for (const model of ['GPT4', 'Llama2', 'Mistral']) {
      for (const panel of ['pronouns', 'punctuation', 'emotion'] as const) {
        const expected = rows.filter((r) => r.model === model && r.panel === panel);
        const trace = bars.find((t) => t.name === model && t.xaxis === panelAxis[panel]);
        expect(trace, `${model} ${panel}`).toBeDefined();
        expect(trace!.x).toEqual(expected.map((r) => LIWC_LABELS[r.feature]));
        expect(trace!.y).toEqual(expected.map((r) => r.mean));
        ends(trace!.y, trace!.error_y).forEach(([lo, hi], i) => {
          expect(lo).toBeCloseTo(expected[i].lower, 12);
          expect(hi).toBeCloseTo(expected[i].upper, 12);
        });
        expect(trace!.marker?.color).toBe(SOURCE_COLORS[model.toLowerCase()]);
      }
    }
    expect(bars.filter((t) => t.showlegend).map((t) => t.name)).toEqual(['GPT4', 'Llama2', 'Mistral']);
    const layout = fig.layout as Record<string, any>;
    expect(layout.yaxis.title.text).toBe('Percent of words (%)');
    expect(layout.xaxis2.categoryarray).toEqual(['?', '!', 'emoji']);
    expect(layout.annotations.map((a: any) => a.text)).toEqual(['<b>Pronouns</b>', '<b>Punctuation</b>', '<b>Emotion words</b>']);
  });

  it('prints what the whiskers show under the legend: from the rows, or as given; nothing when unknown', () => {
    expect((fig.layout as Record<string, any>).title).toBeUndefined();
    const method = '95% percentile bootstrap CI over 120 posts (2000 resamples)';
    const noted = figure3(rows.map((r) => ({ ...r, interval: method })));
    const title = (noted.layout as Record<string, any>).title;
    expect(title.text).toBe(`Bars: means; whiskers: ${method}`);
    expect(title).toMatchObject({ yref: 'container', yanchor: 'bottom' });
    // the legend moves up to make room
    expect((noted.layout as Record<string, any>).legend.y).toBeGreaterThan(0);
    expect((figure3(rows, { intervalNote: 'Whiskers: SE' }).layout as Record<string, any>).title.text).toBe('Whiskers: SE');
  });

  it('rejects a feature in two panels and unknown panels, naming the row', () => {
    const moved = rows.map((r, i) => (i === 12 ? { ...r, panel: 'emotion' as const } : r));
    expect(() => figure3(moved)).toThrow(/row 13: feature 'you' is in panel 'pronouns' and 'emotion'/);
    const unknown = rows.map((r, i) => (i === 4 ? { ...r, panel: 'syntax' as 'emotion' } : r));
    expect(() => figure3(unknown)).toThrow(/row 5 \(they\): panel must be one of/);
  });
});

describe('forestPlot', () => {
  const fig = forestPlot(FOREST_ROWS, { scale: LEE_SCALE.scale });
  const [trace] = fig.data as ScatterTrace[];
  const layout = fig.layout as Record<string, any>;

  it('sorts contrasts by estimate from the top and draws each CI', () => {
    const sorted = [...FOREST_ROWS].sort((a, b) => b.estimate - a.estimate);
    expect(layout.yaxis.categoryarray).toEqual(sorted.map((r) => r.contrast));
    expect(layout.yaxis.autorange).toBe('reversed');
    expect(trace.y).toEqual(sorted.map((r) => r.contrast));
    expect(trace.x).toEqual(sorted.map((r) => r.estimate));
    ends(trace.x, trace.error_x).forEach(([lo, hi], i) => {
      expect(lo).toBeCloseTo(sorted[i].lower, 12);
      expect(hi).toBeCloseTo(sorted[i].upper, 12);
    });
    expect(trace.name).toBe('Estimate, 95% CI (Tukey-adjusted)');
    expect(layout.xaxis.title.text).toBe('Difference in mean rating (points, 1\u20135 scale)');
  });

  it('draws a zero line inside the x range and prints p-values', () => {
    const zero = layout.shapes[0];
    expect([zero.x0, zero.x1]).toEqual([0, 0]);
    expect(layout.xaxis.range[0]).toBeLessThan(-1.3);
    expect(layout.xaxis.range[1]).toBeGreaterThan(0.78);
    const p = Object.fromEntries(layout.annotations.map((a: any) => [a.y, a.text]));
    expect(p['GPT4-high \u2212 GPT4']).toBe('p = .13');
    expect(p['Llama2 \u2212 Mistral']).toBe('p < .001');
    expect(p['Llama2 \u2212 GPT4']).toBe('p = 1.00');
  });

  it('keeps input order on request and separates adjustment methods', () => {
    const rows = FOREST_ROWS.map((r, i) => (i < 2 ? { ...r, adjust: 'none' } : r));
    const f = forestPlot(rows, { sort: 'input' });
    expect((f.layout as any).yaxis.categoryarray).toEqual(rows.map((r) => r.contrast));
    const names = (f.data as ScatterTrace[]).map((t) => t.name);
    expect(names).toEqual(['Estimate, 95% CI (unadjusted)', 'Estimate, 95% CI (Tukey-adjusted)']);
    expect((f.data as ScatterTrace[])[1].marker?.color).not.toBe((f.data as ScatterTrace[])[0].marker?.color);
    expect(Object.values(OKABE_ITO)).toContain((f.data as ScatterTrace[])[1].marker?.color);
  });

  it('names the row of bad input', () => {
    expect(() => forestPlot([{ ...FOREST_ROWS[0], upper: 0.5 }])).toThrow(/row 1 \(GPT4 \u2212 Human\): interval \[0.58, 0.5\]/);
    expect(() => forestPlot([FOREST_ROWS[0], { ...FOREST_ROWS[1], p: 2 }])).toThrow(/row 2 .*p must be in \[0, 1\]/);
  });
});
