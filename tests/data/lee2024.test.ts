/**
 * The Lee et al. (2024) loaders on the released data (cache filled by tests/setup/data.ts). References: the
 * counts stated in the data README / paper, and the paper's reported mean empathy per source.
 */
import { describe, expect, it } from 'vitest';
import { CANONICAL_SOURCES, RATING_COLUMNS, toFrame, type RatingRecord } from '../../src/data/index';
import { loadLee2024Raters, loadLee2024Ratings, loadLee2024Responses } from '../../src/studies/lee2024/index';

const study1 = loadLee2024Ratings({ study: 1 });
const study2 = loadLee2024Ratings({ study: 2 });

const count = (rs: readonly RatingRecord[], m: string) => rs.filter((r) => r.measure === m).length;
const raters = (rs: readonly RatingRecord[]) => new Set(rs.map((r) => r.rater)).size;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('loadLee2024Ratings', () => {
  it('gives exactly 8,688 + 8,688 Study 1 ratings from 193 raters', () => {
    expect(count(study1.records, 'empathy')).toBe(8688);
    expect(count(study1.records, 'appropriateness')).toBe(8688);
    expect(study1.records).toHaveLength(17376);
    expect(raters(study1.records)).toBe(193);
  });

  it('gives exactly 6,060 + 6,060 Study 2 ratings from 202 raters', () => {
    expect(count(study2.records, 'empathy')).toBe(6060);
    expect(count(study2.records, 'appropriateness')).toBe(6060);
    expect(raters(study2.records)).toBe(202);
  });

  it('loads both studies by default, and nothing else', () => {
    const all = loadLee2024Ratings();
    expect(all.records).toHaveLength(17376 + 12120);
    expect(new Set(all.records.map((r) => r.study))).toEqual(new Set([1, 2]));
  });

  it('uses the canonical source names', () => {
    expect(new Set(study1.records.map((r) => r.source))).toEqual(new Set(['human', 'gpt4', 'gpt4_high', 'gpt4_low', 'llama2', 'mistral']));
    expect(new Set(study2.records.map((r) => r.source))).toEqual(new Set(['gpt4', 'llama2', 'mistral']));
    expect([...study1.records, ...study2.records].filter((r) => !CANONICAL_SOURCES.includes(r.source as never))).toEqual([]);
  });

  it('maps each raw source to the right model: mean empathy per source equals the paper (2 decimals)', () => {
    // Lee et al. (2024), Fig. 2 / text: Study 1 Human 3.41, GPT4 4.09, Llama2 4.09, Mistral 3.70, GPT4-low 2.21,
    // GPT4-high 4.14; human appropriateness 3.99. Study 2 GPT4 4.04, Llama2 4.02, Mistral 3.74.
    const m = (rs: readonly RatingRecord[], source: string, measure = 'empathy') =>
      Number(mean(rs.filter((r) => r.source === source && r.measure === measure).map((r) => r.rating)).toFixed(2));
    expect(m(study1.records, 'human')).toBe(3.41);
    expect(m(study1.records, 'gpt4')).toBe(4.09);
    expect(m(study1.records, 'llama2')).toBe(4.09);
    expect(m(study1.records, 'mistral')).toBe(3.7);
    expect(m(study1.records, 'gpt4_low')).toBe(2.21);
    expect(m(study1.records, 'gpt4_high')).toBe(4.14);
    expect(m(study1.records, 'human', 'appropriateness')).toBe(3.99);
    expect(m(study2.records, 'gpt4')).toBe(4.04);
    expect(m(study2.records, 'llama2')).toBe(4.02);
    expect(m(study2.records, 'mistral')).toBe(3.74);
  });

  it('makes raters unique across groups while rater_raw keeps the colliding SubjectNum', () => {
    const g1 = study1.records.filter((r) => r.group === 1);
    const g2 = study1.records.filter((r) => r.group === 2);
    expect(raters(g1)).toBe(96);
    expect(raters(g2)).toBe(97);
    expect(g1.filter((r) => r.rater !== `s1g1-${r.rater_raw}`)).toEqual([]);
    expect(g2.filter((r) => r.rater !== `s1g2-${r.rater_raw}`)).toEqual([]);
    expect(study2.records.filter((r) => r.rater !== `s2-${r.rater_raw}`)).toEqual([]);
    // the paper's coding collides: SubjectNum 1..96 exist in both groups
    expect(new Set(study1.records.map((r) => r.rater_raw)).size).toBe(97);
    expect(study2.records.every((r) => r.group === 1)).toBe(true);
  });

  it('gives Study 1 group 1 posts 1-7 and group 2 posts 8-15; Study 2 posts 1-120', () => {
    expect(new Set(study1.records.filter((r) => r.group === 1).map((r) => r.post))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    expect(new Set(study1.records.filter((r) => r.group === 2).map((r) => r.post))).toEqual(new Set([8, 9, 10, 11, 12, 13, 14, 15]));
    expect(new Set(study2.records.map((r) => r.post)).size).toBe(120);
  });

  it('has one rating per (rater, post, source, measure), all whole numbers 1-5', () => {
    for (const { records } of [study1, study2]) {
      const keys = new Set(records.map((r) => `${r.rater}|${r.post}|${r.source}|${r.measure}`));
      expect(keys.size).toBe(records.length);
      expect(records.filter((r) => ![1, 2, 3, 4, 5].includes(r.rating))).toEqual([]);
    }
  });

  it('gives each Study 2 rater 10 posts x 3 sources per measure', () => {
    const per = new Map<string, number>();
    for (const r of study2.records) if (r.measure === 'empathy') per.set(r.rater, (per.get(r.rater) ?? 0) + 1);
    expect(new Set(per.values())).toEqual(new Set([30]));
  });

  it('takes the domain of each post from the responses file', () => {
    const responses = loadLee2024Responses().records;
    const domain = new Map(responses.map((r) => [`${r.study}-${r.post}`, r.domain]));
    expect([...study1.records, ...study2.records].filter((r) => r.domain !== domain.get(`${r.study}-${r.post}`))).toEqual([]);
    expect(study1.records.find((r) => r.post === 1)!.domain).toBe('work');
    expect(study2.records.find((r) => r.post === 1)!.domain).toBe('anger');
  });

  it('reports rows in/kept, counts by measure, and the cells not shown', () => {
    const r1 = study1.report;
    expect(r1.rowsIn).toBe(193);
    expect(r1.rowsKept).toBe(193);
    expect(r1.rowsDropped).toBe(0);
    expect(r1.recordsOut).toBe(17376);
    expect(r1.toText()).toMatch(/Study 1 empathy ratings\s+8,688/);
    expect(r1.toText()).toMatch(/not shown to the rater\): 0/);
    // Study 2: 202 raters x 720 rating cells, 60 of them filled per rater
    expect(study2.report.notes.find((n) => /not shown/.test(n.label))!.count).toBe(202 * 720 - 12120);
    expect(study2.report.toText()).toMatch(/attention_check, Block Randomizer - Display Order \(not ratings\)/);
    expect(study2.report.toHtml()).toMatch(/^<table class="empathy-lab-load-report">.*6,060.*<\/table>$/s);
  });

  it('builds a DataFrame with the RatingRecord columns and the same rows', () => {
    const df = study1.frame();
    expect(df.shape).toEqual([17376, 9]);
    expect(df.columns).toEqual([...RATING_COLUMNS]);
    const ratings = df.column('rating').values as number[];
    expect(ratings.reduce((a, b) => a + b, 0)).toBe(study1.records.reduce((a, r) => a + r.rating, 0));
    expect(df.column('rater').values[0]).toBe(study1.records[0]!.rater);
    expect(study1.frame()).toBe(df); // built once
    const empty = toFrame([] as RatingRecord[], RATING_COLUMNS);
    expect([empty.shape, empty.columns]).toEqual([[0, 9], [...RATING_COLUMNS]]);
  }, 60_000);
});

describe('loadLee2024Responses', () => {
  const { records, report } = loadLee2024Responses();
  it('gives Study 1 15 posts x 6 sources = 90 responses and Study 2 120 x 3 = 360', () => {
    const s1 = records.filter((r) => r.study === 1);
    const s2 = records.filter((r) => r.study === 2);
    expect(s1).toHaveLength(90);
    expect(s2).toHaveLength(360);
    expect(new Set(s1.map((r) => r.post)).size).toBe(15);
    expect(new Set(s2.map((r) => r.post)).size).toBe(120);
    expect(new Set(s1.map((r) => r.source))).toEqual(new Set(['human', 'gpt4', 'gpt4_high', 'gpt4_low', 'llama2', 'mistral']));
    expect(new Set(s2.map((r) => r.source))).toEqual(new Set(['gpt4', 'llama2', 'mistral']));
    expect(report.recordsOut).toBe(450);
  });

  it('keeps the seeker post, its length, quoted line breaks, and 20 posts per Study 2 domain', () => {
    const first = records.find((r) => r.study === 1 && r.post === 1 && r.source === 'human')!;
    expect(first.seeker_post.startsWith('I was reviewing my compensation')).toBe(true);
    expect(first.length).toBe(77);
    expect(records.find((r) => r.study === 1 && r.post === 1 && r.source === 'gpt4')!.text.startsWith('Hello,\n')).toBe(true);
    const perDomain = new Map<string, number>();
    for (const r of records) if (r.study === 2 && r.source === 'gpt4') perDomain.set(r.domain, (perDomain.get(r.domain) ?? 0) + 1);
    expect(perDomain.size).toBe(6);
    expect(new Set(perDomain.values())).toEqual(new Set([20]));
  });
});

describe('loadLee2024Raters', () => {
  it('gives one record per rater with the demographic codes', () => {
    const { records } = loadLee2024Raters();
    expect(records).toHaveLength(395);
    expect(new Set(records.map((r) => r.rater)).size).toBe(395);
    for (const r of records) expect([1, 2, 3, 4, null]).toContain(r.gender);
    expect(records[0]).toMatchObject({ rater: 's1g1-1', age: 24, gender: 2, native_language: 'English' });
  });
});
