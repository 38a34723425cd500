import { LEE2024_CLAIMS_FILE } from '../../src/studies/lee2024/report';
import { sourceLabel } from '../../src/studies/lee2024/labels';
import { describe, expect, it } from 'vitest';
import { readClaims, type ClaimSet } from '../../src/report/claims';
import { buildReplicationReport, replicationMarkdown } from '../../src/report/replication';
import { roundTo, verdictForBound, verdictForInterval, verdictForValue } from '../../src/report/verdict';

describe('verdicts', () => {
  it('rounds half away from zero like a reader', () => {
    expect(roundTo(2.345, 2)).toBe(2.35);
    expect(roundTo(-2.345, 2)).toBe(-2.35);
    expect(roundTo(20.1349, 2)).toBe(20.13);
  });
  it('reproduced / rounding / differs by the printed precision', () => {
    expect(verdictForValue(20.13, 20.1312, 2)).toBe('reproduced');
    expect(verdictForValue(20.13, 20.1251, 2)).toBe('reproduced');
    expect(verdictForValue(20.13, 20.1449, 2)).toBe('rounding');
    expect(verdictForValue(20.13, 20.16, 2)).toBe('differs');
    expect(verdictForValue(12.6, 12.64, 1)).toBe('reproduced');
    expect(verdictForValue(1, NaN, 0)).toBe('differs');
  });
  it('bounds and intervals', () => {
    expect(verdictForBound({ op: '<', value: 0.001 }, 1e-20)).toBe('reproduced');
    expect(verdictForBound({ op: '<', value: 0.001 }, 0.002)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.7)).toBe('reproduced');
    expect(verdictForInterval([3.19, 3.62], [3.192, 3.626], 2)).toBe('rounding');
    expect(verdictForInterval([3.19, 3.62], [3.192, 3.621], 2)).toBe('reproduced');
  });
});

describe('replication report', () => {
  const set: ClaimSet = {
    paper: 'test',
    transcribed_from: 'test',
    claims: [
      { id: 'a', kind: 't', study: 1, measure: 'empathy', contrast: ['gpt4', 'human'], value: 20.13, decimals: 2, p: { op: '<', value: 0.001 } },
      { id: 'b', kind: 'mean', study: 1, measure: 'empathy', source: 'human', value: 3.41, decimals: 2 },
      { id: 'c', kind: 'paper_ci', study: 1, measure: 'empathy', source: 'human', value: [3.19, 3.62], decimals: 2 },
    ],
  };
  it('compares t in absolute value, checks the stated p, and lists uncovered claims', () => {
    const r = buildReplicationReport(
      set,
      [
        { id: 'a', value: -20.131, p: 1e-80 },
        { id: 'b', value: 3.5 },
      ],
      sourceLabel,
    );
    expect(r.rows.map((x) => x.verdict)).toEqual(['reproduced', 'differs']);
    expect(r.notCovered).toEqual(['c']);
    expect(r.counts).toEqual({ reproduced: 1, rounding: 0, differs: 1 });
    const md = replicationMarkdown(r);
    expect(md).toContain('| Study 1 empathy contrast GPT4 vs Human: t | 20.13, p < 0.001 | 20.13, p = 1.00e-80 | reproduced |');
    expect(md).toContain('not (yet) covered by an analysis: c');
  });
  it('a wrong p fails the row even when t matches', () => {
    const r = buildReplicationReport(set, [{ id: 'a', value: 20.13, p: 0.01 }]);
    expect(r.rows[0]!.verdict).toBe('differs');
  });
  it('refuses measurements of unknown claims and missing p values', () => {
    expect(() => buildReplicationReport(set, [{ id: 'zz', value: 1 }])).toThrow(/no claim 'zz'/);
    expect(() => buildReplicationReport(set, [{ id: 'a', value: 20.13 }])).toThrow(/states a p value/);
  });
  it('the committed claim file has unique ids and the targets of issue 4', () => {
    const claims = readClaims(LEE2024_CLAIMS_FILE).claims;
    const ids = claims.map((c) => c.id);
    for (const id of ['s1.t.human_gpt4', 's1.t.human_llama2', 's1.t.human_mistral', 's1.t.gpt4high_gpt4', 's1.t.gpt4_llama2', 's1.t.gpt4_mistral', 's2.t.gpt4_mistral', 's2.t.llama2_mistral', 's2.p.gpt4_llama2', 'cross.p.gpt4']) {
      expect(ids).toContain(id);
    }
  });
});

describe('exact claims', () => {
  it('a count claim marked exact is reproduced only when equal (no off-by-one verdict)', () => {
    const set: ClaimSet = { paper: 't', transcribed_from: 't', claims: [{ id: 'n', kind: 'top_ngrams', value: 3, decimals: 0, exact: true, terms: ['a', 'b', 'c'], source: 'gpt4' }] };
    expect(buildReplicationReport(set, [{ id: 'n', value: 2 }]).rows[0]!.verdict).toBe('differs');
    expect(buildReplicationReport(set, [{ id: 'n', value: 3 }]).rows[0]!.verdict).toBe('reproduced');
    expect(buildReplicationReport(set, [{ id: 'n', value: 3 }], (s) => ({ gpt4: 'GPT4' })[s] ?? s).rows[0]!.what).toBe('top-weighted n-grams of GPT4 found: "a", "b", "c"');
  });
});
