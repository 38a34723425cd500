import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { isDataError } from '../../src/data/errors';
import { parseLiwcOutput } from '../../src/data/liwc';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseCsv as parse2, formatCsvTable } from '../../src/data/csv';
import { loadLee2024Liwc, loadLee2024Study1Liwc, loadLee2024Study2Liwc } from '../../src/studies/lee2024/index';
import { cacheDir } from '../../src/util/paths';
import { LEE2024_SOURCE_NAMES, STUDY1_LIWC_SOURCE_ORDER } from '../../src/studies/lee2024/manifest';

const HEADER = 'post_num,ColumnID,Text,Segment,WC,i,Tone\n';
const parse = (body: string, positional = true) =>
  parseLiwcOutput(parseCsv(HEADER + body, 'liwc.csv'), { study: 1, sourceNames: LEE2024_SOURCE_NAMES, ...(positional ? { positionalSources: STUDY1_LIWC_SOURCE_ORDER } : {}) });

describe('LIWC output loader', () => {
  it('reads the values from WC on, maps source names, places blank ColumnIDs by position and reports it', () => {
    const r = parse('1,,hello,1,10,5,20\n1,,hi,1,12,0,\n2,gpt_base,x,1,7,1.5,3\n');
    expect(r.valueColumns).toEqual(['WC', 'i', 'Tone']);
    expect(r.records.map((x) => [x.post, x.source, x.placed])).toEqual([
      [1, 'human', 'position'],
      [1, 'gpt4', 'position'],
      [2, 'gpt4', 'column'],
    ]);
    expect(r.records[2]!.values).toEqual({ WC: 7, i: 1.5, Tone: 3 });
    expect(Number.isNaN(r.records[1]!.values.Tone)).toBe(true);
    expect(r.report.rowsIn).toBe(3);
    expect(r.report.rowsKept).toBe(3);
    const text = r.report.toText();
    expect(text).toContain('empty Tone cells (kept as missing, NaN): 1');
    expect(text).toContain('rows with a blank ColumnID, source taken from their position in the post: 2');
  });
  it('names file, row and column for a non-numeric value, a blank source without an order, and a duplicate', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(isDataError(e)).toBe(true);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad(() => parse('1,human,x,1,10,five,2\n'))).toMatch(/liwc\.csv, row 2, column i: i 'five' is not a number/);
    expect(bad(() => parse('1,,x,1,10,1,2\n', false))).toMatch(/row 2, column ColumnID: ColumnID is empty/);
    expect(bad(() => parse('1,human,x,1,10,1,2\n1,human,y,1,10,1,2\n'))).toMatch(/duplicate \(post, source\) post 1, source human: rows 2 and 3/);
    expect(bad(() => parseLiwcOutput(parseCsv('post_num,Text,WC\n1,x,3\n', 'liwc.csv'), { study: 1 }))).toMatch(/column ColumnID.*missing/);
  });
  it('loads the released Study 1 file: 90 texts, 15 per source, 18 placed by position, one empty Tone cell', () => {
    const l = loadLee2024Study1Liwc();
    expect(l.records).toHaveLength(90);
    const per = new Map<string, number>();
    for (const r of l.records) per.set(r.source, (per.get(r.source) ?? 0) + 1);
    expect(Object.fromEntries(per)).toEqual({ human: 15, gpt4: 15, llama2: 15, mistral: 15, gpt4_low: 15, gpt4_high: 15 });
    expect(l.records.filter((r) => r.placed === 'position')).toHaveLength(18);
    expect(l.report.rowsIn).toBe(90);
    expect(l.report.rowsDropped).toBe(0);
    expect(l.frame().shape[0]).toBe(90);
    expect(l.frame().columns.slice(0, 5)).toEqual(['study', 'post', 'source', 'placed', 'WC']);
  });
});

describe('the Study 2 LIWC-22 output (the same reader)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'empathy-lab-liwc2-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const released = readFileSync(join(cacheDir('lee2024'), 'study2_liwc22_results.csv'), 'utf8');
  /** A folder holding the released Study 2 file with one edit applied to its parsed table. */
  const folderWith = (edit: (t: ReturnType<typeof parse2>) => void): string => {
    const dir = mkdtempSync(join(tmp, 'case-'));
    const table = parse2(released, 'study2_liwc22_results.csv');
    edit(table);
    writeFileSync(join(dir, 'study2_liwc22_results.csv'), formatCsvTable(table));
    return dir;
  };
  const bad = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(isDataError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('loads 360 texts: 120 posts x GPT4, Llama2, Mistral (120 each), every value column numeric', () => {
    const l = loadLee2024Study2Liwc();
    expect(l.records).toHaveLength(360);
    const per = new Map<string, number>();
    for (const r of l.records) per.set(r.source, (per.get(r.source) ?? 0) + 1);
    expect(Object.fromEntries(per)).toEqual({ gpt4: 120, llama2: 120, mistral: 120 });
    expect(new Set(l.records.map((r) => r.post)).size).toBe(120);
    expect(l.records.every((r) => r.study === 2 && r.placed === 'column')).toBe(true);
    for (const f of ['WC', 'i', 'we', 'you', 'shehe', 'they', 'QMark', 'Exclam', 'Emoji', 'emo_pos', 'emo_neg']) {
      expect(l.records.every((r) => Number.isFinite(r.values[f])), f).toBe(true);
    }
    expect(l.report.rowsIn).toBe(360);
    expect(l.report.rowsDropped).toBe(0);
    expect(l.report.toText()).toContain('texts per source  gpt4 120, llama2 120, mistral 120');
    expect(l.frame().shape).toEqual([360, 4 + 118]);
    expect(loadLee2024Liwc(2).records).toEqual(l.records);
  });

  it('a bad cell is named by file, row (and line, where texts span lines) and column', () => {
    const dir = folderWith((t) => {
      const r = t.rows[4]!;
      r.fields[t.header.indexOf('emo_neg')] = 'n/a';
    });
    expect(bad(() => loadLee2024Study2Liwc({ dir }))).toMatch(/study2_liwc22_results\.csv, row 6( \(line \d+\))?, column emo_neg: emo_neg 'n\/a' is not a number$/);
  });

  it('an unknown model, a model missing from a post and a repeated (post, model) are errors naming them', () => {
    const rename = folderWith((t) => {
      t.rows[1]!.fields[t.header.indexOf('ColumnID')] = 'gpt5';
    });
    expect(bad(() => loadLee2024Study2Liwc({ dir: rename }))).toMatch(/row 3( \(line \d+\))?, column ColumnID: ColumnID 'gpt5' is not one of the file's sources \(gpt4, llama2, mistral\)$/);
    const drop = folderWith((t) => {
      t.rows.splice(2, 1);
    });
    expect(bad(() => loadLee2024Study2Liwc({ dir: drop }))).toMatch(/study2_liwc22_results\.csv, column ColumnID: post 1 has no row for source mistral$/);
    const twice = folderWith((t) => {
      t.rows[1]!.fields[t.header.indexOf('ColumnID')] = 'gpt4';
    });
    expect(bad(() => loadLee2024Study2Liwc({ dir: twice }))).toMatch(/duplicate \(post, source\) post 1, source gpt4: rows 2 and 3/);
  });

  it('a missing file says how to fill the cache', () => {
    const dir = mkdtempSync(join(tmp, 'empty-'));
    copyFileSync(join(cacheDir('lee2024'), 'study1_liwc22_results.csv'), join(dir, 'study1_liwc22_results.csv'));
    expect(bad(() => loadLee2024Study2Liwc({ dir }))).toMatch(/study2_liwc22_results\.csv: file not found \(fill the cache with `npx empathy-lab data fetch`/);
    expect(loadLee2024Study1Liwc({ dir }).records).toHaveLength(90);
  });
});
