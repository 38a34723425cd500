/**
 * LIWC-style linguistic features: a tokenizer with LIWC-22's counting rules, readers for LIWC dictionaries
 * (.dic, .dicx), a matcher, the project's open English dictionary, and feature tables.
 *
 * @example
 * // in a notebook (tslab needs the explicit /index)
 * import { extractFeatures, featuresFrame, readDictionary } from './src/features/index';
 * const t = extractFeatures(texts);                                   // open dictionary
 * const liwc = extractFeatures(texts, { dictionary: readDictionary('LIWC22.dicx') }); // your licensed one
 * featuresFrame(t, { id: ids });                                      // danfojs DataFrame
 */
export { tokenize, normalizeWord, type TokenizeOptions, type TokenizedText } from './tokenizer';
export { PUNCTUATION_COLUMNS, punctuationKind, type PunctuationCounts, type PunctuationKind } from './punctuation';
export { findEmoji, type EmojiUnits } from './emoji';
export { parseDic, readDic } from './dictionary/dic';
export { parseDicx, readDicx } from './dictionary/dicx';
export { parseDictionary, readDictionary } from './dictionary/read';
export { compileDictionary, type DictionaryMatcher, type MatchOptions, type PhraseCounts, type WordMatch, type CategoryCounts } from './dictionary/match';
export {
  DictionaryError,
  formatWarning,
  type DictionaryCategory,
  type DictionaryEntry,
  type DictionaryWarning,
  type LiwcDictionary,
} from './dictionary/types';
export { openDictionary, openDictionaryPath, openMatcher } from './open';
export {
  extractFeatures,
  textFeatures,
  featureColumns,
  roundHalfAway,
  SUMMARY_COLUMNS,
  TRAILING_COLUMNS,
  type FeatureOptions,
  type FeatureRow,
  type FeatureTable,
  type SummaryFeatures,
} from './extract';
export { closeFeatureWorkers, extractFeaturesParallel, type ParallelOptions } from './parallel';
export { featuresFrame, featureRecords, type IdColumns } from './frame';
export { compareWithLiwc, formatAgreement, type ColumnAgreement, type CompareOptions } from './compare';
