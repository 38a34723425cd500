/**
 * No Prolific ID reaches any table or output: origin-like ratings files WITH a Prolific-ID column of
 * 24-hex ids are copied into a cache, loaded, framed, reported and written as tidy CSVs; none of the ids
 * (nor the column) appears in any record, frame, report, error message or written file.
 */
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, loadLongRatings } from '../../src/data/index';
import { copyLee2024, loadLee2024Raters, loadLee2024Ratings, loadLee2024Responses, writeTidyLee2024 } from '../../src/studies/lee2024/index';
import { cleanupTemp, filesUnder, originLikeFolder, RATINGS_FILES, tempDir, withIdColumn, fakeProlificIds } from './helpers';

afterAll(cleanupTemp);

let origin: { dir: string; ids: string[] };
beforeAll(() => {
  origin = originLikeFolder();
});

/** Every id that occurs in `text`. */
const leaked = (text: string): string[] => origin.ids.filter((id) => text.includes(id));

describe('Prolific IDs', () => {
  it('the origin-like fixture really holds the ids (the test can fail)', () => {
    const all = RATINGS_FILES.map((f) => readFileSync(join(origin.dir, f), 'utf8')).join('\n');
    expect(origin.ids).toHaveLength(96 + 97 + 202);
    expect(leaked(all)).toHaveLength(origin.ids.length);
    expect(origin.ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
  });

  it('never reach records, frames, reports, tidy CSVs or the cache', () => {
    // loading straight from the origin-like folder
    const ratings = loadLee2024Ratings({ dir: origin.dir });
    expect(ratings.records).toHaveLength(29496);
    const raters = loadLee2024Raters({ dir: origin.dir });
    const responses = loadLee2024Responses({ dir: origin.dir });
    const frame = ratings.frame();
    const texts = [
      JSON.stringify(ratings.records),
      JSON.stringify(raters.records),
      JSON.stringify(responses.records),
      JSON.stringify(frame.values),
      JSON.stringify(frame.columns),
      JSON.stringify(raters.frame().values),
      ratings.report.toText(),
      ratings.report.toHtml(),
      JSON.stringify(ratings.report),
      raters.report.toText(),
    ];
    for (const t of texts) expect(leaked(t)).toEqual([]);
    expect(JSON.stringify(ratings.records)).not.toMatch(/prolific/i);
    // the report says the column was dropped, by name only
    expect(ratings.report.toText()).toContain('dropped column ProlificID (personal identifier) in study1a_group1_cleaned.csv');
    expect(ratings.report.toText()).toContain('dropped column ProlificID - What is your Prolific ID? (personal identifier) in study2_cleaned.csv');

  }, 60_000);
});

describe('Prolific IDs in written files', () => {
  it('the tidy CSVs and the cache copy hold none of them', async () => {
    const out = tempDir();
    const ratings = loadLee2024Ratings({ dir: origin.dir });
    writeTidyLee2024(ratings.records, join(out, 'tidy'));
    const prov = await copyLee2024(origin.dir, { dest: join(out, 'cache') });
    expect(prov.files.filter((f) => f.removedColumns.length > 0).map((f) => [f.name, f.removedColumns])).toEqual([
      ['study1a_group1_cleaned.csv', ['ProlificID']],
      ['study1a_group2_cleaned.csv', ['ProlificID']],
      ['study2_cleaned.csv', ['ProlificID - What is your Prolific ID?']],
    ]);
    const written = filesUnder(out);
    expect(written.length).toBe(5 + 9); // five tidy CSVs; the cache: eight files and provenance.json
    for (const f of written) expect({ file: f, leaked: leaked(readFileSync(f, 'utf8')) }).toEqual({ file: f, leaked: [] });
    for (const f of written) if (f.endsWith('.csv')) expect(readFileSync(f, 'utf8')).not.toMatch(/prolific/i);
    // the stripped cache loads to the same table
    expect(loadLee2024Ratings({ dir: join(out, 'cache') }).records).toEqual(ratings.records);
  }, 60_000);

  it('error messages about a row never quote its id', () => {
    const dir = tempDir();
    for (const f of ['study1_post_resp.csv', 'study2_post_resp.csv', 'study2_cleaned.csv']) copyFileSync(join(origin.dir, f), join(dir, f));
    for (const f of ['study1a_group1_cleaned.csv', 'study1a_group2_cleaned.csv']) copyFileSync(join(origin.dir, f), join(dir, f));
    const path = join(dir, 'study1a_group1_cleaned.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    // row 4: a non-numeric rating; row 6: an unclosed quote right after the id
    lines[3] = lines[3]!.replace(/^(1,[0-9a-f]{24},\d+,)\d/, '$1x');
    writeFileSync(path, lines.join('\n'));
    expect(lines[3]).toMatch(/^1,[0-9a-f]{24},\d+,x,/);
    const e1 = catchError(() => loadLee2024Ratings({ dir, study: 1 }));
    expect(e1.message).toMatch(/row 4, column s1_human_app: rating "x" is not a number/);
    expect(leaked(e1.message)).toEqual([]);
    lines[3] = lines[3]!.replace(',x', ',3');
    lines[5] = lines[5]!.replace(/^(1,[0-9a-f]{24})/, '$1"');
    writeFileSync(path, lines.join('\n'));
    const e2 = catchError(() => loadLee2024Ratings({ dir, study: 1 }));
    expect(e2.code).toBe('CSV_SYNTAX');
    expect(leaked(e2.message)).toEqual([]);
  });

  it('the generic long loader drops them too', () => {
    const dir = tempDir();
    const ids = fakeProlificIds(4, 99);
    const text = withIdColumn('rater,post,source,rating\nr1,1,a,4\nr1,1,b,5\nr2,2,a,3\nr2,2,b,2\n', 'ProlificID', ids);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'long.csv'), text);
    const r = loadLongRatings(join(dir, 'long.csv'), { columns: { rater: 'rater', post: 'post', source: 'source', rating: 'rating' }, scale: { min: 1, max: 5 } });
    expect(r.records).toHaveLength(4);
    const all = JSON.stringify(r.records) + r.report.toText() + r.report.toHtml();
    expect(ids.filter((id) => all.includes(id))).toEqual([]);
    expect(r.report.toText()).toContain('dropped column ProlificID (personal identifier)');
  });
});

function catchError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
