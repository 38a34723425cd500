import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countMatrix,
  extractDocTerms,
  extractEmojis,
  fitVocabulary,
  tokenizeWords,
  unigramsAndBigrams,
  vocabularyNames,
} from '../../src/style/ngrams';
import { ENGLISH_STOPWORDS, ENGLISH_STOPWORD_SET } from '../../src/style/stopwords';

const ref = JSON.parse(readFileSync(new URL('./reference/sklearn_reference.json', import.meta.url), 'utf8')) as {
  countvectorizer: { texts: string[]; counts: Record<string, number>[] };
};

describe('stopword list', () => {
  it('is lowercase, has no duplicates, and keeps the words the paper reports as style markers', () => {
    expect(new Set(ENGLISH_STOPWORDS).size).toBe(ENGLISH_STOPWORDS.length);
    for (const w of ENGLISH_STOPWORDS) expect(w).toBe(w.toLowerCase());
    for (const w of ['completely', 'feelings', 'understandable', 'hey', 'oh', 'totally', 'sorry', 'hear', 'important', 'remember', 'please', 'well'])
      expect(ENGLISH_STOPWORD_SET.has(w)).toBe(false);
    for (const w of ['i', 'the', 'to', "it's", "don't", 'you', 'not']) expect(ENGLISH_STOPWORD_SET.has(w)).toBe(true);
  });
});

describe('tokenizeWords', () => {
  it('lowercases, drops punctuation and stopwords', () => {
    expect(tokenizeWords("I'm SO sorry to hear that... It's important to remember!")).toEqual(['sorry', 'hear', 'important', 'remember']);
  });
  it('maps curly apostrophes, strips possessive \'s, splits hyphens, drops emojis and keycaps', () => {
    expect(tokenizeWords('It\u2019s your friend\u2019s self-care 🤗 1\uFE0F\u20E3 time')).toEqual(['friend', 'self', 'care', 'time']);
  });
  it('keeps all words with an empty stopword set', () => {
    expect(tokenizeWords('To be, or not to be.', { stopwords: new Set() })).toEqual(['to', 'be', 'or', 'not', 'to', 'be']);
  });
});

describe('unigrams and bigrams', () => {
  it('forms bigrams from adjacent words after stopword removal', () => {
    expect(unigramsAndBigrams(tokenizeWords("I'm so sorry to hear that you feel alone."))).toEqual([
      'sorry',
      'hear',
      'feel',
      'alone',
      'sorry hear',
      'hear feel',
      'feel alone',
    ]);
  });
  it("matches scikit-learn's CountVectorizer(stop_words=our list, ngram_range=(1, 2)) on every text", () => {
    ref.countvectorizer.texts.forEach((text, i) => {
      const got = Object.fromEntries(extractDocTerms(text).ngrams);
      expect(got).toEqual(ref.countvectorizer.counts[i]);
    });
  });
});

describe('extractEmojis', () => {
  it('finds emoji sequences and counts ❤ and ❤️ as one', () => {
    expect(extractEmojis('Hey! 🤗 Sending love ❤️ and more ❤ 👍🏽 👨\u200D👩\u200D👧')).toEqual(['🤗', '❤', '❤', '👍🏽', '👨\u200D👩\u200D👧']);
    expect(extractEmojis('No emoji here: #1, :) ...')).toEqual([]);
  });
  it('counts emojis and words separately in extractDocTerms', () => {
    const d = extractDocTerms('Oh no 😔😔 that is hard ❤️');
    expect(Object.fromEntries(d.emojis)).toEqual({ '😔': 2, '❤': 1 });
    expect(d.emojiCount).toBe(3);
    expect(d.wordCount).toBe(5); // oh, no, that, is, hard (before stopword removal)
    expect(Object.fromEntries(d.ngrams)).toEqual({ oh: 1, hard: 1, 'oh hard': 1 });
  });
});

describe('fitVocabulary', () => {
  const train = ['apple apple banana', 'apple cherry', 'banana 😊 😊', 'cherry 😊 🌟'].map((t) => extractDocTerms(t));
  it('keeps the k most frequent n-grams and emojis by total count, ties alphabetical', () => {
    // counts: apple 3, banana 2, cherry 2, apple apple 1, apple banana 1; emojis 😊 3, 🌟 1
    const v = fitVocabulary(train, { topNgrams: 3, topEmojis: 1 });
    expect(v.ngrams).toEqual(['apple', 'banana', 'cherry']);
    expect(v.emojis).toEqual(['😊']);
    expect(vocabularyNames(v)).toEqual(['apple', 'banana', 'cherry', '😊']);
  });
  it("ranks by number of texts with rankBy 'documents'", () => {
    // documents: apple 2, banana 2, cherry 2, 😊 2, 🌟 1
    const v = fitVocabulary(train, { topNgrams: 2, topEmojis: 2, rankBy: 'documents' });
    expect(v.ngrams).toEqual(['apple', 'banana']);
    expect(v.emojis).toEqual(['😊', '🌟']);
  });
  it('only sees the texts it is given (a word that occurs only in other texts is not in it)', () => {
    const v = fitVocabulary(train, { topNgrams: 100 });
    expect(v.ngrams).not.toContain('durian');
    const m = countMatrix([extractDocTerms('durian apple 🌟 🌟')], v);
    expect(m[0]).toEqual([...v.ngrams.map((g) => (g === 'apple' ? 1 : 0)), ...v.emojis.map((e) => (e === '🌟' ? 2 : 0))]);
  });
});
