/**
 * ReplicateRunner keeps one blocked system per design and switches it to each replicate's response in
 * place: a replicate's result must not depend on which replicates (of this design or another) ran before
 * it in the same runner, bit for bit. powerCurve reports the CPU time it took (all threads).
 */
import { describe, expect, it } from 'vitest';
import { powerCurve, ReplicateRunner, type LmmScenario, type PowerSpec } from '../../src/power/index';

const spec: PowerSpec = {
  scenario: { kind: 'lmm', means: { a: 0.5, b: 0, c: 0.2 }, sd: { rater: 0.5, post: 0.3, 'post:rater': 0.4 }, sigma: 1 } satisfies LmmScenario,
  layout: { posts: 6, postsPerRater: 3, conditions: ['a', 'b', 'c'] },
  analysis: 'lmm',
  formula: 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)',
  contrast: ['a', 'b'],
  alpha: 0.05,
  seed: 8,
};

describe('ReplicateRunner', () => {
  it("gives a replicate's result whatever ran before it in the same runner", () => {
    const alone = [0, 1, 2, 3].map((i) => JSON.stringify(new ReplicateRunner(spec).run(10, i)));
    const runner = new ReplicateRunner(spec);
    runner.run(6, 0);
    const inSequence = [3, 2, 1, 0].map((i) => JSON.stringify(runner.run(10, i))).reverse();
    expect(inSequence).toEqual(alone);
    expect(new Set(alone).size).toBe(4);
  });

  it('powerCurve states the CPU time of the run in its last log line and result', async () => {
    const lines: string[] = [];
    const res = await powerCurve({ scenario: spec.scenario, layout: spec.layout, raters: [6], nsim: 3, contrast: spec.contrast, jobs: 1, log: (m) => lines.push(m) });
    expect(res.cpuSeconds).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^Power simulation done in .*; CPU time \d+\.\d s on all threads\)\.$/);
  });
});
