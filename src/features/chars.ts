/**
 * Character classes for the LIWC-style tokenizer: letter, digit, combining mark, punctuation, space,
 * other. Unicode general categories decide (\p{L}, \p{N}, \p{M}, \p{P}, \p{White_Space}), so a word may
 * hold any script's letters (LIWC-22 counted "uncontrollable봪ike", a mis-encoded dash plus "l", as ONE
 * word in the Study 1 file: Hangul is a letter there too).
 *
 * The Basic Multilingual Plane is classified once into a 64 KiB table (built on first use, about 20 ms);
 * astral code points (emoji, rare scripts) are classified on demand and cached.
 */

/** A code point that is none of the classes below (symbols, controls, format characters). */
export const OTHER = 0;
/** \p{L}: a letter of any script. */
export const LETTER = 1;
/** \p{N}: a digit or other number character. */
export const DIGIT = 2;
/** \p{M}: a combining mark (kept inside a word, never starts one). */
export const MARK = 3;
/** \p{P}: punctuation (counted per character into AllPunc). */
export const PUNCT = 4;
/** White space. */
export const SPACE = 5;

/** One of the class constants above. */
export type CharClass = 0 | 1 | 2 | 3 | 4 | 5;

const RE_LETTER = /\p{L}/u;
const RE_DIGIT = /\p{N}/u;
const RE_MARK = /\p{M}/u;
const RE_PUNCT = /\p{P}/u;
const RE_SPACE = /\p{White_Space}/u;

function classifyString(ch: string): CharClass {
  if (RE_LETTER.test(ch)) return LETTER;
  if (RE_DIGIT.test(ch)) return DIGIT;
  if (RE_MARK.test(ch)) return MARK;
  if (RE_PUNCT.test(ch)) return PUNCT;
  if (RE_SPACE.test(ch)) return SPACE;
  return OTHER;
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, CharClass>();

/** The class table of the Basic Multilingual Plane (surrogate code units are OTHER). */
export function bmpClasses(): Uint8Array {
  if (bmp === undefined) {
    // one regex pass per class over a string of every BMP character (surrogates replaced by U+0000)
    const codes = new Uint16Array(0x10000);
    for (let cp = 0; cp < 0x10000; cp++) codes[cp] = cp >= 0xd800 && cp <= 0xdfff ? 0 : cp;
    let all = '';
    for (let k = 0; k < 0x10000; k += 4096) all += String.fromCharCode(...codes.subarray(k, k + 4096));
    const t = new Uint8Array(0x10000);
    const passes: [RegExp, CharClass][] = [
      [/\p{White_Space}/gu, SPACE],
      [/\p{P}/gu, PUNCT],
      [/\p{M}/gu, MARK],
      [/\p{N}/gu, DIGIT],
      [/\p{L}/gu, LETTER],
    ];
    for (const [re, k] of passes) for (const m of all.matchAll(re)) t[m.index!] = k;
    t[0] = OTHER;
    bmp = t;
  }
  return bmp;
}

/** Class of any code point. @example classOf(0x61) === LETTER; classOf(0x2e) === PUNCT */
export function classOf(cp: number): CharClass {
  if (cp < 0x10000) return bmpClasses()[cp] as CharClass;
  let k = astral.get(cp);
  if (k === undefined) {
    k = classifyString(String.fromCodePoint(cp));
    astral.set(cp, k);
  }
  return k;
}
