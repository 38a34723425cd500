/** The bounded derivative-free optimizer on problems with known minima (interior and on the bound). */
import { describe, expect, it } from 'vitest';
import { minimizeBounded, trustRegionStep } from '../../src/model/optimizer';

describe('minimizeBounded', () => {
  it('finds an interior minimum of a rotated quadratic', () => {
    const f = (x: Float64Array) => 3 * (x[0]! - 1) ** 2 + (x[1]! + 2) ** 2 + (x[0]! - 1) * (x[1]! + 2) + 5;
    const r = minimizeBounded(f, [0, 0], { rhoEnd: 1e-9 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-7);
    expect(Math.abs(r.x[1]! + 2)).toBeLessThan(1e-7);
    expect(r.f - 5).toBeLessThan(1e-12);
  });

  it('stops on the bound when the unconstrained minimum is outside', () => {
    const f = (x: Float64Array) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 0.5) ** 2;
    const r = minimizeBounded(f, [1, 1], { lower: [0, 0], rhoEnd: 1e-9 });
    expect(r.x[1]).toBe(0);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-7);
    expect(Math.abs(r.f - 2.5)).toBeLessThan(1e-12);
  });

  it('solves the Rosenbrock function in 4 dimensions', () => {
    const f = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
      return s;
    };
    const r = minimizeBounded(f, [-1.2, 1, -1.2, 1], { rhoBeg: 0.5, rhoEnd: 1e-8, maxEval: 5000 });
    for (let i = 0; i < 4; i++) expect(Math.abs(r.x[i]! - 1)).toBeLessThan(1e-5);
  });

  it('reports non-convergence when maxEval stops it', () => {
    const r = minimizeBounded((x) => (x[0]! - 3) ** 4 + x[1]! ** 2, [0, 1], { maxEval: 8 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(9);
  });
});

describe('trustRegionStep', () => {
  it('takes the Newton step inside the region and respects ball and bounds', () => {
    const g = Float64Array.of(-2, 0);
    const H = Float64Array.of(2, 0, 0, 2);
    const inside = trustRegionStep(g, H, 10, Float64Array.of(-Infinity, -Infinity), Float64Array.of(Infinity, Infinity), 2);
    expect(Array.from(inside)).toEqual([1, 0]);
    const ball = trustRegionStep(g, H, 0.5, Float64Array.of(-Infinity, -Infinity), Float64Array.of(Infinity, Infinity), 2);
    expect(Math.abs(ball[0]! - 0.5)).toBeLessThan(1e-12);
    const bounded = trustRegionStep(g, H, 10, Float64Array.of(-1, -1), Float64Array.of(0.25, 1), 2);
    expect(bounded[0]).toBe(0.25);
    // Negative curvature: the step goes to the boundary.
    const neg = trustRegionStep(Float64Array.of(0.1, 0), Float64Array.of(-1, 0, 0, 1), 1, Float64Array.of(-5, -5), Float64Array.of(5, 5), 2);
    expect(Math.abs(Math.hypot(neg[0]!, neg[1]!) - 1)).toBeLessThan(1e-9);
    expect(neg[0]).toBeLessThan(0);
  });
});
