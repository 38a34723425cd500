/**
 * Compiled dictionary lookup: which entry a word (or a run of words) belongs to.
 *
 * Rules (where LIWC implementations differ, the choice is named and tested in tests/features/match.test.ts):
 * 1. Longest phrase first: at each position the multi-word entry covering the most words wins; its words
 *    are consumed (not looked up again on their own). A word may end in '*' inside a phrase too.
 * 2. A single word takes the categories of ONE entry, the most specific: an exact entry beats every
 *    wildcard ("careful" beats "care*"), and a longer literal prefix beats a shorter one ("carefu*" beats
 *    "care*"). A wildcard matches its stem itself ("care*" matches "care").
 *    Differences: chbrown's liwc-python returns the FIRST (shortest) wildcard on the path, even over an
 *    exact entry; quanteda's dictionary lookup counts a word in the categories of EVERY matching pattern.
 * 3. Among phrases of equal length the one with more literal words, then more literal characters, wins;
 *    then the one defined first.
 * 4. Counting a phrase (option `phraseCounts`): 'words' (default) adds the phrase's number of words to each
 *    of its categories, so percentages stay shares of words and Dic <= 100; 'once' adds 1 per match.
 *
 * Words are looked up as the tokenizer gives them (lower case, ' for curly apostrophes). Lookups of single
 * words are memoised, which makes counting large corpora fast (word frequencies are Zipfian).
 */
import type { DictionaryEntry, LiwcDictionary } from './types';
import { Vocabulary } from './vocabulary';

/** How a matched phrase adds to its categories. */
export type PhraseCounts = 'words' | 'once';

/** Options of {@link compileDictionary}. */
export interface MatchOptions {
  /** See rule 4 above. Default 'words'. */
  phraseCounts?: PhraseCounts;
}

/** A match at one position. */
export interface WordMatch {
  /** The entry matched. */
  entry: DictionaryEntry;
  /** Number of words it covers (1 for a single-word entry). */
  length: number;
}

/** Category totals of a word sequence. */
export interface CategoryCounts {
  /** Total per category, aligned with {@link DictionaryMatcher.categoryNames} (weighted for weighted .dicx). */
  counts: Float64Array;
  /** Number of words covered by some entry (LIWC's Dic, as a count). */
  matchedWords: number;
}

/** A dictionary ready for matching. */
export interface DictionaryMatcher {
  readonly dictionary: LiwcDictionary;
  /** Category names, in dictionary order. */
  readonly categoryNames: readonly string[];
  readonly phraseCounts: PhraseCounts;
  /** The single-word entry for `word` (normalised), or undefined. */
  lookupWord(word: string): DictionaryEntry | undefined;
  /** The best match starting at `words[i]`: the longest phrase, else the single-word entry. */
  matchAt(words: readonly string[], i: number): WordMatch | undefined;
  /** Category totals of a word sequence (phrases consumed left to right). */
  count(words: readonly string[]): CategoryCounts;
  /** The matcher's interned words (see vocabulary.ts); ids given to {@link countIds} come from it. */
  readonly vocabulary: Vocabulary;
  /**
   * {@link count} for words given as ids of {@link vocabulary} (ids[0 .. length-1]): the fast path. With
   * `into` (zeroed by the caller) the totals are added to into[offset + category] and `into` is returned
   * as `counts`.
   */
  countIds(ids: Int32Array, length: number, into?: Float64Array, offset?: number): CategoryCounts;
  /** Empties the vocabulary and the per-word cache (to bound memory on huge corpora). */
  resetVocabulary(): void;
}

interface PatternWord {
  text: string;
  wildcard: boolean;
}

interface Phrase {
  entry: DictionaryEntry;
  words: PatternWord[];
  literalWords: number;
  literalChars: number;
  order: number;
}

function patternWord(w: string): PatternWord {
  return w.length > 1 && w.endsWith('*') ? { text: w.slice(0, -1), wildcard: true } : { text: w, wildcard: false };
}

function wordMatches(p: PatternWord, word: string): boolean {
  return p.wildcard ? word.startsWith(p.text) : word === p.text;
}

/** Rule 1 and 3: is phrase a better match than b? */
function better(a: Phrase, b: Phrase): boolean {
  if (a.words.length !== b.words.length) return a.words.length > b.words.length;
  if (a.literalWords !== b.literalWords) return a.literalWords > b.literalWords;
  if (a.literalChars !== b.literalChars) return a.literalChars > b.literalChars;
  return a.order < b.order;
}

const CACHE_LIMIT = 500_000;

/**
 * Compiles a dictionary for matching.
 * @example
 * const m = compileDictionary(parseDic('%\n1\tx\n2\ty\n%\ncare*\t1\ncareful\t2\n'));
 * m.lookupWord('careful')?.term // 'careful' (exact beats wildcard)
 * m.lookupWord('caring')        // undefined
 */
export function compileDictionary(dictionary: LiwcDictionary, options: MatchOptions = {}): DictionaryMatcher {
  const phraseCounts: PhraseCounts = options.phraseCounts ?? 'words';
  const exact = new Map<string, DictionaryEntry>();
  const stems = new Map<string, DictionaryEntry>();
  const phrasesByFirst = new Map<string, Phrase[]>();
  const phrasesWildFirst: Phrase[] = [];

  dictionary.entries.forEach((entry, order) => {
    if (entry.pattern.length === 1) {
      const p = patternWord(entry.pattern[0]!);
      (p.wildcard ? stems : exact).set(p.text, entry);
      return;
    }
    const words = entry.pattern.map(patternWord);
    const phrase: Phrase = {
      entry,
      words,
      literalWords: words.filter((w) => !w.wildcard).length,
      literalChars: words.reduce((s, w) => s + w.text.length, 0),
      order,
    };
    const first = words[0]!;
    if (first.wildcard) phrasesWildFirst.push(phrase);
    else {
      const list = phrasesByFirst.get(first.text);
      if (list === undefined) phrasesByFirst.set(first.text, [phrase]);
      else list.push(phrase);
    }
  });
  const stemLengths = [...new Set([...stems.keys()].map((s) => s.length))].sort((a, b) => b - a);

  const lookupUncached = (word: string): DictionaryEntry | undefined => {
    let found: DictionaryEntry | undefined = exact.get(word);
    if (found === undefined) {
      for (const len of stemLengths) {
        if (len > word.length) continue;
        found = stems.get(len === word.length ? word : word.slice(0, len));
        if (found !== undefined) break;
      }
    }
    return found;
  };

  let cache = new Map<string, DictionaryEntry | null>();
  const lookupWord = (word: string): DictionaryEntry | undefined => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit ?? undefined;
    const found = lookupUncached(word);
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    cache.set(word, found ?? null);
    return found;
  };

  const hasPhrases = phrasesByFirst.size > 0 || phrasesWildFirst.length > 0;
  /** The best phrase starting at position i of a sequence of n words read through wordAt. */
  const phraseAt = (wordAt: (k: number) => string, i: number, n: number): Phrase | undefined => {
    let best: Phrase | undefined;
    const consider = (list: readonly Phrase[] | undefined) => {
      if (list === undefined) return;
      for (const ph of list) {
        if (i + ph.words.length > n) continue;
        if (best !== undefined && !better(ph, best)) continue;
        let ok = true;
        for (let k = 0; k < ph.words.length; k++) {
          if (!wordMatches(ph.words[k]!, wordAt(i + k))) {
            ok = false;
            break;
          }
        }
        if (ok) best = ph;
      }
    };
    consider(phrasesByFirst.get(wordAt(i)));
    if (phrasesWildFirst.length > 0) consider(phrasesWildFirst);
    return best;
  };

  const matchAt = (words: readonly string[], i: number): WordMatch | undefined => {
    if (hasPhrases) {
      const ph = phraseAt((k) => words[k]!, i, words.length);
      if (ph !== undefined) return { entry: ph.entry, length: ph.words.length };
    }
    const entry = lookupWord(words[i]!);
    return entry === undefined ? undefined : { entry, length: 1 };
  };

  const categoryNames = dictionary.categories.map((c) => c.name);
  const vocabulary = new Vocabulary();
  let entryOf: (DictionaryEntry | null | undefined)[] = [];
  const vocabWords = vocabulary.words;
  const wordOfId = (ids: Int32Array) => (k: number) => vocabWords[ids[k]!]!;

  const countIds = (ids: Int32Array, length: number, into?: Float64Array, offset = 0): CategoryCounts => {
    const counts = into ?? new Float64Array(categoryNames.length);
    let matchedWords = 0;
    const wordAt = hasPhrases ? wordOfId(ids) : undefined;
    let i = 0;
    while (i < length) {
      let entry: DictionaryEntry | null | undefined;
      let n = 1;
      if (wordAt !== undefined) {
        const ph = phraseAt(wordAt, i, length);
        if (ph !== undefined) {
          entry = ph.entry;
          n = ph.words.length;
        }
      }
      if (entry === undefined) {
        const id = ids[i]!;
        entry = entryOf[id];
        if (entry === undefined) {
          entry = lookupUncached(vocabWords[id]!) ?? null;
          entryOf[id] = entry;
        }
      }
      if (entry !== null) {
        const add = phraseCounts === 'words' ? n : 1;
        const cats = entry.categories;
        const ws = entry.weights;
        for (let k = 0; k < cats.length; k++) counts[offset + cats[k]!] += ws[k]! * add;
        matchedWords += n;
      }
      i += n;
    }
    return { counts, matchedWords };
  };

  let scratch = new Int32Array(256);
  const count = (words: readonly string[]): CategoryCounts => {
    if (scratch.length < words.length) scratch = new Int32Array(words.length * 2);
    for (let k = 0; k < words.length; k++) scratch[k] = vocabulary.idOfString(words[k]!);
    return countIds(scratch, words.length);
  };

  const resetVocabulary = (): void => {
    vocabulary.clear();
    entryOf = [];
  };

  return { dictionary, categoryNames, phraseCounts, lookupWord, matchAt, count, vocabulary, countIds, resetVocabulary };
}
