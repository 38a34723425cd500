import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DictionaryError, formatWarning, parseDic, parseDicx, parseDictionary, readDic, readDictionary, readDicx } from '../../src/features';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

describe('.dic reader', () => {
  it('reads the fixture: categories, entries with wildcards, phrases and several categories', () => {
    const d = readDic(fixture('overlap.dic'));
    expect(d.format).toBe('dic');
    expect(d.name).toBe('overlap');
    expect(d.categories.map((c) => c.name)).toEqual(['care', 'careful', 'carefu', 'car', 'ca', 'phrase', 'longphrase', 'kind']);
    expect(d.entries).toHaveLength(13);
    expect(d.warnings).toEqual([]);
    expect(d.preamble[0]).toMatch(/^Test fixture written for empathy-lab/);
    const byTerm = new Map(d.entries.map((e) => [e.term, e]));
    expect(byTerm.get('thank you so')).toMatchObject({ pattern: ['thank', 'you', 'so'], categories: [5, 6], weights: [1, 1], line: 23 });
    expect(byTerm.get('look* forward')?.pattern).toEqual(['look*', 'forward']);
    expect(byTerm.get('you')?.categories).toEqual([0, 7]);
  });

  it('handles BOM, CRLF, repeats, unknown ids, LIWC2007 conditionals and inner wildcards with warnings naming the line', () => {
    const text =
      '\uFEFFmy notes\r\n%\r\n1\tfunct\r\n02\tpronoun\r\n3\tposemo\r\n3\tagain\r\n%\r\n' +
      'i\t1\t2\r\n' + // line 8
      'I\t2\t3\r\n' + // line 9: repeat of 'i' (case folded), adds posemo
      'hap*py\t3\r\n' + // line 10: '*' inside a word
      'like\t1\t(02 134)3/2\t99\r\n' + // line 11: conditional kept as its fallback 2 ("02"), unknown id 99
      'kind\t(02)3\r\n' + // line 12: conditional without fallback, nothing left
      '\r\n' +
      'thank you 3\r\n'; // line 14: no tabs, id split off at white space
    const d = parseDic(text, 'problems.dic');
    expect(d.preamble).toEqual(['my notes']);
    expect(d.categories.map((c) => c.name)).toEqual(['funct', 'pronoun', 'posemo']);
    const entries = Object.fromEntries(d.entries.map((e) => [e.term, e.categories]));
    expect(entries).toEqual({ i: [0, 1, 2], 'hap*py': [2], like: [0, 1], 'thank you': [2] });
    const messages = d.warnings.map(formatWarning);
    expect(messages).toEqual([
      "problems.dic, line 6: category id '3' is defined again (as 'again'); the first definition ('posemo') is kept",
      "problems.dic, line 9: entry 'i' repeats the entry on line 8; the two were merged (categories added: posemo)",
      "problems.dic, line 10: entry 'hap*py' has a '*' that is not at the end of a word: only a trailing '*' is a wildcard, this one is matched as a literal character",
      "problems.dic, line 11: entry 'like': LIWC2007 conditional category '(02 134)3/2' is not evaluated; its unconditional category 'pronoun' is used",
      "problems.dic, line 11: entry 'like': category id '99' is not defined in the category list; ignored",
      "problems.dic, line 12: entry 'kind': LIWC2007 conditional category '(02)3' is not evaluated; the field is ignored",
      "problems.dic, line 12: entry 'kind' has no category and is skipped",
    ]);
  });

  it('throws DictionaryError naming file and line for unreadable files', () => {
    expect(() => parseDic('a\t1\n', 'x.dic')).toThrow(/^x\.dic: no line holding only '%'/);
    expect(() => parseDic('%\n1\ta\n', 'x.dic')).toThrow(/^x\.dic, line 1: the category list opened here is never closed/);
    expect(() => parseDic('%\n1\ta\n2\ta\n%\n', 'x.dic')).toThrow(/^x\.dic, line 3: category name 'a' is defined twice \(lines 2 and 3\)/);
    expect(() => parseDic('%\n1\n%\n', 'x.dic')).toThrow(/line 2: category '1' has no name/);
    expect(() => readDic('/nonexistent/file.dic')).toThrow(DictionaryError);
  });
});

describe('.dicx reader', () => {
  it('reads the same dictionary as the .dic fixture', () => {
    const a = readDic(fixture('overlap.dic'));
    const b = readDicx(fixture('overlap.dicx'));
    expect(b.format).toBe('dicx');
    expect(b.categories.map((c) => c.name)).toEqual(a.categories.map((c) => c.name));
    const strip = (d: typeof a) => d.entries.map((e) => ({ term: e.term, categories: e.categories, weights: e.weights }));
    expect(strip(b)).toEqual(strip(a));
    expect(b.warnings).toEqual([]);
  });

  it('reads weights and skips zero cells, with a warning for an entry left without category', () => {
    const d = readDicx(fixture('weighted.dicx'));
    expect(d.entries.map((e) => [e.term, e.categories, e.weights])).toEqual([
      ['great', [0], [2.5]],
      ['awful', [1], [-1.5]],
      ['meh', [0, 1], [0.5, -0.5]],
    ]);
    expect(d.warnings.map(formatWarning)).toEqual([expect.stringMatching(/weighted\.dicx, line 5: entry 'ok' has no category and is skipped$/)]);
  });

  it('handles BOM, CRLF, quoted terms, odd cells and a repeated term with warnings naming line and column', () => {
    const text = '\uFEFFTerm,a,b\r\n"thank you",X,\r\nx,,yes\r\nthank you,,x\r\n';
    const d = parseDicx(text, 'odd.dicx');
    expect(d.entries.map((e) => [e.term, e.categories])).toEqual([
      ['thank you', [0, 1]],
      ['x', [1]],
    ]);
    expect(d.warnings.map(formatWarning)).toEqual([
      "odd.dicx, line 1, column 'Term': the first column is 'Term', not 'DicTerm'; it is read as the terms",
      "odd.dicx, line 3, column 'b': entry 'x': cell 'yes' is neither X nor a number; read as membership (weight 1)",
      "odd.dicx, line 4: entry 'thank you' repeats the entry on line 2; the two were merged (categories added: b)",
    ]);
    expect(() => parseDicx('DicTerm,a,a\nx,X,X\n', 'dup.dicx')).toThrow(/dup\.dicx, line 1, column 'a': category 'a' appears twice/);
  });
});

describe('readDictionary', () => {
  it('chooses the format by extension, else by content', () => {
    expect(readDictionary(fixture('overlap.dicx')).format).toBe('dicx');
    expect(readDictionary(fixture('overlap.dic')).format).toBe('dic');
    const dir = mkdtempSync(join(tmpdir(), 'dic-'));
    writeFileSync(join(dir, 'mine.txt'), '%\n1\ta\n%\nx\t1\n');
    expect(readDictionary(join(dir, 'mine.txt')).format).toBe('dic');
    expect(parseDictionary('DicTerm,a\nx,X\n', 'mine.csv').format).toBe('dicx');
  });
});
