import * as dfd from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/format/index';
import { formatNumber, formatTable, isDataFrameLike, tableHtml, tableText } from '../../src/notebook/table';

const rows = [
  { source: 'human', n: 120, mean: 2.8912, sd: 1.0376 },
  { source: 'gpt4', n: 120, mean: 3.6215, sd: null },
  { source: 'llama<2>', n: 118, mean: -0.0004, sd: NaN },
];

/** Cell texts of an HTML table, row by row (header first), read back with regular expressions. */
function htmlCells(html: string): { text: string; align: string }[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[hd] style="text-align:(\w+)[^"]*">(.*?)<\/t[hd]>/g)].map((c) => ({ align: c[1], text: c[2] })),
  );
}

describe('formatNumber', () => {
  it('rounds to fixed decimals, prints integers as they are and non-finite values as R does', () => {
    expect(formatNumber(2.8912, 2)).toBe('2.89');
    expect(formatNumber(2.885, 1)).toBe('2.9');
    expect(formatNumber(120, null)).toBe('120');
    expect(formatNumber(-0.0004, 3)).toBe('0.000');
    expect(formatNumber(-0.0006, 3)).toBe('-0.001');
    expect(formatNumber(NaN, 2)).toBe('NA');
    expect(formatNumber(Infinity, 2)).toBe('Inf');
    expect(formatNumber(-Infinity, 2)).toBe('-Inf');
  });
});

describe('tableHtml', () => {
  it('right-aligns numeric columns, left-aligns text, applies decimals to non-integer columns only', () => {
    const cells = htmlCells(tableHtml(rows, { decimals: 2 }));
    expect(cells[0].map((c) => c.text)).toEqual(['source', 'n', 'mean', 'sd']);
    expect(cells[0].map((c) => c.align)).toEqual(['left', 'right', 'right', 'right']);
    expect(cells[1]).toEqual([
      { text: 'human', align: 'left' },
      { text: '120', align: 'right' },
      { text: '2.89', align: 'right' },
      { text: '1.04', align: 'right' },
    ]);
    expect(cells[2].map((c) => c.text)).toEqual(['gpt4', '120', '3.62', 'NA']);
    expect(cells[3].map((c) => c.text)).toEqual(['llama&lt;2&gt;', '118', '0.00', 'NA']);
  });

  it('defaults to 3 decimals and takes per-column decimals, also for integer-valued columns', () => {
    const cells = htmlCells(tableHtml(rows, { decimals: { n: 1 } }));
    expect(cells[1].map((c) => c.text)).toEqual(['human', '120.0', '2.891', '1.038']);
  });

  it('shows a caption, chosen columns with labels, custom formatters, and a note for rows left out', () => {
    const html = tableHtml(rows, {
      caption: 'Ratings & sources',
      columns: ['mean', 'source'],
      labels: { mean: 'Mean rating' },
      format: { source: (v) => String(v).toUpperCase() },
      maxRows: 2,
    });
    expect(html).toContain('<caption');
    expect(html).toContain('>Ratings &amp; sources</caption>');
    const cells = htmlCells(html);
    expect(cells[0].map((c) => c.text)).toEqual(['Mean rating', 'source']);
    expect(cells[1].map((c) => c.text)).toEqual(['2.891', 'HUMAN']);
    expect(cells).toHaveLength(4); // header, 2 rows, the note
    expect(html).toMatch(/<tfoot><tr><td colspan="2"[^>]*>1 more row not shown \(3 in all\)<\/td><\/tr><\/tfoot>/);
  });

  it('rejects unknown columns and rows that are not objects, naming them', () => {
    expect(() => tableHtml(rows, { columns: ['mean', 'median'] })).toThrow(/unknown column\(s\) median/);
    expect(() => tableHtml([{ a: 1 }, 3 as unknown as Record<string, unknown>])).toThrow(/row 1 is not an object/);
  });

  it('reads a danfojs DataFrame (and a Series) like the equivalent rows, with its index on request', () => {
    const df = new dfd.DataFrame(rows.map((r) => ({ source: r.source, n: r.n, mean: r.mean })));
    expect(isDataFrameLike(df)).toBe(true);
    expect(isDataFrameLike(rows)).toBe(false);
    const fromRows = tableHtml(rows.map((r) => ({ source: r.source, n: r.n, mean: r.mean })), { decimals: 2 });
    expect(tableHtml(df, { decimals: 2 })).toBe(fromRows);
    const withIndex = htmlCells(tableHtml(df, { decimals: 2, index: true }));
    expect(withIndex[0].map((c) => c.text)).toEqual(['', 'source', 'n', 'mean']);
    expect(withIndex[2].map((c) => c.text)).toEqual(['1', 'gpt4', '120', '3.62']);
    const series = df['mean'] as unknown as dfd.Series;
    expect(htmlCells(tableHtml(series, { decimals: 1 })).map((r) => r.map((c) => c.text))).toEqual([['mean'], ['2.9'], ['3.6'], ['0.0']]);
  });
});

describe('tableText', () => {
  it('aligns columns as R prints a data frame', () => {
    expect(tableText(rows, { decimals: 2, caption: 'Means' })).toBe(
      ['Means', 'source      n  mean    sd', 'human     120  2.89  1.04', 'gpt4      120  3.62    NA', 'llama<2>  118  0.00    NA'].join('\n'),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('formatTable', () => {
  it('treats a column with only missing values as text and mixed columns as text', () => {
    const t = formatTable([{ a: null, b: 1 }, { a: undefined, b: 'x' }]);
    expect(t.numeric).toEqual([false, false]);
    expect(t.cells).toEqual([['NA', '1'], ['NA', 'x']]);
  });
});
