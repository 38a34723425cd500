/**
 * QQ positions against R 4.2.2's qqnorm/qqline (stats package), printed with
 *   y1 <- c(0.3, -1.2, 2.5, 0.0, 0.7, -0.4, 1.1); qqnorm(y1, plot.it = FALSE)$x        # n <= 10: a = 3/8
 *   y2 <- c(-0.8, 1.3, 0.2, -2.1, 0.9, 0.05, -0.35, 1.75, -1.1, 0.6, 0.4, -0.15, 2.2, -0.6, 0.15)   # n > 10: a = 1/2
 *   qqline coefficients: yq <- quantile(y, c(.25, .75)); xq <- qnorm(c(.25, .75)); slope = diff(yq)/diff(xq)
 */
import { describe, expect, it } from 'vitest';
import {
  binnedResidualMeans,
  diagnosticFigures,
  diagnosticsGrid,
  ppoints,
  qqLine,
  qqPoints,
  thinToGrid,
} from '../../src/figures/diagnostics';
import type { ScatterTrace } from '../../src/figures/types';
import { diagnosticsInput } from './fixtures';

const Y1 = [0.3, -1.2, 2.5, 0.0, 0.7, -0.4, 1.1];
const R_X1 = [0, -1.3644887481703283, 1.3644887481703285, -0.35293398612691645, 0.35293398612691662, -0.7582925569911515, 0.7582925569911515];
const Y2 = [-0.8, 1.3, 0.2, -2.1, 0.9, 0.05, -0.35, 1.75, -1.1, 0.6, 0.4, -0.15, 2.2, -0.6, 0.15];
const R_X2 = [
  -0.96742156610170138, 0.96742156610170138, 0.1678940047881054, -1.8339146358159142, 0.72791329088164447, -0.1678940047881054,
  -0.52440051270804067, 1.2815515655446008, -1.2815515655446008, 0.52440051270804067, 0.34069482708779536, -0.34069482708779547,
  1.8339146358159142, -0.72791329088164403, 0,
];
const R_LINE1 = { intercept: 0.35000000000000003, slope: 0.81543122017808112 };
const R_LINE2 = { intercept: 0.13750000000000007, slope: 0.9080938588346813 };

/** R's (x, y) pairs of qqnorm, sorted by y. */
function rPairs(y: number[], x: number[]): [number, number][] {
  return y.map((v, i) => [x[i], v] as [number, number]).sort((a, b) => a[1] - b[1]);
}

describe('QQ positions (R qqnorm / ppoints / qqline)', () => {
  it('ppoints uses a = 3/8 up to n = 10 and 1/2 above', () => {
    expect(ppoints(4)).toEqual([5 / 8 / 4.25, 13 / 8 / 4.25, 21 / 8 / 4.25, 29 / 8 / 4.25].map((v) => expect.closeTo(v, 15)));
    expect(ppoints(11)[0]).toBeCloseTo(0.5 / 11, 15);
    expect(ppoints(11)[10]).toBeCloseTo(10.5 / 11, 15);
  });

  for (const [name, y, x] of [
    ['n = 7', Y1, R_X1],
    ['n = 15', Y2, R_X2],
  ] as const) {
    it(`matches R's qqnorm for ${name}`, () => {
      const { theoretical, sample } = qqPoints(y);
      const expected = rPairs([...y], [...x]);
      expect(sample).toEqual(expected.map((p) => p[1]));
      theoretical.forEach((t, i) => expect(t).toBeCloseTo(expected[i][0], 12));
    });
  }

  it("matches R's qqline", () => {
    for (const [y, r] of [
      [Y1, R_LINE1],
      [Y2, R_LINE2],
    ] as const) {
      const line = qqLine(y);
      expect(line.intercept).toBeCloseTo(r.intercept, 12);
      expect(line.slope).toBeCloseTo(r.slope, 12);
    }
  });
});

describe('diagnostic figures', () => {
  const input = diagnosticsInput(600);

  it('plots every residual against its fitted value (no thinning at 600 points)', () => {
    const { residualsVsFitted } = diagnosticFigures(input);
    const pts = residualsVsFitted.data[0] as ScatterTrace;
    expect(pts.x).toEqual(input.fitted);
    expect(pts.y).toEqual(input.residuals);
    const zero = residualsVsFitted.data[1] as ScatterTrace;
    expect(zero.y).toEqual([0, 0]);
    const trend = residualsVsFitted.data[2] as ScatterTrace;
    expect(trend.x).toHaveLength(20);
    expect(trend.y).toEqual(binnedResidualMeans(input.fitted, input.residuals, 20).y);
    expect(diagnosticFigures(input, { trendBins: 0 }).residualsVsFitted.data).toHaveLength(2);
    expect((residualsVsFitted.layout as any).xaxis.title.text).toBe('Fitted value (rating points)');
  });

  it('draws the QQ points and quartile line of the residuals and of each random-effect term', () => {
    const figs = diagnosticFigures(input);
    const check = (fig: { data: unknown[] }, values: readonly number[]) => {
      const [pts, line] = fig.data as ScatterTrace[];
      const q = qqPoints(values);
      expect(pts.x).toEqual(q.theoretical);
      expect(pts.y).toEqual(q.sample);
      const { intercept, slope } = qqLine(values);
      (line.x as number[]).forEach((x, i) => expect(line.y[i] as number).toBeCloseTo(intercept + slope * x, 12));
    };
    check(figs.residualsQQ, input.residuals);
    expect(figs.ranefQQ.map((r) => `${r.term} | ${r.group}`)).toEqual(['(Intercept) | post', '(Intercept) | rater']);
    figs.ranefQQ.forEach((r, i) => check(r.figure, input.ranef[i].values));
  });

  it('thins large samples, drawing only real observations in input order', () => {
    const big = diagnosticsInput(8688, 11);
    const thin = diagnosticFigures(big).residualsVsFitted.data[0] as ScatterTrace;
    const full = diagnosticFigures(big, { thin: false }).residualsVsFitted.data[0] as ScatterTrace;
    expect(full.x).toHaveLength(8688);
    expect(thin.x.length).toBeLessThan(8688 / 2);
    // Every drawn point is a real observation, in input order.
    const index = new Map(big.fitted.map((f, i) => [f, i]));
    const idx = (thin.x as number[]).map((f) => index.get(f) as number);
    idx.forEach((i, k) => expect(thin.y[k]).toBe(big.residuals[i]));
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });

  it('binned residual means: equal-count bins along the fitted values (closed form)', () => {
    // fitted 0..89 in scrambled order, residual = 2 x fitted: bins {0..29}, {30..59}, {60..89}.
    const fitted = Array.from({ length: 90 }, (_, i) => (i * 37) % 90);
    const { x, y } = binnedResidualMeans(fitted, fitted.map((f) => 2 * f), 3);
    expect(x).toEqual([14.5, 44.5, 74.5]);
    expect(y).toEqual([29, 89, 149]);
    // At most one bin per 30 points.
    expect(binnedResidualMeans(fitted.slice(0, 59), fitted.slice(0, 59), 20).x).toHaveLength(1);
  });

  it('thinToGrid keeps the first point of each cell and drops only points sharing a kept cell', () => {
    const x = [0.1, 0.12, 0.9, 0.5, 0.52, 0.98];
    const y = [0.1, 0.11, 0.9, 0.5, 0.9, 0.95];
    // 10 x 10 cells on [0, 1]^2: (0.1,0.1) and (0.12,0.11) share cell (1,1); (0.9,0.9) and (0.98,0.95) share (9,9).
    expect(thinToGrid(x, y, [0, 1], [0, 1], 10, 10)).toEqual([0, 2, 3, 4]);
  });

  it('lays all panels out in one grid', () => {
    const grid = diagnosticsGrid(input);
    const layout = grid.layout as Record<string, any>;
    expect(grid.data).toHaveLength(9); // 4 panels x (points + line), + the binned means
    expect(layout.annotations.map((a: any) => a.text)).toEqual([
      '<b>Residuals vs fitted (line: binned means)</b>',
      '<b>Normal QQ: residuals</b>',
      '<b>Normal QQ: (Intercept) | post</b>',
      '<b>Normal QQ: (Intercept) | rater</b>',
    ]);
    // 2 x 2: panels 1 and 3 share a column, 1 and 2 a row; no two panels overlap.
    expect(layout.xaxis3.domain).toEqual(layout.xaxis.domain);
    expect(layout.yaxis2.domain).toEqual(layout.yaxis.domain);
    expect(layout.xaxis.domain[1]).toBeLessThan(layout.xaxis2.domain[0]);
    expect(layout.yaxis3.domain[1]).toBeLessThan(layout.yaxis.domain[0]);
  });

  it('names bad input', () => {
    expect(() => diagnosticFigures({ ...input, residuals: input.residuals.slice(1) })).toThrow(/fitted has 600 values but residuals has 599/);
    const ranef = [{ group: 'post', term: '(Intercept)', values: [0.1, NaN, 0.2] }];
    expect(() => diagnosticFigures({ ...input, ranef })).toThrow(/ranef 1 \(\(Intercept\) \| post\)\[1\] is not a finite number/);
  });
});
