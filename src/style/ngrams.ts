/**
 * Text to n-gram and emoji counts, and the top-k vocabulary of the paper's style classifier
 * (Lee et al. 2024, Table III: "200 most frequent unigrams and bigrams after stopword and punctuation
 * removal, plus the 20 most frequent emojis").
 *
 * Pipeline for one text (`extractDocTerms`):
 * 1. Unicode NFC; curly apostrophes (U+2018, U+2019, U+02BC) become "'".
 * 2. Emojis are taken out first (emoji-regex: every RGI emoji sequence, including skin tones and
 *    ZWJ sequences) and replaced by a space, so a keycap such as "1️⃣" never becomes a word.
 *    The variation selector U+FE0F is dropped from each emoji so "❤" and "❤️" count as one.
 * 3. Lowercase; words are maximal runs of letters, marks and digits with internal apostrophes
 *    (`[\p{L}\p{N}][\p{L}\p{M}\p{N}]*('[\p{L}\p{M}\p{N}]+)*`). Everything else (punctuation,
 *    whitespace, symbols, hyphens) separates words and is dropped: "self-care" -> "self", "care".
 * 4. Stopwords are removed (default `ENGLISH_STOPWORD_SET`, see ./stopwords); a remaining word
 *    ending in "'s" loses it ("friend's" -> "friend").
 * 5. Unigrams are the remaining words; bigrams are pairs of ADJACENT REMAINING words, i.e. formed
 *    after stopword removal, as scikit-learn's CountVectorizer(stop_words=..., ngram_range=(1, 2))
 *    does: "sorry to hear" gives the bigram "sorry hear". Bigrams also span sentence boundaries
 *    (punctuation is removed before they are formed), again as CountVectorizer does.
 */
import emojiRegex from 'emoji-regex';
import { ENGLISH_STOPWORD_SET } from './stopwords';

/** Options of the tokenizer. */
export interface TokenizeOptions {
  /** Words to drop (lowercase). Default: ENGLISH_STOPWORD_SET. Pass an empty set to keep all words. */
  stopwords?: ReadonlySet<string>;
}

/** The counts extracted from one text; no fitting involved, so computing them for all texts up front leaks nothing. */
export interface DocTerms {
  /** Unigram and bigram counts (bigram keys are "word1 word2"). */
  ngrams: ReadonlyMap<string, number>;
  /** Emoji counts (keys without U+FE0F). */
  emojis: ReadonlyMap<string, number>;
  /** Number of words BEFORE stopword removal (the document length used by 'length' normalisation). */
  wordCount: number;
  /** Number of emojis. */
  emojiCount: number;
}

const APOSTROPHES = /[\u2018\u2019\u02BC]/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:'[\p{L}\p{M}\p{N}]+)*/gu;
const VS16 = /\uFE0F/g;

function normalizeText(text: string): string {
  return text.normalize('NFC').replace(APOSTROPHES, "'");
}

/**
 * The emojis of a text in order of appearance, U+FE0F removed.
 * @example extractEmojis('Hey there! 🤗 Sending ❤️') // ['🤗', '❤']
 */
export function extractEmojis(text: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(emojiRegex())) {
    const e = m[0].replace(VS16, '');
    if (e.length > 0) out.push(e);
  }
  return out;
}

/** Lowercase words of a text, punctuation and emojis removed, stopwords NOT yet removed. */
export function tokenizeAllWords(text: string): string[] {
  const noEmoji = normalizeText(text).replace(emojiRegex(), ' ').toLowerCase();
  return noEmoji.match(WORD) ?? [];
}

/** Drops stopwords and strips a trailing possessive "'s" from the words that remain. */
export function removeStopwords(words: readonly string[], stopwords: ReadonlySet<string> = ENGLISH_STOPWORD_SET): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (stopwords.has(w)) continue;
    const base = w.endsWith("'s") ? w.slice(0, -2) : w;
    if (base.length > 0 && !stopwords.has(base)) out.push(base);
  }
  return out;
}

/**
 * The words the n-grams are built from: lowercase, no punctuation, no emojis, no stopwords.
 * @example tokenizeWords("I'm so sorry to hear that.") // ['sorry', 'hear']
 */
export function tokenizeWords(text: string, options: TokenizeOptions = {}): string[] {
  return removeStopwords(tokenizeAllWords(text), options.stopwords ?? ENGLISH_STOPWORD_SET);
}

/** Unigrams and bigrams (bigrams of adjacent words of `words`), as "w" and "w1 w2" keys, in order. */
export function unigramsAndBigrams(words: readonly string[]): string[] {
  const out: string[] = words.slice();
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

function countInto(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Unigram + bigram counts and emoji counts of one text (see the module comment for every step). */
export function extractDocTerms(text: string, options: TokenizeOptions = {}): DocTerms {
  const all = tokenizeAllWords(text);
  const words = removeStopwords(all, options.stopwords ?? ENGLISH_STOPWORD_SET);
  const ngrams = new Map<string, number>();
  for (const g of unigramsAndBigrams(words)) countInto(ngrams, g);
  const emojis = new Map<string, number>();
  const found = extractEmojis(text);
  for (const e of found) countInto(emojis, e);
  return { ngrams, emojis, wordCount: all.length, emojiCount: found.length };
}

/** The feature columns: the top n-grams, then the top emojis. */
export interface Vocabulary {
  ngrams: readonly string[];
  emojis: readonly string[];
}

/** How the top-k vocabulary is chosen. */
export interface VocabularyOptions {
  /** Number of unigrams + bigrams kept (default 200, the paper's). */
  topNgrams?: number;
  /** Number of emojis kept (default 20, the paper's); fewer if fewer distinct emojis occur. */
  topEmojis?: number;
  /**
   * 'count' (default): total occurrences over the training texts (scikit-learn's max_features);
   * 'documents': number of training texts containing the term.
   */
  rankBy?: 'count' | 'documents';
}

function topKeys(docs: readonly ReadonlyMap<string, number>[], k: number, rankBy: 'count' | 'documents'): string[] {
  const total = new Map<string, number>();
  for (const d of docs) for (const [key, c] of d) total.set(key, (total.get(key) ?? 0) + (rankBy === 'count' ? c : 1));
  if (k <= 0) return [];
  // Only keys counted at least as often as the k-th largest count can be in the top k: sort the
  // counts (numbers) to find that threshold, then sort just those keys.
  const counts = Float64Array.from(total.values()).sort();
  const threshold = counts.length > k ? counts[counts.length - k]! : -Infinity;
  // Ties broken alphabetically (by code unit) so the vocabulary is fully determined by the texts.
  return [...total.entries()]
    .filter(([, c]) => c >= threshold)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, k)
    .map(([key]) => key);
}

/**
 * The top-k n-grams and emojis of the TRAINING texts (call it on a training fold only).
 * @example fitVocabulary(train.map((d) => extractDocTerms(d.text)), { topNgrams: 200, topEmojis: 20 })
 */
export function fitVocabulary(train: readonly DocTerms[], options: VocabularyOptions = {}): Vocabulary {
  const rankBy = options.rankBy ?? 'count';
  return {
    ngrams: topKeys(train.map((d) => d.ngrams), options.topNgrams ?? 200, rankBy),
    emojis: topKeys(train.map((d) => d.emojis), options.topEmojis ?? 20, rankBy),
  };
}

/** Column names of a vocabulary: the n-grams, then the emojis. */
export function vocabularyNames(vocabulary: Vocabulary): string[] {
  return [...vocabulary.ngrams, ...vocabulary.emojis];
}

/** Raw count matrix (rows = texts, columns = vocabularyNames(vocabulary)). */
export function countMatrix(docs: readonly DocTerms[], vocabulary: Vocabulary): number[][] {
  return docs.map((d) => [
    ...vocabulary.ngrams.map((g) => d.ngrams.get(g) ?? 0),
    ...vocabulary.emojis.map((e) => d.emojis.get(e) ?? 0),
  ]);
}
