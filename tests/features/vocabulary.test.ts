import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vocabulary, wordHashes } from '../../src/features/dictionary/vocabulary';
import { WordSpans, scanText, spanWord, tokenize } from '../../src/features/tokenizer';

const texts = fc
  .array(fc.constantFrom(...'aZq09 ’\'-.,!?é봪'.split(''), 'Don’t', 'I', 'i.e.', 'https://x.org/a', '😊'), { maxLength: 40 })
  .map((a) => a.join(''));

describe('word interning', () => {
  it('property: span hashes equal the hashes of the normalised word, and ids depend only on the word', () => {
    fc.assert(
      fc.property(texts, texts, (a, b) => {
        const v = new Vocabulary();
        const spans = new WordSpans();
        for (const text of [a, b]) {
          scanText(text, spans);
          for (let k = 0; k < spans.length; k++) {
            const word = spanWord(text, spans, k);
            const f = spans.flags[k]!;
            if ((f & 4) === 0) {
              const [h, g] = wordHashes(word);
              if (spans.hashes[k] !== h || spans.hashes2[k] !== g) return false;
            }
            const id = v.idOfSpan(text, spans.starts[k]!, spans.ends[k]!, f, spans.hashes[k]!, spans.hashes2[k]!);
            if (v.words[id] !== word || v.idOfString(word) !== id) return false;
          }
        }
        return new Set(v.words).size === v.words.length;
      }),
      { numRuns: 300 },
    );
  });

  it('gives "Don’t", "DON\'T" and "don\'t" one id, and keeps distinct words apart after growing', () => {
    const v = new Vocabulary();
    const text = "Don’t DON'T don't dont";
    const spans = new WordSpans();
    scanText(text, spans);
    const ids = Array.from({ length: spans.length }, (_, k) => v.idOfSpan(text, spans.starts[k]!, spans.ends[k]!, spans.flags[k]!, spans.hashes[k]!, spans.hashes2[k]!));
    expect(ids).toEqual([0, 0, 0, 1]);
    expect(v.words).toEqual(["don't", 'dont']);
    const many = Array.from({ length: 20000 }, (_, i) => `w${i}`);
    const got = many.map((w) => v.idOfString(w));
    expect(new Set(got).size).toBe(20000);
    expect(many.every((w, i) => v.words[got[i]!] === w)).toBe(true);
    expect(tokenize(text).words).toEqual(["don't", "don't", "don't", 'dont']);
  });
});
