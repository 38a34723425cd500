/**
 * Kenward-Roger: the structured implementation (no n x n matrix) against a literal dense transcription of
 * pbkrtest's vcovAdj / Lb_ddf (tests/inference/krDense.ts) at the same fitted parameters, over designs with
 * crossed, nested, correlated and uncorrelated slope terms, rank deficiency and singular fits. The values
 * against pbkrtest itself are in emmeans.test.ts (reference files *_kr.json).
 */
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../../src/model';
import { kenwardRoger, krModelFromFit, type KrModel } from '../../src/inference';
import { createRng } from '../../src/stats/random';
import { denseKenwardRoger } from './krDense';
import { expectClose, readJson, readReferenceCsv } from './helpers';

function compare(model: KrModel, label: string, rel = 1e-8): void {
  const dense = denseKenwardRoger(model);
  for (const shortcut of [true, false]) compareOne(kenwardRoger(model, { shortcut }), dense, model.p, `${label}${shortcut ? '' : ' (no Woodbury shortcut)'}`, rel);
}

function compareOne(fast: ReturnType<typeof kenwardRoger>, dense: ReturnType<typeof denseKenwardRoger>, p: number, label: string, rel: number): void {
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(dense.vcovAdjusted.get(i, i)));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) expectClose(fast.vcovAdjusted[i * p + j]!, dense.vcovAdjusted.get(i, j), rel, 1e-12 * scale, `${label} vcovAdj[${i}][${j}]`);
    const L = new Array(p).fill(0);
    L[i] = 1;
    expectClose(fast.df(L), dense.df(L), rel, 1e-9, `${label} df[${i}]`);
  }
  const L = Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -0.5));
  expectClose(fast.df(L), dense.df(L), rel, 1e-9, `${label} df of a combination`);
}

const CASES = ['sleepstudy_reml', 'penicillin', 'pastes_nested', 'nested', 'uncorrelated_slope', 'crossed_missing_cells', 'slope_factor', 'singular_intercept'];

describe('Kenward-Roger without n x n matrices = pbkrtest by the book', () => {
  for (const name of CASES) {
    it(name, () => {
      const ref = readJson('tests', 'reference', 'lmm', `${name}.json`);
      const fit = fitLmm(ref.formula, readReferenceCsv(ref.data.csv));
      compare(krModelFromFit(fit), name);
    });
  }

  it('a rating design with post:rater nested in crossed raters and posts', () => {
    const rng = createRng(11);
    const rows: Record<string, unknown>[] = [];
    const ru = Array.from({ length: 12 }, () => 0.5 * rng.normal());
    const pu = Array.from({ length: 8 }, () => 0.3 * rng.normal());
    for (let r = 0; r < 12; r++) for (let p = 0; p < 8; p++) {
      if (rng.uniform() < 0.3) continue;
      const pr = 0.4 * rng.normal();
      for (const s of ['a', 'b', 'c']) rows.push({ y: 3 + (s === 'b' ? 0.4 : s === 'c' ? -0.2 : 0) + ru[r]! + pu[p]! + pr + 0.8 * rng.normal(), s, rater: `r${r}`, post: `p${p}` });
    }
    const fit = fitLmm('y ~ s + (1 | post:rater) + (1 | post) + (1 | rater)', rows);
    compare(krModelFromFit(fit), 'rating design');
  });

  it('vector-valued terms on both sides of the split (k = 2 for term 1 and for a later term)', () => {
    const rng = createRng(5);
    const rows: Record<string, unknown>[] = [];
    for (let g = 0; g < 15; g++) {
      const a = rng.normal();
      const b = 0.5 * rng.normal();
      for (let i = 0; i < 8; i++) {
        const h = (g * 3 + i) % 6;
        const x = rng.uniform() * 4;
        rows.push({ y: 1 + 0.5 * x + a + b * x + 0.3 * h + rng.normal(), x, g: `g${g}`, h: `h${h}` });
      }
    }
    const fit = fitLmm('y ~ x + (1 + x | g) + (1 + x | h)', rows);
    compare(krModelFromFit(fit), 'two slope terms', 1e-7);
  });

  it('a dense-block variance at 0 (post effect absent): the direct products are used', () => {
    const rng = createRng(21);
    const rows: Record<string, unknown>[] = [];
    for (let r = 0; r < 10; r++) {
      const ru = 0.7 * rng.normal();
      for (let p = 0; p < 6; p++) for (const s of ['a', 'b']) rows.push({ y: (s === 'b' ? 0.5 : 0) + ru + rng.normal(), s, rater: `r${r}`, post: `p${p}` });
    }
    // Remove every between-post difference, so the post variance is estimated at its bound 0.
    const ys = rows.map((r) => r.y as number);
    const grand = ys.reduce((a, b) => a + b, 0) / ys.length;
    for (let p = 0; p < 6; p++) {
      const mine = rows.filter((r) => r.post === `p${p}`);
      const m = mine.reduce((a, r) => a + (r.y as number), 0) / mine.length;
      for (const r of mine) r.y = (r.y as number) - m + grand;
    }
    const fit = fitLmm('y ~ s + (1 | rater) + (1 | post)', rows);
    const model = krModelFromFit(fit);
    const post = model.terms.find((t) => t.name === 'post')!;
    expect(post.lambda[0]).toBeLessThan(1e-3);
    compare(model, 'singular post term', 1e-7);
  });

  it('refuses a model without random effects', () => {
    expect(() => kenwardRoger({ n: 2, p: 1, X: Float64Array.of(1, 1), terms: [], sigma: 1, vcov: Float64Array.of(1) })).toThrow(/random-effects/);
  });
});
