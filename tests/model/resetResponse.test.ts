/**
 * BlockedSystem.resetResponse: one system switched from response to response in place (the power
 * simulation's refits) must give, bit for bit, the fits of a fresh copy per response (withResponse), in
 * any order, for the paper's design (absorbed post:rater block, post in the chain, rater in the dense tail)
 * and for a design whose tail holds several crossed terms; and it refuses another design.
 */
import { describe, expect, it } from 'vitest';
import { buildDesign, fitDesign, type LmmDesign, type LmmFit } from '../../src/model';
import { createRng } from '../../src/stats/random';

/** Ratings of `raters` raters, each rating `perRater` of `posts` posts under 3 sources. */
function ratings(raters: number, posts: number, perRater: number, seed: number): Record<string, unknown>[] {
  const rng = createRng(seed);
  const postEffect = Array.from({ length: posts }, () => 0.5 * rng.normal());
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < raters; r++) {
    const raterEffect = 0.7 * rng.normal();
    for (let k = 0; k < perRater; k++) {
      const post = (r * perRater + k) % posts;
      const cell = 0.6 * rng.normal();
      for (const source of ['a', 'b', 'c']) {
        rows.push({ rater: `r${r}`, post: `p${post}`, source, y: raterEffect + postEffect[post]! + cell + 0.4 * rng.normal() + (source === 'a' ? 0.3 : 0) });
      }
    }
  }
  return rows;
}

/** What must agree between two fits: everything the power simulation reports, as exact numbers. */
function summary(fit: LmmFit): unknown {
  const t = fit.contrast([0, 1, -1]);
  return { theta: Array.from(fit.theta), beta: Array.from(fit.beta), criterion: fit.criterion, sigma: fit.sigma, t };
}

function responses(d: LmmDesign, count: number): Float64Array[] {
  const rng = createRng(99);
  return Array.from({ length: count }, () => Float64Array.from(d.y, (v) => v + 0.3 * rng.normal()));
}

describe('BlockedSystem.resetResponse', () => {
  const cases = [
    { name: "the paper's model", formula: 'y ~ source + (1 | post:rater) + (1 | post) + (1 | rater)', rows: ratings(24, 12, 4, 1) },
    { name: 'with post:source (several crossed tail terms)', formula: 'y ~ source + (1 | post:rater) + (1 | post) + (1 | rater) + (1 | post:source)', rows: ratings(20, 16, 4, 2) },
  ];
  for (const c of cases) {
    it(`${c.name}: fits in place equal fits on fresh copies, in any order`, () => {
      const design = buildDesign(c.formula, c.rows, { reference: { source: 'a' } });
      const fit = fitDesign(design);
      expect(fit.singular).toBe(false);
      const base = fit.system;
      const ys = responses(design, 4);
      const fresh = ys.map((y) => {
        const d = { ...design, y };
        return summary(fitDesign(d, { start: [1, 1, 1, 1].slice(0, design.nTheta), derivatives: false }, base.withResponse(d)));
      });
      const work = base.withResponse(design);
      for (const order of [[0, 1, 2, 3], [3, 1, 0, 2]]) {
        for (const i of order) {
          const d = { ...design, y: ys[i]! };
          work.resetResponse(d);
          expect(work.design.y).toBe(ys[i]);
          expect(summary(fitDesign(d, { start: [1, 1, 1, 1].slice(0, design.nTheta), derivatives: false }, work))).toEqual(fresh[i]);
        }
      }
    });
  }

  it('refuses a design other than its own beyond the response', () => {
    const rows = ratings(12, 8, 4, 3);
    const design = buildDesign('y ~ source + (1 | post) + (1 | rater)', rows);
    const other = buildDesign('y ~ source + (1 | post) + (1 | rater)', rows);
    const work = fitDesign(design).system;
    expect(() => work.resetResponse(other)).toThrow(/differs from this system's beyond its response/);
    expect(() => work.resetResponse({ ...design, y: new Float64Array(3) })).toThrow(/has 3 values; the design has/);
  });
});
