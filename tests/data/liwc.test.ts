import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { isDataError } from '../../src/data/errors';
import { parseLiwcOutput } from '../../src/data/liwc';
import { loadLee2024Study1Liwc } from '../../src/studies/lee2024/index';
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
