import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findEmoji, punctuationKind, tokenize } from '../../src/features';
import { DIGIT, LETTER, MARK, OTHER, PUNCT, SPACE, bmpClasses, classOf } from '../../src/features/chars';

// Expected values below were counted by hand from the example texts.

describe('tokenize: what a word is', () => {
  it('keeps apostrophes inside words and reads curly apostrophes as straight ones', () => {
    const t = tokenize("I’m fine, you're great! Don't worry.");
    expect(t.words).toEqual(["i'm", 'fine', "you're", 'great', "don't", 'worry']);
    expect(t.punctuation).toEqual({ AllPunc: 6, Period: 1, Comma: 1, QMark: 0, Exclam: 1, Apostro: 3, OtherP: 0 });
    expect(t.sentences).toBe(2);
  });

  it('leaves apostrophes at word edges out of the word but counts them', () => {
    const t = tokenize("my parents' house, 'cause");
    expect(t.words).toEqual(['my', 'parents', 'house', 'cause']);
    expect(t.punctuation.Apostro).toBe(2);
  });

  it('joins hyphenated words (LIWC-22 counts "no-shows" as one word) and counts every hyphen as OtherP', () => {
    const t = tokenize('no-shows and self-care -- not well- done');
    expect(t.words).toEqual(['no-shows', 'and', 'self-care', 'not', 'well', 'done']);
    expect(t.punctuation.OtherP).toBe(5);
    expect(t.punctuation.AllPunc).toBe(5);
  });

  it('counts numbers as words, with decimal points and digit-group commas inside them', () => {
    const t = tokenize('I got a 3% raise in 2024, about $1,000.50 total.');
    expect(t.words).toEqual(['i', 'got', 'a', '3', 'raise', 'in', '2024', 'about', '1,000.50', 'total']);
    // % is OtherP; $ is a symbol (\p{Sc}), not punctuation
    expect(t.punctuation).toEqual({ AllPunc: 5, Period: 2, Comma: 2, QMark: 0, Exclam: 0, Apostro: 0, OtherP: 1 });
    expect(t.sentences).toBe(1);
  });

  it('reads "i.e." as one word that ends no sentence, but "i.e" without the final period as two words', () => {
    const t = tokenize('Use tools (i.e. lists) e.g. this. Also i.e friends.');
    expect(t.words).toEqual(['use', 'tools', 'i.e.', 'lists', 'e.g.', 'this', 'also', 'i', 'e', 'friends']);
    expect(t.sentences).toBe(2);
    expect(t.punctuation.Period).toBe(7);
    expect(t.punctuation.OtherP).toBe(2);
  });

  it('takes letters of any script, and combining marks inside words', () => {
    expect(tokenize('uncontrollable봪ike').words).toEqual(['uncontrollable봪ike']);
    expect(tokenize('naïve cafe\u0301 Straße').words).toEqual(['naïve', 'cafe\u0301', 'straße']);
  });

  it('reads a URL as one word whose characters are not punctuation', () => {
    const t = tokenize('See https://example.com/a-b?x=1, or www.test.org.');
    expect(t.words).toEqual(['see', 'https://example.com/a-b?x=1', 'or', 'www.test.org']);
    expect(t.punctuation).toEqual({ AllPunc: 2, Period: 1, Comma: 1, QMark: 0, Exclam: 0, Apostro: 0, OtherP: 0 });
  });

  it('counts BigWords by letters only (7 or more)', () => {
    const t = tokenize("understanding is key; self-care matters, it's 1234567 and abcdef");
    // understanding (13 letters), self-care (8), matters (7); not 1234567 (digits) nor abcdef (6)
    expect(t.bigWords).toBe(3);
    expect(tokenize('abcdefg', { bigWordLetters: 8 }).bigWords).toBe(0);
  });
});

describe('tokenize: sentences (WPS)', () => {
  it('ends sentences at runs of . ! ? but not at newlines', () => {
    const t = tokenize('Hello!!! How are you?\nI am fine\nThanks 😊');
    expect(t.words).toHaveLength(8);
    expect(t.sentences).toBe(3);
  });

  it('counts a trailing emoji after the last full stop as a sentence, a leading one not', () => {
    expect(tokenize('Good luck! 🤞').sentences).toBe(2);
    expect(tokenize('🤗 Hi there.').sentences).toBe(1);
  });

  it('ends a sentence at a terminator followed by a closing quote', () => {
    expect(tokenize('He said "stop." Then he left.').sentences).toBe(2);
    expect(tokenize('“inbetween job.” Tons of people do that.').sentences).toBe(2);
  });

  it('gives no sentence and no word for empty or punctuation-only text', () => {
    for (const s of ['', '   \n ', '!!! ...']) {
      const t = tokenize(s);
      expect(t.words).toEqual([]);
      expect(t.sentences).toBe(0);
    }
    expect(tokenize('!!! ...').punctuation.AllPunc).toBe(6);
  });
});

describe('tokenize: emoji', () => {
  const text = 'Shrug 🤷‍♀️ ok 👍🏽 🇺🇸 1️⃣ ❤️ 👨‍👩‍👧';

  it("counts an RGI sequence (ZWJ, skin tone, flag, keycap) as one emoji by default and emoji aren't words", () => {
    const t = tokenize(text);
    expect(t.emoji).toBe(6);
    expect(t.words).toEqual(['shrug', 'ok']);
    expect(t.punctuation.AllPunc).toBe(0);
  });

  it("counts a ZWJ sequence as its parts with emojiUnits 'liwc22' (as LIWC-22 did for 🤷‍♀️)", () => {
    // 🤷‍♀️ = 2, 👨‍👩‍👧 = 3, the others 1 each
    expect(tokenize(text, { emojiUnits: 'liwc22' }).emoji).toBe(9);
  });

  it('finds emoji between letters without spaces', () => {
    const t = tokenize('great😊thanks');
    expect(t.words).toEqual(['great', 'thanks']);
    expect(t.emoji).toBe(1);
    expect(findEmoji('a 👍🏽 b 🇺🇸')).toEqual(['👍🏽', '🇺🇸']);
  });
});

describe('punctuation', () => {
  it('maps characters to LIWC-22 columns', () => {
    expect(['.', ',', '?', '!', "'", '’', '‘', '-', '“', ':', '…'].map(punctuationKind)).toEqual([
      'Period', 'Comma', 'QMark', 'Exclam', 'Apostro', 'Apostro', 'Apostro', 'OtherP', 'OtherP', 'OtherP', 'OtherP',
    ]);
  });

  const alphabet = [...'abcXYZ019 .,?!\'’-“”:;()/…%$+\n\t', 'é', '\u0301', '봪'];
  const texts = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((a) => a.join(''));

  it('counts every \\p{P} character once (property: AllPunc = number of regex matches = sum of the six columns)', () => {
    fc.assert(
      fc.property(texts, (s) => {
        const p = tokenize(s).punctuation;
        const reference = (s.match(/\p{P}/gu) ?? []).length;
        return p.AllPunc === reference && p.AllPunc === p.Period + p.Comma + p.QMark + p.Exclam + p.Apostro + p.OtherP;
      }),
      { numRuns: 500 },
    );
  });

  it('property: words of space-separated plain words are those words, lower-cased', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (ws) => {
        const t = tokenize(ws.join(' '));
        return JSON.stringify(t.words) === JSON.stringify(ws.map((w) => w.toLowerCase())) && t.sentences === 1;
      }),
      { numRuns: 300 },
    );
  });
});

describe('character classes', () => {
  it('the BMP table built by regex passes equals classifying each character on its own', () => {
    const table = bmpClasses();
    const one = (ch: string) =>
      /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? DIGIT : /\p{M}/u.test(ch) ? MARK : /\p{P}/u.test(ch) ? PUNCT : /\p{White_Space}/u.test(ch) ? SPACE : OTHER;
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (table[cp] !== one(String.fromCharCode(cp))) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
    expect([classOf(0x1f600), classOf(0x1d400), classOf(0x10140)]).toEqual([OTHER, LETTER, DIGIT]); // astral: emoji, math letter, Greek numeral
  });
});
