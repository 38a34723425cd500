import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDictionary, parseDic, readDic, readDicx, tokenize } from '../../src/features';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const dic = readDic(fixture('overlap.dic'));
const m = compileDictionary(dic);

describe('single words: one entry, the most specific', () => {
  it('exact beats every wildcard', () => {
    // "careful" matches careful, care*, carefu*, car*, ca*; LIWC-style: the exact entry alone
    expect(m.lookupWord('careful')?.term).toBe('careful');
  });

  it('a longer literal prefix beats a shorter one', () => {
    expect(m.lookupWord('carefully')?.term).toBe('carefu*');
    expect(m.lookupWord('cares')?.term).toBe('care*');
    expect(m.lookupWord('caring')?.term).toBe('car*');
    expect(m.lookupWord('cat')?.term).toBe('ca*');
  });

  it('a wildcard matches its own stem; nothing matches below the shortest stem', () => {
    expect(m.lookupWord('care')?.term).toBe('care*');
    expect(m.lookupWord('c')).toBeUndefined();
    expect(m.lookupWord('dog')).toBeUndefined();
  });

  it('documents the alternatives: liwc-python takes the shortest wildcard on the path, quanteda every match', () => {
    // What the two other rules would give for "carefully" with this fixture, for the record:
    const shortestWildcard = dic.entries.filter((e) => e.pattern.length === 1 && e.term.endsWith('*') && 'carefully'.startsWith(e.term.slice(0, -1)));
    shortestWildcard.sort((a, b) => a.term.length - b.term.length);
    expect(shortestWildcard[0]!.term).toBe('ca*'); // liwc-python's answer; ours is carefu*
    expect(shortestWildcard.map((e) => e.term).sort()).toEqual(['ca*', 'car*', 'care*', 'carefu*']); // quanteda counts all four
  });
});

describe('phrases: longest first', () => {
  const at = (text: string) => {
    const r = m.matchAt(tokenize(text).words, 0);
    return r === undefined ? undefined : [r.entry.term, r.length];
  };

  it('takes the longest phrase that matches, else a shorter one, else the single word', () => {
    expect(at('thank you so much')).toEqual(['thank you so much', 4]);
    expect(at('thank you so very much')).toEqual(['thank you so', 3]);
    expect(at('thank you')).toEqual(['thank you', 2]);
    expect(at('kind of like it')).toEqual(['kind of like', 3]);
    expect(at('kind of')).toEqual(['kind of', 2]);
    expect(at('kind words')).toEqual(['kind*', 1]);
    expect(at('kindly of')).toEqual(['kind*', 1]);
  });

  it('allows a wildcard word inside a phrase', () => {
    expect(at('looking forward')).toEqual(['look* forward', 2]);
    expect(at('looking back')).toBeUndefined();
  });

  it('among phrases of equal length prefers literal words', () => {
    const d = compileDictionary(parseDic('%\n1\tw\n2\tl\n%\nfeel* good\t1\nfeeling good\t2\n'));
    expect(d.matchAt(['feeling', 'good'], 0)?.entry.term).toBe('feeling good');
    expect(d.matchAt(['feels', 'good'], 0)?.entry.term).toBe('feel* good');
  });
});

describe('counting', () => {
  const names = m.categoryNames;
  const counts = (text: string, phraseCounts: 'words' | 'once' = 'words') => {
    const r = compileDictionary(dic, { phraseCounts }).count(tokenize(text).words);
    const out: Record<string, number> = {};
    names.forEach((n, k) => {
      if (r.counts[k]! !== 0) out[n] = r.counts[k]!;
    });
    return { ...out, matched: r.matchedWords };
  };

  it("consumes a phrase's words and adds its length ('words') or 1 ('once') to its categories", () => {
    // thank you so much -> longphrase (4 words); you -> care + kind; careful -> careful; cat -> ca
    const text = 'Thank you so much, you careful cat!';
    expect(counts(text)).toEqual({ care: 1, careful: 1, ca: 1, longphrase: 4, kind: 1, matched: 7 });
    expect(counts(text, 'once')).toEqual({ care: 1, careful: 1, ca: 1, longphrase: 1, kind: 1, matched: 7 });
  });

  it('gives the same counts from the .dic and the .dicx version of the fixture', () => {
    const words = tokenize('kind of like thank you so, carefully caring, looking forward to you').words;
    expect(Array.from(compileDictionary(readDicx(fixture('overlap.dicx'))).count(words).counts)).toEqual(Array.from(m.count(words).counts));
  });

  it('adds weights of weighted .dicx entries', () => {
    const w = compileDictionary(readDicx(fixture('weighted.dicx')));
    expect(Array.from(w.count(['great', 'meh', 'awful', 'ok', 'great']).counts)).toEqual([5.5, -2]);
  });
});
