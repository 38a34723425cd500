/**
 * LIWC-style features of texts: one typed row per text with LIWC-22's column names.
 *
 * Columns, in LIWC-22's output order: WC (words), WPS (words per sentence), BigWords (words of 7+ letters),
 * Dic (words found in the dictionary), one column per dictionary category, then AllPunc, Period, Comma,
 * QMark, Exclam, Apostro, OtherP, Emoji. Like LIWC, every column after WPS is a percentage of WC
 * (100 x count / WC; 0 when WC = 0) unless `units: 'count'` is asked for. Values are not rounded unless
 * `digits` is given (LIWC-22 prints 2 decimals, rounding halves away from zero).
 *
 * @example
 * const t = extractFeatures(['I love this!', 'We are here.']);
 * t.rows[0].WC     // 3
 * t.rows[0].i      // 33.33... (1 of 3 words)
 * t.rows[0].Exclam // 33.33...
 */
import { type DictionaryMatcher, type MatchOptions, type PhraseCounts, compileDictionary } from './dictionary/match';
import type { LiwcDictionary } from './dictionary/types';
import type { EmojiUnits } from './emoji';
import { openMatcher } from './open';
import { PUNCTUATION_COLUMNS, type PunctuationCounts } from './punctuation';
import * as tokenizer from './tokenizer';

const scanText = tokenizer.scanText;

/** Options of {@link extractFeatures}. */
export interface FeatureOptions {
  /** A LIWC dictionary (read with readDictionary) or a compiled matcher. Default: the open dictionary. */
  dictionary?: LiwcDictionary | DictionaryMatcher;
  /** How emoji sequences are counted: 'sequence' (default, one per RGI emoji) or 'liwc22'. See emoji.ts. */
  emojiUnits?: EmojiUnits;
  /** How a matched phrase adds to its categories (default 'words'). See dictionary/match.ts. */
  phraseCounts?: PhraseCounts;
  /** 'percent' (default, LIWC's units: 100 x count / WC) or 'count' (raw counts). WC and WPS are unaffected. */
  units?: 'percent' | 'count';
  /** Round every value except WC to this many decimals (halves away from zero, as LIWC-22). Default: none. */
  digits?: number;
}

/** The columns every feature row has, whatever the dictionary. */
export interface SummaryFeatures {
  /** Word count. */
  WC: number;
  /** Words per sentence (WC / number of sentences; 0 for an empty text). */
  WPS: number;
  /** Words of 7 or more letters (percent of WC, or count). */
  BigWords: number;
  /** Words covered by a dictionary entry (percent of WC, or count). */
  Dic: number;
}

/** One text's features: the summary, the punctuation, Emoji, and one number per dictionary category. */
export type FeatureRow = SummaryFeatures & PunctuationCounts & { Emoji: number } & { [category: string]: number };

/** Features of a list of texts. */
export interface FeatureTable {
  /** Column names in output order. */
  columns: string[];
  /** One row per text, in input order. */
  rows: FeatureRow[];
  /** Name of the dictionary used. */
  dictionary: string;
  /** Units of the columns after WPS. */
  units: 'percent' | 'count';
}

/** Columns computed without a dictionary, before the categories. */
export const SUMMARY_COLUMNS = ['WC', 'WPS', 'BigWords', 'Dic'] as const;
/** Columns computed without a dictionary, after the categories. */
export const TRAILING_COLUMNS = [...PUNCTUATION_COLUMNS, 'Emoji'] as const;

/**
 * Rounds halves away from zero, like LIWC-22's output (16.625 -> 16.63).
 * @example roundHalfAway(16.625, 2) === 16.63
 */
export function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
}

/** Compiles `dictionary` unless it already is a matcher; the open dictionary when undefined. */
export function resolveMatcher(dictionary: LiwcDictionary | DictionaryMatcher | undefined, options: MatchOptions = {}): DictionaryMatcher {
  if (dictionary === undefined) return openMatcher(options);
  if ('lookupWord' in dictionary) return dictionary;
  return compileDictionary(dictionary, options);
}

/** Output columns for a matcher: summary, categories, punctuation, Emoji. Throws on a name clash. */
export function featureColumns(matcher: DictionaryMatcher): string[] {
  const fixed = new Set<string>([...SUMMARY_COLUMNS, ...TRAILING_COLUMNS]);
  for (const name of matcher.categoryNames) {
    if (name === '__proto__') throw new Error(`dictionary '${matcher.dictionary.name}' has a category named '__proto__'; rename it`);
    if (fixed.has(name)) {
      throw new Error(
        `dictionary '${matcher.dictionary.name}' has a category named '${name}', which is also a column computed without the dictionary; rename the category`,
      );
    }
  }
  return [...SUMMARY_COLUMNS, ...matcher.categoryNames, ...TRAILING_COLUMNS];
}

const spans = new tokenizer.WordSpans();
let ids = new Int32Array(1024);
/** Distinct words kept interned before the vocabulary is emptied (bounds memory on huge corpora). */
const VOCABULARY_LIMIT = 2_000_000;

/**
 * Features of one text as numbers in {@link featureColumns} order (the fast path used by
 * {@link extractFeatures} and the worker threads). With `from`/`to`, the text is text[from, to) (see scanText).
 */
export function featureValues(text: string, matcher: DictionaryMatcher, options: FeatureOptions = {}, from = 0, to = text.length): Float64Array {
  const out = new Float64Array(4 + matcher.categoryNames.length + 8);
  featureValuesInto(out, 0, text, matcher, options, from, to);
  return out;
}

/**
 * {@link featureValues} written into out[at, at + number of columns), which must be zero there: one
 * buffer holds the values of many texts (no allocation per text).
 */
export function featureValuesInto(out: Float64Array, at: number, text: string, matcher: DictionaryMatcher, options: FeatureOptions = {}, from = 0, to = text.length): void {
  const t = scanText(text, spans, { emojiUnits: options.emojiUnits }, from, to);
  const wc = spans.length;
  const vocabulary = matcher.vocabulary;
  if (vocabulary.size > VOCABULARY_LIMIT) matcher.resetVocabulary();
  if (ids.length < wc) ids = new Int32Array(wc * 2);
  const { starts, ends, flags, hashes, hashes2 } = spans;
  for (let k = 0; k < wc; k++) ids[k] = vocabulary.idOfSpan(text, starts[k]!, ends[k]!, flags[k]!, hashes[k]!, hashes2[k]!);
  const nc = matcher.categoryNames.length;
  const end = at + 4 + nc + 8;
  // the category totals are added straight into their place in `out`
  const { matchedWords } = matcher.countIds(ids, wc, out, at + 4);
  const percent = (options.units ?? 'percent') === 'percent';
  const scale = percent ? (wc > 0 ? 100 / wc : 0) : 1;
  out[at] = wc;
  out[at + 1] = t.sentences > 0 ? wc / t.sentences : 0;
  out[at + 2] = t.bigWords;
  out[at + 3] = matchedWords;
  const p = t.punctuation;
  const base = at + 4 + nc;
  out[base] = p.AllPunc;
  out[base + 1] = p.Period;
  out[base + 2] = p.Comma;
  out[base + 3] = p.QMark;
  out[base + 4] = p.Exclam;
  out[base + 5] = p.Apostro;
  out[base + 6] = p.OtherP;
  out[base + 7] = t.emoji;
  if (scale !== 1) for (let k = at + 2; k < end; k++) out[k] = out[k]! * scale;
  if (options.digits !== undefined) for (let k = at + 1; k < end; k++) out[k] = roundHalfAway(out[k]!, options.digits);
}

const rowMakers = new Map<string, (v: Float64Array, at: number) => FeatureRow>();

/**
 * A function that turns values v[at, at + columns) into a row object; generated once per column list so
 * that all rows share one object shape (building 30-odd properties one by one is several times slower).
 */
function rowMaker(columns: readonly string[]): (v: Float64Array, at: number) => FeatureRow {
  const key = JSON.stringify(columns);
  let make = rowMakers.get(key);
  if (make === undefined) {
    const body = `return {${columns.map((c, k) => `${JSON.stringify(c)}: v[at + ${k}]`).join(', ')}};`;
    make = new Function('v', 'at', body) as (v: Float64Array, at: number) => FeatureRow;
    rowMakers.set(key, make);
  }
  return make;
}

/** Turns `n` rows of values, stored row after row in `values`, into typed rows keyed by column name. */
export function rowsFromValues(columns: readonly string[], values: Float64Array, n: number): FeatureRow[] {
  const make = rowMaker(columns);
  const ncol = columns.length;
  const rows = new Array<FeatureRow>(n);
  for (let r = 0; r < n; r++) rows[r] = make(values, r * ncol);
  return rows;
}

/**
 * Features of one text.
 * @example textFeatures('Hello there! 👋').Emoji // 50 (1 emoji, 2 words)
 */
export function textFeatures(text: string, options: FeatureOptions = {}): FeatureRow {
  return extractFeatures([text], options).rows[0]!;
}

/**
 * Features of every text (one row each, input order). Missing texts (null/undefined) count as empty.
 */
export function extractFeatures(texts: readonly (string | null | undefined)[], options: FeatureOptions = {}): FeatureTable {
  const matcher = resolveMatcher(options.dictionary, { phraseCounts: options.phraseCounts });
  const columns = featureColumns(matcher);
  const ncol = columns.length;
  const values = new Float64Array(texts.length * ncol);
  for (let r = 0; r < texts.length; r++) featureValuesInto(values, r * ncol, texts[r] ?? '', matcher, options);
  return { columns, rows: rowsFromValues(columns, values, texts.length), dictionary: matcher.dictionary.name, units: options.units ?? 'percent' };
}
