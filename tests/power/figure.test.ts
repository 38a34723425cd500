/** The power-curve figure must show exactly the powers and intervals it is given. */
import { describe, expect, it } from 'vitest';
import { powerCurveFigure, firstReaching } from '../../src/figures/powerCurve';
import type { ScatterTrace } from '../../src/figures/types';

const points = [
  { raters: 100, power: 0.82, lower: 0.76, upper: 0.87 },
  { raters: 40, power: 0.41, lower: 0.34, upper: 0.48 },
  { raters: 70, power: 0.66, lower: 0.59, upper: 0.72 },
];

describe('powerCurveFigure', () => {
  const fig = powerCurveFigure([{ name: 'Simulated (LMM)', points }], { reference: [{ name: 'Closed form', x: [40, 70, 100], y: [0.4, 0.65, 0.81] }] });
  const [sim, ref] = fig.data as ScatterTrace[];

  it('draws the points in rater order with their Clopper-Pearson interval ends', () => {
    expect(sim!.x).toEqual([40, 70, 100]);
    expect(sim!.y).toEqual([0.41, 0.66, 0.82]);
    const e = sim!.error_y!;
    const ends = (sim!.y as number[]).map((y, i) => [y - e.arrayminus[i]!, y + e.array[i]!]);
    [[0.34, 0.48], [0.59, 0.72], [0.76, 0.87]].forEach(([lo, hi], i) => {
      expect(ends[i]![0]).toBeCloseTo(lo!, 12);
      expect(ends[i]![1]).toBeCloseTo(hi!, 12);
    });
    expect(sim!.name).toBe('Simulated (LMM) (95% CI)');
    expect(ref!.y).toEqual([0.4, 0.65, 0.81]);
    expect((ref!.line as { dash: string }).dash).toBe('dot');
  });

  it('marks the target power and the first number of raters reaching it', () => {
    const layout = fig.layout as Record<string, any>;
    expect(layout.shapes[0].y0).toBe(0.8);
    expect(layout.annotations.map((a: any) => a.text)).toEqual(['target 0.8', '100 raters']);
    expect(firstReaching(points, 0.6)!.raters).toBe(70);
    expect(firstReaching(points, 0.9)).toBeNull();
    expect(layout.yaxis.range).toEqual([0, 1.02]);
    expect(layout.xaxis.title.text).toBe('Number of raters');
    const none = powerCurveFigure([{ name: 'S', points }], { target: null }).layout as Record<string, any>;
    expect(none.shapes).toEqual([]);
  });

  it('names the series and point of bad input', () => {
    expect(() => powerCurveFigure([])).toThrow(/no series/);
    expect(() => powerCurveFigure([{ name: 'S', points: [{ raters: 10, power: 0.5, lower: 0.6, upper: 0.7 }] }])).toThrow(/series 1 \(S\), point 1: interval \[0.6, 0.7\] does not contain power 0.5/);
    expect(() => powerCurveFigure([{ name: 'S', points: [{ raters: 10, power: 0.5, lower: -0.1, upper: 0.7 }] }])).toThrow(/must lie in \[0, 1\]/);
    expect(() => powerCurveFigure([{ name: 'S', points }], { target: 1.2 })).toThrow(/target must be in \(0, 1\)/);
  });
});
