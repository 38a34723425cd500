/**
 * compareLmmClmm: the paper's Study 2 comparisons refitted as a CLMM beside the LMM. Each side is checked
 * against its own R reference (lme4 + lmerTest: tests/reference/lmm; ordinal: tests/reference/clmm), and the
 * "conclusion holds" flag against the decisions those reference numbers imply.
 */
import { describe, expect, it } from 'vitest';
import { compareLmmClmm } from '../../src/ordinal/index';
import { hasReference, readReference, referenceRows, relErr } from './helpers';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/util/paths';

const FORMULA = 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)';

describe.runIf(hasReference('paper_study2_empathy_unique_postrater'))('compareLmmClmm on Study 2 (paper model)', () => {
  const clmmRef = readReference('paper_study2_empathy_unique_postrater');
  const lmmRef = JSON.parse(readFileSync(fromRoot('tests', 'reference', 'lmm', 'paper_study2_empathy_unique.json'), 'utf8')) as {
    fixef: { term: string; estimate: number; se: number; df: number; t: number; p: number }[];
    satterthwaite_contrasts: { label: string; estimate: number; se: number; df: number; t: number; p: number }[];
  };
  const rows = referenceRows(clmmRef);
  const res = compareLmmClmm(FORMULA, rows, { factor: 'source', reference: { source: 'gpt4' }, labels: { gpt4: 'GPT-4', llama2: 'Llama-2', mistral: 'Mistral' } });

  it('gives every pair once, in level order, with both models\' numbers', () => {
    expect(res.rows.map((r) => r.comparison)).toEqual(['GPT-4 vs Llama-2', 'GPT-4 vs Mistral', 'Llama-2 vs Mistral']);
    const coef = (t: string) => clmmRef.coefficients.find((c) => c.term === t)!;
    const fix = (t: string) => lmmRef.fixef.find((c) => c.term === t)!;
    // gpt4 - llama2 = -sourcellama2, in both models.
    const [gl, gm, lm] = res.rows as [typeof res.rows[0], typeof res.rows[0], typeof res.rows[0]];
    expect(gl.lmm.estimate).toBeCloseTo(-fix('sourcellama2').estimate, 6);
    expect(relErr(gl.lmm.se, fix('sourcellama2').se)).toBeLessThan(1e-4);
    expect(relErr(gl.lmm.df, fix('sourcellama2').df)).toBeLessThan(1e-3);
    expect(gl.lmm.p).toBeCloseTo(fix('sourcellama2').p, 4);
    expect(gm.lmm.estimate).toBeCloseTo(-fix('sourcemistral').estimate, 6);
    const llm = lmmRef.satterthwaite_contrasts.find((c) => c.label === 'llama2 - mistral')!;
    expect(lm.lmm.estimate).toBeCloseTo(llm.estimate, 6);
    expect(relErr(lm.lmm.se, llm.se)).toBeLessThan(1e-4);
    expect(Math.abs(gl.clmm.estimate + coef('sourcellama2').estimate)).toBeLessThan(1e-4 * coef('sourcellama2').se);
    expect(relErr(gl.clmm.se, coef('sourcellama2').se)).toBeLessThan(1e-4);
    expect(gl.clmm.p).toBeCloseTo(coef('sourcellama2').p, 4);
    expect(Math.abs(gm.clmm.estimate + coef('sourcemistral').estimate)).toBeLessThan(1e-4 * coef('sourcemistral').se);
    expect(gm.clmm.z).toBeCloseTo(-coef('sourcemistral').z, 3);
  });

  it('flags whether each conclusion holds, from the decisions at alpha', () => {
    const [gl, gm, lm] = res.rows;
    // R: LMM p = .41 and CLMM p = .90 for GPT-4 vs Llama-2 (no difference in either); Mistral lower in both.
    expect(gl!.lmmDecision).toBe('no difference');
    expect(gl!.clmmDecision).toBe('no difference');
    expect(gm!.lmmDecision).toBe('higher');
    expect(gm!.clmmDecision).toBe('higher');
    expect(lm!.lmmDecision).toBe('higher');
    expect(res.rows.every((r) => r.holds)).toBe(true);
    expect(res.overall).toBe('All 3 conclusions hold when the ratings are modelled as ordinal (CLMM) instead of numeric (LMM).');
    expect(gm!.sentence).toMatch(/^GPT-4 vs Mistral: LMM \+0\.30 points \(p < \.001\), CLMM \+0\.81 logits \(p < \.001\)\. Both models: GPT-4 rated higher than Mistral at alpha = 0\.05; the conclusion holds/);
  });

  it('reports a conclusion that does not hold (alpha between the two p values, fits reused)', () => {
    const r = compareLmmClmm(FORMULA, rows, { factor: 'source', reference: { source: 'gpt4' }, alpha: 0.6, lmm: res.lmm, clmm: res.clmm, pairs: [['gpt4', 'llama2']] });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.lmmDecision).toBe('higher'); // p = .41 < .6, estimate +0.0198
    expect(r.rows[0]!.clmmDecision).toBe('no difference'); // p = .90
    expect(r.rows[0]!.holds).toBe(false);
    expect(r.rows[0]!.sentence).toMatch(/does NOT hold/);
    expect(r.overall).toBe('0 of 1 conclusions hold when the ratings are modelled as ordinal; they differ for gpt4 vs llama2.');
    expect(() => compareLmmClmm(FORMULA, rows, { factor: 'source', lmm: res.lmm, clmm: res.clmm, pairs: [['gpt4', 'human']] })).toThrow(/'human' is not a level of 'source'/);
  });
});
