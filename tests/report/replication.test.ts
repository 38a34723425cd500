import { LEE2024_CLAIMS_FILE } from '../../src/studies/lee2024/report';
import { sourceLabel } from '../../src/studies/lee2024/labels';
import { describe, expect, it } from 'vitest';
import { readClaims, type ClaimSet } from '../../src/report/claims';
import { buildReplicationReport, changedVerdicts, replicationMarkdown, summaryLine } from '../../src/report/replication';
import { printedDecimals, roundTo, verdictForBound, verdictForInterval, verdictForValue, worst } from '../../src/report/verdict';

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

describe('the rounded-bound verdict: one rule for every bound', () => {
  it('printed decimals of a bound', () => {
    expect([0.65, 0.25, 0.54, 0.07, 0.001, 0, 12.6, 1e-7].map(printedDecimals)).toEqual([2, 2, 2, 2, 3, 0, 1, 7]);
  });
  it("a bound ours misses but that is ours rounded to the bound's decimals; never for a value equal to the bound or beyond rounding", () => {
    // the paper's "p's > .65 / .25 / .54" against the smallest p values of LIWC-22's output
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.6451)).toBe('rounded-bound');
    expect(verdictForBound({ op: '>', value: 0.25 }, 0.2473)).toBe('rounded-bound');
    expect(verdictForBound({ op: '>', value: 0.54 }, 0.5395)).toBe('rounded-bound');
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.6449)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.65)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.6501)).toBe('reproduced');
    // the same rule for "<" bounds and for counts: p < .001 against .0014; a count of 0 is not "> 0"
    expect(verdictForBound({ op: '<', value: 0.001 }, 0.0014)).toBe('rounded-bound');
    expect(verdictForBound({ op: '<', value: 0.001 }, 0.0015)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0 }, 0)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0 }, NaN)).toBe('differs');
    expect(verdictForBound({ op: '>', value: 0.65 }, 0.6451, 3)).toBe('differs');
  });
  it('ranks between off-by-one and reproduced', () => {
    expect(worst(['reproduced', 'rounded-bound'])).toBe('rounded-bound');
    expect(worst(['rounded-bound', 'rounding'])).toBe('rounding');
    expect(worst(['rounded-bound', 'differs'])).toBe('differs');
  });
  it('in the report: its own count, its own words in the table and the legend, a note that says why; also for a stated p bound', () => {
    const set: ClaimSet = {
      paper: 'p',
      transcribed_from: 't',
      claims: [
        { id: 'we', kind: 'feature_p_min', study: 2, feature: 'we', value: { op: '>', value: 0.65 } },
        { id: 't', kind: 't', study: 1, measure: 'empathy', contrast: ['gpt4', 'human'], value: 3.1, decimals: 2, p: { op: '<', value: 0.001 } },
        { id: 'ok', kind: 'feature_p_min', study: 2, feature: 'they', value: { op: '>', value: 0.07 } },
      ],
    };
    const r = buildReplicationReport(set, [
      { id: 'we', value: 0.6451 },
      { id: 't', value: 3.1, p: 0.0012 },
      { id: 'ok', value: 0.0747 },
    ]);
    expect(r.rows.map((x) => x.verdict)).toEqual(['rounded-bound', 'rounded-bound', 'reproduced']);
    expect(r.counts).toEqual({ reproduced: 1, rounding: 0, 'rounded-bound': 2, differs: 0 });
    expect(r.rows[0]!.note).toBe('ours is 0.6451, which does not satisfy > 0.65; rounded to 2 decimals it is 0.65: the bound is our value rounded');
    expect(r.rows[1]!.note).toMatch(/ours is 0\.00120, which does not satisfy < 0\.001/);
    const md = replicationMarkdown(r);
    expect(md).toContain('| Study 2 we: every pairwise p | > 0.65 | 0.6451 | bound is our value rounded |');
    expect(md).toContain("*bound is our value rounded* = the paper states a bound (e.g. p's > .65) that ours does not satisfy");
    expect(md).toContain('Summary: 1 reproduced, 0 off by one in the last digit, 2 bound is our value rounded, 0 differ.');
    expect(summaryLine(r.counts)).toBe('1 reproduced, 0 off by one in the last digit, 2 bound is our value rounded, 0 differ');
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
    expect(r.counts).toEqual({ reproduced: 1, rounding: 0, 'rounded-bound': 0, differs: 1 });
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

describe('changed verdicts and sections', () => {
  const row = (id: string, verdict: 'reproduced' | 'rounding' | 'rounded-bound' | 'differs') => ({ id, what: id, paper: '', ours: '', verdict, note: '', value: 0, p: null });
  it('lists the rows whose verdict changed, new and dropped rows included, in the new report\'s order', () => {
    const before = { rows: [row('a', 'differs'), row('b', 'reproduced'), row('gone', 'differs')] };
    const after = { rows: [row('b', 'reproduced'), row('a', 'rounded-bound'), row('new', 'reproduced')] };
    expect(changedVerdicts(before, after)).toEqual([
      { id: 'a', before: 'differs', after: 'rounded-bound' },
      { id: 'new', before: null, after: 'reproduced' },
      { id: 'gone', before: 'differs', after: null },
    ]);
    expect(changedVerdicts(after, after)).toEqual([]);
  });
  it('renders sections after the claims: title, paragraphs, table with escaped cells', () => {
    const r = buildReplicationReport({ paper: 'p', transcribed_from: 't', claims: [] }, []);
    r.sections.push({ title: 'Table IV', paragraphs: ['First.', 'Second.'], table: { columns: ['model', 'MAE'], rows: [['a | b', '0.44']] } });
    const md = replicationMarkdown(r);
    expect(md).toContain('## Table IV\n\nFirst.\n\nSecond.\n\n| model | MAE |\n|---|---|\n| a \\| b | 0.44 |\n');
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
