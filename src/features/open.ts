/**
 * The project's open English dictionary (src/features/dictionaries/open-en.dic), read once and cached.
 * Used whenever no LIWC dictionary is given, so every notebook runs without a LIWC licence.
 */
import { readDic } from './dictionary/dic';
import { type DictionaryMatcher, type MatchOptions, compileDictionary } from './dictionary/match';
import type { LiwcDictionary } from './dictionary/types';
import { fromRoot } from '../util/paths';

let cached: LiwcDictionary | undefined;
const matchers = new Map<string, DictionaryMatcher>();

/** Path of open-en.dic. */
export function openDictionaryPath(): string {
  return fromRoot('src', 'features', 'dictionaries', 'open-en.dic');
}

/**
 * The open dictionary: pronoun, ppron, i, we, you, shehe, they, ipron, article, prep, auxverb, conj,
 * negate, tone_pos, tone_neg, emotion, emo_pos, emo_neg.
 */
export function openDictionary(): LiwcDictionary {
  if (cached === undefined) cached = readDic(openDictionaryPath());
  return cached;
}

/** The open dictionary compiled for matching (cached per option set). */
export function openMatcher(options: MatchOptions = {}): DictionaryMatcher {
  const key = options.phraseCounts ?? 'words';
  let m = matchers.get(key);
  if (m === undefined) {
    m = compileDictionary(openDictionary(), options);
    matchers.set(key, m);
  }
  return m;
}
