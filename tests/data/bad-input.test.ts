/**
 * Bad input: each problem gives a DataError naming file, row and column (or a counted drop where a user
 * would expect one). Generic long loader on small files; the Lee 2024 wide loader on damaged copies.
 */
import { copyFileSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, loadLongRatings, parseLongRatings, type LongRatingsOptions } from '../../src/data/index';
import { loadLee2024Ratings, loadLee2024Responses } from '../../src/studies/lee2024/index';
import { CACHE, cleanupTemp, tempDir } from './helpers';

afterAll(cleanupTemp);

const OPTS: LongRatingsOptions = {
  columns: { rater: 'participant', post: 'item', source: 'condition', rating: 'score', measure: 'question' },
  scale: { min: 1, max: 5 },
};
const HEADER = 'participant,item,condition,question,score';
const GOOD = [HEADER, 'p1,1,human,empathy,4', 'p1,1,gpt,empathy,5', 'p2,1,human,empathy,3', 'p2,2,gpt,empathy,2'];

function fail(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError, got success');
}
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;
const withRow = (i: number, row: string) => lines(...GOOD.slice(0, i), row, ...GOOD.slice(i + 1));

describe('loadLongRatings: a good file', () => {
  it('loads every row with canonical names, numeric posts and a report', () => {
    const dir = tempDir();
    const file = join(dir, 'study.csv');
    writeFileSync(file, lines(...GOOD));
    const { records, report } = loadLongRatings(file, { ...OPTS, sourceNames: { gpt: 'gpt4' }, study: 3 });
    expect(records).toEqual([
      { study: 3, group: 1, rater: 'p1', rater_raw: 'p1', post: 1, domain: '', source: 'human', measure: 'empathy', rating: 4 },
      { study: 3, group: 1, rater: 'p1', rater_raw: 'p1', post: 1, domain: '', source: 'gpt4', measure: 'empathy', rating: 5 },
      { study: 3, group: 1, rater: 'p2', rater_raw: 'p2', post: 1, domain: '', source: 'human', measure: 'empathy', rating: 3 },
      { study: 3, group: 1, rater: 'p2', rater_raw: 'p2', post: 2, domain: '', source: 'gpt4', measure: 'empathy', rating: 2 },
    ]);
    expect([report.rowsIn, report.rowsKept, report.rowsDropped, report.recordsOut]).toEqual([4, 4, 0, 4]);
  });

  it('keeps post labels as strings, applies the rater id scheme and constant measure', () => {
    const text = lines('r,g,post,src,val', '1,1,a,x,1', '1,2,a,x,2', '2,1,b,y,3');
    const { records } = parseLongRatings(text, 'g.csv', {
      columns: { rater: 'r', group: 'g', post: 'post', source: 'src', rating: 'val' },
      scale: { min: 1, max: 3 },
      raterIds: 'per-group',
      measure: 'empathy',
    });
    expect(records.map((r) => [r.rater, r.rater_raw, r.post, r.measure])).toEqual([
      ['s1g1-1', '1', 'a', 'empathy'],
      ['s1g2-1', '1', 'a', 'empathy'],
      ['s1g1-2', '2', 'b', 'empathy'],
    ]);
  });
});

describe('loadLongRatings: bad input', () => {
  it('missing file', () => {
    const e = fail(() => loadLongRatings('/nonexistent/ratings.csv', OPTS));
    expect(e.code).toBe('FILE_MISSING');
    expect(e.message).toBe('/nonexistent/ratings.csv: file not found');
  });

  it('missing column: names the column and the header row', () => {
    const e = fail(() => parseLongRatings(lines('participant,item,condition,question,rating', 'p1,1,a,e,4'), 'f.csv', OPTS));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.message).toMatch(/^f\.csv, row 1, column score: column score \(mapped to rating\) is missing/);
  });

  it('empty file and header-only file', () => {
    expect(fail(() => parseLongRatings('', 'empty.csv', OPTS)).message).toBe('empty.csv: the file is empty');
    const e = fail(() => parseLongRatings(lines(HEADER), 'head.csv', OPTS));
    expect(e.code).toBe('NO_DATA');
    expect(e.message).toMatch(/^head\.csv: the file has a header but no data rows/);
  });

  it('non-numeric rating: error naming file, row and column', () => {
    const e = fail(() => parseLongRatings(withRow(3, 'p2,1,human,empathy,four'), 'f.csv', OPTS));
    expect(e.code).toBe('NOT_NUMERIC');
    expect([e.file, e.row, e.column]).toEqual(['f.csv', 4, 'score']);
    expect(e.message).toBe('f.csv, row 4, column score: rating "four" is not a number');
  });

  it('rating off the declared scale, or not a whole number: error', () => {
    for (const bad of ['6', '0', '3.5', '-1']) {
      const e = fail(() => parseLongRatings(withRow(2, `p1,1,gpt,empathy,${bad}`), 'f.csv', OPTS));
      expect(e.code).toBe('OUT_OF_SCALE');
      expect(e.message).toBe(`f.csv, row 3, column score: rating ${bad} is not on the declared scale (1-5, whole numbers)`);
    }
    // a non-integer scale accepts 3.5
    expect(parseLongRatings(withRow(2, 'p1,1,gpt,empathy,3.5'), 'f.csv', { ...OPTS, scale: { min: 1, max: 5, integer: false } }).records[1]!.rating).toBe(3.5);
  });

  it("invalid: 'drop' drops such rows and counts them by reason, with the first location", () => {
    const text = lines(...GOOD, 'p3,1,human,empathy,x', 'p3,1,gpt,empathy,9', 'p3,2,gpt,empathy,7', 'p3,2,human,empathy,');
    const { records, report } = parseLongRatings(text, 'f.csv', { ...OPTS, invalid: 'drop' });
    expect(records).toHaveLength(4);
    expect(report.rowsIn).toBe(8);
    expect(report.rowsKept).toBe(4);
    expect(report.rowsDropped).toBe(4);
    expect(report.dropsByReason).toEqual({
      'rating is not a number': 1,
      'rating not on the declared scale (1-5, whole numbers)': 2,
      'rating is missing': 1,
    });
    expect(report.toText()).toContain('dropped 2 rows: rating not on the declared scale (1-5, whole numbers) (first: row 7, column score)');
  });

  it("empty rating: counted drop by default, error with missing: 'error'", () => {
    const text = withRow(1, 'p1,1,human,empathy,');
    expect(parseLongRatings(text, 'f.csv', OPTS).report.dropsByReason).toEqual({ 'rating is missing': 1 });
    expect(fail(() => parseLongRatings(text, 'f.csv', { ...OPTS, missing: 'error' })).message).toBe('f.csv, row 2, column score: rating is missing');
  });

  it('duplicate (rater, post, source, measure): error naming both rows', () => {
    const e = fail(() => parseLongRatings(lines(...GOOD, 'p1,1,gpt,empathy,3'), 'f.csv', OPTS));
    expect(e.code).toBe('DUPLICATE');
    expect(e.message).toMatch(/^f\.csv, row 6: duplicate rating of \(rater "p1", post "1", source "gpt", measure "empathy"\): rows 3 and 6/);
    // the same rater/post/source on another measure is not a duplicate
    expect(parseLongRatings(lines(...GOOD, 'p1,1,gpt,appropriateness,3'), 'f.csv', OPTS).records).toHaveLength(5);
  });

  it('a factor with one level: error naming the column', () => {
    const e = fail(() => parseLongRatings(lines(HEADER, 'p1,1,human,empathy,4', 'p2,2,human,empathy,3'), 'f.csv', OPTS));
    expect(e.code).toBe('SINGLE_LEVEL');
    expect(e.message).toMatch(/^f\.csv, column condition: factor source has a single level \("human"\)/);
    const r = fail(() => parseLongRatings(lines(HEADER, 'p1,1,human,empathy,4', 'p1,2,gpt,empathy,3'), 'f.csv', OPTS));
    expect(r.message).toMatch(/^f\.csv, column participant: factor rater has a single level/);
  });

  it('empty identifier, non-integer study column, repeated header', () => {
    expect(fail(() => parseLongRatings(withRow(2, ',1,gpt,empathy,3'), 'f.csv', OPTS)).message).toBe('f.csv, row 3, column participant: rater is empty');
    const s = fail(() =>
      parseLongRatings(lines('s,participant,item,condition,question,score', 'one,p1,1,a,e,4'), 'f.csv', { ...OPTS, columns: { ...OPTS.columns, study: 's' } }),
    );
    expect(s.message).toBe('f.csv, row 2, column s: study "one" is not a whole number');
    expect(fail(() => parseLongRatings(lines(`${HEADER},score`, 'p1,1,a,e,4,4'), 'f.csv', OPTS)).code).toBe('DUPLICATE_COLUMN');
  });

  it('reports the text line when quoted line breaks shift it from the row', () => {
    const text = lines('participant,item,condition,question,score,comment', 'p1,1,human,empathy,4,"two', 'lines"', 'p1,1,gpt,empathy,x,');
    const e = fail(() => parseLongRatings(text, 'f.csv', OPTS));
    expect([e.row, e.line]).toEqual([3, 4]);
    expect(e.message).toBe('f.csv, row 3 (line 4), column score: rating "x" is not a number');
  });

  it('refuses to map the rater to a personal-identifier column', () => {
    const e = fail(() => parseLongRatings(lines('ProlificID,item,condition,question,score', 'x5f0c2a9b3e1d4c7a8b6e2f1,1,a,e,4'), 'f.csv', { ...OPTS, columns: { ...OPTS.columns, rater: 'ProlificID' } }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.message).toMatch(/ProlificID is a personal identifier and is never loaded/);
    expect(e.message).not.toContain('x5f0c2a9b3e1d4c7a8b6e2f1');
  });

  it('bad options: scale without min < max', () => {
    expect(fail(() => parseLongRatings(lines(...GOOD), 'f.csv', { ...OPTS, scale: { min: 5, max: 1 } })).code).toBe('BAD_OPTION');
  });
});

describe('Lee 2024 loaders: bad input in the released files', () => {
  /** A copy of the cache with `edit` applied to one file. */
  function damaged(name: string, edit: (text: string) => string): string {
    const dir = tempDir();
    for (const f of ['study1_post_resp.csv', 'study2_post_resp.csv', 'study1a_group1_cleaned.csv', 'study1a_group2_cleaned.csv', 'study2_cleaned.csv']) {
      copyFileSync(join(CACHE, f), join(dir, f));
    }
    writeFileSync(join(dir, name), edit(readFileSync(join(dir, name), 'utf8')));
    return dir;
  }
  /** Replaces field `col` (0-based) of data line `row` (spreadsheet row, no quoted line breaks in these files). */
  const setCell = (row: number, col: number, value: string) => (text: string) => {
    const ls = text.split('\n');
    const f = ls[row - 1]!.split(',');
    f[col] = value;
    ls[row - 1] = f.join(',');
    return ls.join('\n');
  };
  const g1 = 'study1a_group1_cleaned.csv';

  it('missing file: names it and says how to fill the cache', () => {
    const e = fail(() => loadLee2024Ratings({ dir: tempDir(), study: 2 }));
    expect(e.code).toBe('FILE_MISSING');
    expect(e.message).toMatch(/study2_post_resp\.csv: file not found \(fill the cache with `npx empathy-lab data fetch`/);
  });

  it('non-numeric and off-scale ratings name file, row and column', () => {
    // column 2 of group 1 is s1_human_app, column 3 s1_human_emp
    const e = fail(() => loadLee2024Ratings({ dir: damaged(g1, setCell(5, 3, 'abc')), study: 1 }));
    expect(e.message).toMatch(/study1a_group1_cleaned\.csv, row 5, column s1_human_emp: rating "abc" is not a number$/);
    const o = fail(() => loadLee2024Ratings({ dir: damaged(g1, setCell(9, 2, '7')), study: 1 }));
    expect(o.code).toBe('OUT_OF_SCALE');
    expect(o.message).toMatch(/study1a_group1_cleaned\.csv, row 9, column s1_human_app: rating 7 is not on the declared scale \(1-5, whole numbers\)$/);
  });

  it("invalid: 'drop' counts the dropped cells instead", () => {
    const dir = damaged(g1, (t) => setCell(9, 2, '7')(setCell(5, 3, 'abc')(t)));
    const { records, report } = loadLee2024Ratings({ dir, study: 1, invalid: 'drop' });
    expect(records).toHaveLength(17376 - 2);
    expect(report.dropsByReason).toEqual({ 'rating is not a number': 1, 'rating not on the declared scale (1-5, whole numbers)': 1 });
    expect(report.rowsDropped).toBe(0);
  });

  it('an empty cell is a response not shown, counted but not dropped', () => {
    const { records, report } = loadLee2024Ratings({ dir: damaged(g1, setCell(5, 3, '')), study: 1 });
    expect(records).toHaveLength(17375);
    expect(report.notes.find((n) => /not shown/.test(n.label))!.count).toBe(1);
    expect(report.drops).toEqual([]);
    expect(report.warnings.join()).toMatch(/1 responses have only one of the two ratings/);
  });

  it('missing rating column and missing SubjectNum column', () => {
    const u = fail(() => loadLee2024Ratings({ dir: damaged(g1, (t) => t.replace('s1_human_emp', 's1_humen_emp')), study: 1 }));
    expect(u.code).toBe('UNKNOWN_COLUMN');
    expect(u.message).toMatch(/study1a_group1_cleaned\.csv, row 1, column s1_humen_emp: unknown source "humen" \(expected one of human, gptbase/);
    // a header that is not a rating column is ignored, so the rating column it replaced is missing
    const e = fail(() => loadLee2024Ratings({ dir: damaged(g1, (t) => t.replace('s1_human_emp', 's1_human_emx')), study: 1 }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.message).toMatch(/study1a_group1_cleaned\.csv, row 1, column s1_human_emp: rating column s1_human_emp missing$/);
    const s = fail(() => loadLee2024Ratings({ dir: damaged(g1, (t) => t.replace('SubjectNum', 'Subject')), study: 1 }));
    expect(s.message).toMatch(/study1a_group1_cleaned\.csv, row 1, column SubjectNum: required column SubjectNum is missing$/);
    // dropping a rating column entirely (header and values)
    const drop = (t: string) => t.split('\n').map((l) => (l === '' ? l : l.split(',').filter((_, i) => i !== 3).join(','))).join('\n');
    const m = fail(() => loadLee2024Ratings({ dir: damaged(g1, drop), study: 1 }));
    expect(m.message).toMatch(/study1a_group1_cleaned\.csv, row 1, column s1_human_emp: rating column s1_human_emp missing$/);
  });

  it('repeated SubjectNum: error naming both rows', () => {
    const e = fail(() => loadLee2024Ratings({ dir: damaged(g1, setCell(10, 1, '3')), study: 1 }));
    expect(e.code).toBe('DUPLICATE');
    expect(e.message).toMatch(/study1a_group1_cleaned\.csv, row 10, column SubjectNum: duplicate SubjectNum 3: rows 4 and 10$/);
  });

  it('GroupID that disagrees with the file', () => {
    const e = fail(() => loadLee2024Ratings({ dir: damaged(g1, setCell(6, 0, '2')), study: 1 }));
    expect(e.message).toMatch(/study1a_group1_cleaned\.csv, row 6, column GroupID: GroupID "2" but this file holds group 1$/);
  });

  it('truncated ratings file and empty file', () => {
    const t = fail(() => loadLee2024Ratings({ dir: damaged('study2_cleaned.csv', (x) => x.slice(0, Math.floor(x.length / 2))), study: 2 }));
    expect(t.code).toBe('FIELD_COUNT');
    expect(t.message).toMatch(/study2_cleaned\.csv, row \d+: the record has \d+ fields but the header has 732 \(the file looks truncated\)/);
    expect(fail(() => loadLee2024Ratings({ dir: damaged('study2_cleaned.csv', () => ''), study: 2 })).message).toMatch(/study2_cleaned\.csv: the file is empty$/);
  });

  it('posts file: repeated post_num and non-numeric post_num', () => {
    const dup = fail(() => loadLee2024Responses({ dir: damaged('study2_post_resp.csv', (t) => t.replace('\n2,anger,', '\n1,anger,')), study: 2 }));
    expect(dup.code).toBe('DUPLICATE');
    expect(dup.message).toMatch(/study2_post_resp\.csv, row 3 \(line \d+\), column post_num: duplicate post_num 1: rows 2 and 3$/);
    const nan = fail(() => loadLee2024Responses({ dir: damaged('study1_post_resp.csv', (t) => t.replace('\n3,work,', '\nthree,work,')), study: 1 }));
    expect(nan.message).toMatch(/study1_post_resp\.csv, row 4 \(line \d+\), column post_num: post_num "three" is not a whole number$/);
  });

  it('only one source left in the Study 1 files: error listing the missing columns', () => {
    // keep only the human columns of both Study 1 files
    const onlyHuman = (t: string) => {
      const ls = t.split('\n');
      const keep = ls[0]!.split(',').map((h, i) => ({ h, i })).filter(({ h }) => !/^s\d+_/.test(h) || /_human_/.test(h)).map(({ i }) => i);
      return ls.map((l) => (l === '' ? l : l.split(',').filter((_, i) => keep.includes(i)).join(','))).join('\n');
    };
    const dir = damaged(g1, onlyHuman);
    writeFileSync(join(dir, 'study1a_group2_cleaned.csv'), onlyHuman(readFileSync(join(dir, 'study1a_group2_cleaned.csv'), 'utf8')));
    const e = fail(() => loadLee2024Ratings({ dir, study: 1 }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.message).toMatch(/study1a_group1_cleaned\.csv, row 1, column s1_gptbase_app: rating columns s1_gptbase_app, s1_gptbase_emp, s1_gpthigh_app and \d+ more missing$/);
  });
});
