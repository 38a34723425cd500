/** CSV reading: BOM, CRLF, quoted line breaks, row/line numbers, personal-id columns, the writer. */
import { describe, expect, it } from 'vitest';
import { DataError, formatCsv, parseCsv } from '../../src/data/index';

const err = (f: () => unknown): DataError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
};

describe('parseCsv', () => {
  it('strips a BOM, reads CRLF and quoted line breaks, and numbers rows and lines', () => {
    const t = parseCsv('\uFEFFa,b\r\n1,"x\r\ny, ""z"""\r\n2,w\r\n3,"q"', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { row: 2, line: 2, fields: ['1', 'x\r\ny, "z"'] },
      { row: 3, line: 4, fields: ['2', 'w'] },
      { row: 4, line: 5, fields: ['3', 'q'] },
    ]);
  });

  it('counts a blank line as a row (as a spreadsheet shows it) but returns no record for it', () => {
    const t = parseCsv('a,b\n1,2\n\n3,4\n', 'f.csv');
    expect(t.rows.map((r) => [r.row, r.line])).toEqual([[2, 2], [4, 4]]);
    expect(t.blankRows).toEqual([3]);
  });

  it('reads LF, CRLF and CR line ends alike', () => {
    const lf = parseCsv('a,b\n1,"p\nq"\n2,3\n', 'f.csv');
    const cr = parseCsv('a,b\r1,"p\nq"\r2,3\r', 'f.csv');
    const crlf = parseCsv('a,b\r\n1,"p\nq"\r\n2,3\r\n', 'f.csv');
    expect(crlf.rows).toEqual(lf.rows);
    expect(cr.rows).toEqual(lf.rows);
    expect(lf.rows[1]).toEqual({ row: 3, line: 4, fields: ['2', '3'] });
  });

  it('drops columns named like a Prolific ID while parsing', () => {
    const t = parseCsv('SubjectNum,ProlificID,x,prolific_pid\n1,x5f0c2a9b3e1d4c7a8b6e2f1,7,abc\n', 'f.csv');
    expect(t.header).toEqual(['SubjectNum', 'x']);
    expect(t.rows[0]!.fields).toEqual(['1', '7']);
    expect(t.droppedColumns).toEqual(['ProlificID', 'prolific_pid']);
    expect(JSON.stringify(t)).not.toContain('x5f0c2a9b3e1d4c7a8b6e2f1');
    expect(parseCsv('id,email,x\n1,a@b.c,2\n', 'f.csv', { dropColumns: ['email'] }).header).toEqual(['id', 'x']);
  });

  it('names file, row and line of syntax errors and wrong field counts', () => {
    const unclosed = err(() => parseCsv('a,b\n1,2\n3,"x\n4,5\n', 'bad.csv'));
    expect(unclosed.code).toBe('CSV_SYNTAX');
    expect(unclosed.message).toMatch(/^bad\.csv, row 3: .*quote/);
    const inner = err(() => parseCsv('a,b\n1,x"y\n', 'bad.csv'));
    expect(inner.code).toBe('CSV_SYNTAX');
    expect(inner.row).toBe(2);
    const long = err(() => parseCsv('a,b\n1,"p\nq"\n1,2,3\n', 'bad.csv'));
    expect(long.code).toBe('FIELD_COUNT');
    expect(long.message).toBe('bad.csv, row 3 (line 4): the record has 3 fields but the header has 2');
    const cut = err(() => parseCsv('a,b,c\n1,2,3\n4,5', 'bad.csv'));
    expect(cut.message).toMatch(/row 3: the record has 2 fields but the header has 3 \(the file looks truncated\)/);
  });

  it('rejects an empty file', () => {
    for (const text of ['', '\uFEFF', ' \r\n\n']) expect(err(() => parseCsv(text, 'e.csv')).code).toBe('FILE_EMPTY');
  });
});

describe('formatCsv', () => {
  it('quotes only fields that need it and round-trips through parseCsv', () => {
    const rows = [
      { a: 'plain', b: 1 },
      { a: 'comma, "quote"\nline', b: 2.5 },
      { a: ' padded ', b: -3 },
    ];
    const text = formatCsv(rows, ['a', 'b']);
    expect(text).toBe('a,b\nplain,1\n"comma, ""quote""\nline",2.5\n" padded ",-3\n');
    expect(parseCsv(text, 'x.csv').rows.map((r) => r.fields)).toEqual(rows.map((r) => [r.a, String(r.b)]));
  });
});
