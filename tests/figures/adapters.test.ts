/**
 * Analysis results straight into figures: real marginal means and contrast tables (fitLmm + emmeans
 * on tests/reference/datasets/ordinal_crossed.csv, see ./analysis-fixtures) satisfy the figures'
 * structural input types as they are, and the adapters carry every mean, interval, p value,
 * adjustment and confidence level into the figure unchanged.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  figure2RowsFromMeans,
  figure2SeriesFromMeans,
  forestRowsFromContrasts,
  type ContrastsLike,
  type MeansLike,
} from '../../src/figures/adapters';
import { defaultSeriesName, figure2 } from '../../src/figures/figure2';
import { forestPlot } from '../../src/figures/forest';
import { formatP } from '../../src/figures/theme';
import type { ContrastTable } from '../../src/inference/contrasts';
import type { EmmGrid } from '../../src/inference/emmeans';
import type { BarTrace, ScatterTrace } from '../../src/figures/types';
import { helpfulnessMeans, ratingMeansByHalf } from './analysis-fixtures';

const label = (c: string) => ({ a: 'Human', b: 'GPT4', c: 'Llama2' })[c] ?? c;

describe('input types', () => {
  it('an EmmGrid is a MeansLike and a ContrastTable a ContrastsLike, as they are', () => {
    expectTypeOf<EmmGrid>().toMatchTypeOf<MeansLike>();
    expectTypeOf<ContrastTable>().toMatchTypeOf<ContrastsLike>();
    const emm = helpfulnessMeans();
    // the same at run time: the values are passed without conversion
    const means: MeansLike = emm;
    const table: ContrastsLike = emm.pairs();
    expect(means.rows).toHaveLength(3);
    expect(table.rows).toHaveLength(3);
  });
});

describe('figure2 from marginal means', () => {
  const emm = helpfulnessMeans();

  it('rows are the means: level -> source, emmean -> mean, the interval as computed', () => {
    const rows = figure2RowsFromMeans(emm, { study: 'Study A', label });
    expect(rows).toEqual(
      emm.rows.map((m) => ({ study: 'Study A', source: m.level, label: label(m.level), mean: m.emmean, lower: m.lower, upper: m.upper })),
    );
    // defaults: one untitled panel, the level as its own label
    expect(figure2RowsFromMeans(emm).map((r) => [r.study, r.source, r.label])).toEqual([
      ['', 'a', 'a'],
      ['', 'b', 'b'],
      ['', 'c', 'c'],
    ]);
  });

  it('draws the bars at the means with their intervals, in the order asked for', () => {
    const fig = figure2(figure2SeriesFromMeans(emm, { label, order: ['c', 'a', 'b'] }), { scale: { min: 1, max: 3 }, measure: 'helpfulness' });
    const [bars] = fig.data as BarTrace[];
    const byLevel = new Map(emm.rows.map((m) => [m.level, m]));
    const order = ['c', 'a', 'b'];
    expect(bars.x).toEqual(order.map(label));
    expect(bars.y).toEqual(order.map((l) => byLevel.get(l)!.emmean));
    order.forEach((l, i) => {
      expect(bars.y[i] as number - bars.error_y!.arrayminus[i]).toBeCloseTo(byLevel.get(l)!.lower, 12);
      expect(bars.y[i] as number + bars.error_y!.array[i]).toBeCloseTo(byLevel.get(l)!.upper, 12);
    });
    // one panel without a title: no annotation
    expect((fig.layout as Record<string, unknown>).annotations).toEqual([]);
    expect(() => figure2RowsFromMeans(emm, { order: ['a', 'x'] })).toThrow(/no mean for 'x' \(means of: a, b, c\)/);
  });

  it("the series carries the means' confidence level into its legend", () => {
    const s90 = figure2SeriesFromMeans(helpfulnessMeans(0.9), { study: 'S' });
    expect(s90).toMatchObject({ method: 'model', level: 0.9 });
    const fig = figure2(s90, { scale: { min: 1, max: 3 } });
    expect((fig.data as BarTrace[])[0].name).toBe(defaultSeriesName('model', 0.9));
    expect((fig.data as BarTrace[])[0].name).toMatch(/90% CI/);
    expect(figure2SeriesFromMeans(emm, { method: 'paper', name: 'Own name' })).toMatchObject({ method: 'paper', name: 'Own name', level: 0.95 });
    expect(() => figure2({ ...s90, level: 95 })).toThrow(/level must be in \(0, 1\) \(got 95\)/);
  });

  it('panelBy: one panel per level of a factor, the other factors make the source', () => {
    const grid = ratingMeansByHalf();
    const rows = figure2RowsFromMeans(grid, { panelBy: 'half', panelLabel: (h) => `Items, ${h} half`, label });
    expect(rows.map((r) => [r.study, r.source])).toEqual(grid.rows.map((m) => [`Items, ${m.levels.half} half`, m.levels.cond]));
    rows.forEach((r, i) => expect([r.mean, r.lower, r.upper]).toEqual([grid.rows[i].emmean, grid.rows[i].lower, grid.rows[i].upper]));
    const fig = figure2(figure2SeriesFromMeans(grid, { panelBy: 'half', panelLabel: (h) => `Items, ${h} half`, label }), { scale: { min: 1, max: 5 } });
    expect(((fig.layout as Record<string, unknown>).annotations as { text: string }[]).map((a) => a.text)).toEqual(['<b>Items, first half</b>', '<b>Items, second half</b>']);
    expect(() => figure2RowsFromMeans(helpfulnessMeans(), { panelBy: 'half' })).toThrow(/mean 1 \('a'\) has no level of 'half'/);
  });

  it('refuses means it cannot draw', () => {
    expect(() => figure2RowsFromMeans({ rows: [] })).toThrow(/no means given/);
    expect(() => figure2RowsFromMeans({ rows: [{ level: 'x', emmean: NaN, lower: NaN, upper: NaN, estimable: false }] })).toThrow(/'x' is not estimable/);
  });
});

describe('forest plot from a contrast table', () => {
  const emm = helpfulnessMeans();

  it('rows are the contrasts: estimate, interval, adjusted p, the adjustment and level of the table', () => {
    const table = emm.pairs();
    const rows = forestRowsFromContrasts(table);
    expect(rows).toEqual(
      table.rows.map((r) => ({ contrast: r.contrast.replace(' - ', ' \u2212 '), estimate: r.estimate, lower: r.lower, upper: r.upper, p: r.p, adjust: 'tukey', level: 0.95 })),
    );
    expect(rows.map((r) => r.contrast)).toEqual(['a \u2212 b', 'a \u2212 c', 'b \u2212 c']);
    expect(forestRowsFromContrasts(table, { levelLabel: label }).map((r) => r.contrast)).toEqual(['Human \u2212 GPT4', 'Human \u2212 Llama2', 'GPT4 \u2212 Llama2']);
    expect(forestRowsFromContrasts(table, { label: (c) => `Study A: ${c}` }).map((r) => r.contrast)).toEqual(['Study A: a - b', 'Study A: a - c', 'Study A: b - c']);
  });

  it('draws each contrast with its interval and p, the legend naming the interval adjustment actually used', () => {
    const table = emm.pairs({ adjust: 'holm' }); // holm p values, Bonferroni intervals
    const fig = forestPlot(forestRowsFromContrasts(table, { levelLabel: label }), { sort: 'input', scale: { min: 1, max: 3 }, measure: 'helpfulness' });
    const [trace] = fig.data as ScatterTrace[];
    expect(trace.x).toEqual(table.rows.map((r) => r.estimate));
    table.rows.forEach((r, i) => {
      expect((trace.x[i] as number) - trace.error_x!.arrayminus[i]).toBeCloseTo(r.lower, 12);
      expect((trace.x[i] as number) + trace.error_x!.array[i]).toBeCloseTo(r.upper, 12);
    });
    expect(trace.name).toBe('Estimate, 95% CI (Bonferroni-adjusted)');
    const p = ((fig.layout as Record<string, unknown>).annotations as { text: string; y: string }[]).map((a) => a.text);
    expect(p).toEqual(table.rows.map((r) => formatP(r.p)));
    // the holm-adjusted p values, not the Tukey ones: a - c, the largest raw p, keeps it under holm (p = .03), not under Tukey (p = .08)
    expect(p[1]).toBe('p = .03');
    expect(formatP(emm.pairs().rows[1].p)).toBe('p = .08');
    expect(table.rows[1].p).toBeCloseTo(emm.pairs({ adjust: 'none' }).rows[1].p, 12);
  });

  it('a 90% table gives a 90% legend; two tables with different adjustments give two legend entries', () => {
    const t90 = helpfulnessMeans(0.9).pairs();
    const none = helpfulnessMeans().pairs({ adjust: 'none' });
    const rows = [
      ...forestRowsFromContrasts(t90, { label: (c) => `90%: ${c}` }),
      ...forestRowsFromContrasts(none, { label: (c) => `none: ${c}` }),
    ];
    const names = (forestPlot(rows).data as ScatterTrace[]).map((t) => t.name);
    expect(names.sort()).toEqual(['Estimate, 90% CI (Tukey-adjusted)', 'Estimate, 95% CI (unadjusted)']);
  });

  it('refuses contrasts it cannot draw', () => {
    expect(() => forestRowsFromContrasts({ rows: [], adjust: 'none' })).toThrow(/no contrasts given/);
    const [row] = forestRowsFromContrasts(emm.pairs());
    expect(() => forestPlot([{ ...row, level: 95 }])).toThrow(/row 1 \(a \u2212 b\): level must be in \(0, 1\)/);
    expect(() =>
      forestRowsFromContrasts({ rows: [{ contrast: 'a - b', estimate: NaN, lower: NaN, upper: NaN, p: NaN, estimable: false }], adjust: 'none' }),
    ).toThrow(/'a - b' is not estimable/);
  });
});
