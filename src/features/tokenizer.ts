/**
 * LIWC-style tokenizer: one pass over a text that finds its words (normalised for dictionary lookup) and
 * counts what LIWC-22 reports without a dictionary: sentences (for WPS), BigWords, the punctuation columns
 * and Emoji. The rules were inferred from LIWC-22's output for the Study 1 texts of Lee et al. (2024);
 * src/features/README.md gives the evidence for each. In short:
 * - A word is a run of letters (any script) and digits; combining marks stay inside it. Also inside: an
 *   apostrophe or hyphen followed by a letter/digit ("don't", "you’ve", "no-shows"), a decimal point or a
 *   digit-group comma between digits ("3.5", "1,000"). "i.e.", "e.g.", "U.S." (1-2 letter parts each
 *   followed by a period) are one word; "i.e" without the final period is two. Numbers are words.
 * - Curly apostrophes ’ ‘ are read as ' and words are lower-cased. Apostrophes at a word's edge are not
 *   part of it ("parents'" -> parents). A URL (http://, https://, www.) is one word.
 * - Emoji are not words (see emoji.ts); every \p{P} character counts as punctuation (see punctuation.ts),
 *   except inside URLs and emoji sequences.
 * - A sentence ends at . ! ? … (a run counts once) not directly followed by a letter or digit, except the
 *   periods of an abbreviation; a stretch of text counts as a sentence when it holds a word or an emoji
 *   (so an emoji after the last full stop is a sentence). Newlines do not end sentences.
 * - BigWords: words with 7 or more letters (digits, apostrophes and hyphens do not count).
 */
import * as chars from './chars';
import * as emojiModule from './emoji';
import type { EmojiUnits } from './emoji';
import * as punctuation from './punctuation';
import type { PunctuationCounts } from './punctuation';

// Module-local copies: the hot loop must not go through module-binding getters (tsx/CommonJS interop).
const LETTER: number = chars.LETTER;
const DIGIT: number = chars.DIGIT;
const MARK: number = chars.MARK;
const PUNCT: number = chars.PUNCT;
const P_PERIOD: number = punctuation.P_PERIOD;
const P_COMMA: number = punctuation.P_COMMA;
const P_QMARK: number = punctuation.P_QMARK;
const P_EXCLAM: number = punctuation.P_EXCLAM;
const P_APOSTRO: number = punctuation.P_APOSTRO;
const P_OTHER: number = punctuation.P_OTHER;
const bmpClasses = chars.bmpClasses;
const classOf = chars.classOf;
const isSentenceTerminator = punctuation.isSentenceTerminator;
const punctuationKindCode = punctuation.punctuationKindCode;
const emojiLengthAt = emojiModule.emojiLengthAt;
const emojiUnitCount = emojiModule.emojiUnitCount;
const mayStartEmoji = emojiModule.mayStartEmoji;

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** How emoji sequences are counted (see emoji.ts). Default 'sequence'. */
  emojiUnits?: EmojiUnits;
  /** Minimum number of letters of a BigWord. Default 7 (LIWC-22). */
  bigWordLetters?: number;
}

/** What one pass over a text gives. */
export interface TokenizedText {
  /** Words in text order: lower-case, curly apostrophes replaced by '. */
  words: string[];
  /** Number of sentences (0 for a text without words or emoji). */
  sentences: number;
  /** Number of words with at least `bigWordLetters` letters. */
  bigWords: number;
  /** Punctuation characters by LIWC-22 column (counts, not percentages). */
  punctuation: PunctuationCounts;
  /** Number of emoji (units as chosen by `emojiUnits`). */
  emoji: number;
}

const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"]*/iy;
const URL_TRAILING = /[.,!?;:'")\]}\u2019\u201d]+$/;
const ABBREVIATION = /(?:\p{L}{1,2}\.){2,}(?![\p{L}\p{N}])/uy;
const CURLY = /[\u2018\u2019]/g;

function countPeriods(s: string): number {
  let p = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0x2e) p++;
  return p;
}

/** Code point at i, combining a surrogate pair. */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Flags of a word span (bit set). */
export const SPAN_UPPER = 1; // holds an ASCII upper-case letter
export const SPAN_CURLY = 2; // holds a curly apostrophe (’ or ‘)
export const SPAN_OTHER = 4; // holds another non-ASCII character, or is a URL / abbreviation: normalise fully

/**
 * Word positions found by {@link scanText}: word k is text.slice(starts[k], ends[k]) with flags[k].
 * Reused between texts (the arrays grow as needed) so that scanning allocates nothing per word.
 */
export class WordSpans {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  flags = new Uint8Array(256);
  letters = new Int32Array(256);
  /**
   * Two independent 32-bit hashes of the normalised word (lower case, ' for curly apostrophes): FNV-1a
   * and the polynomial hash 31*h + c. 0 for SPAN_OTHER words (their hashes are computed from the string).
   */
  hashes = new Int32Array(256);
  hashes2 = new Int32Array(256);
  length = 0;

  push(start: number, end: number, flags: number, letters: number, hash = 0, hash2 = 0): void {
    if (this.length === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.flags = grow(this.flags);
      this.letters = grow(this.letters);
      this.hashes = grow(this.hashes);
      this.hashes2 = grow(this.hashes2);
    }
    const k = this.length++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.flags[k] = flags;
    this.letters[k] = letters;
    this.hashes[k] = hash;
    this.hashes2[k] = hash2;
  }
}

/** FNV-1a offset basis and prime (32 bit), shared with vocabulary.ts. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Counts of one scanned text (everything of {@link TokenizedText} except the words). */
export interface ScanCounts {
  sentences: number;
  bigWords: number;
  punctuation: PunctuationCounts;
  emoji: number;
}

/** The normalised word k of `spans` (lower case, curly apostrophes as '). */
export function spanWord(text: string, spans: WordSpans, k: number): string {
  const word = text.slice(spans.starts[k]!, spans.ends[k]!);
  const f = spans.flags[k]!;
  if (f === 0) return word;
  if (f & SPAN_OTHER) return normalizeWord(word);
  const w = f & SPAN_CURLY ? word.replace(CURLY, "'") : word;
  return f & SPAN_UPPER ? w.toLowerCase() : w;
}

/** Class of the code point at j of text (0 past the end). */
function classAt(text: string, j: number, table: Uint8Array): number {
  if (j >= text.length) return 0;
  const c = text.charCodeAt(j);
  return c < 0xd800 || c > 0xdfff ? table[c]! : classOf(codePointAt(text, j));
}

function isWordCharAt(text: string, j: number, table: Uint8Array): boolean {
  const k = classAt(text, j, table);
  return k === LETTER || k === DIGIT;
}

function isDigitAt(text: string, j: number, table: Uint8Array): boolean {
  return classAt(text, j, table) === DIGIT;
}

/**
 * The tokenizer's core: one pass over `text` that records word positions in `spans` (cleared first) and
 * returns the counts. {@link tokenize} is the convenient front end; feature extraction uses this directly.
 * `from` and `to` scan only text[from, to); the character at `to`, if any, must be white space (the worker
 * threads scan many texts joined by newlines this way, without slicing them out).
 */
export function scanText(text: string, spans: WordSpans, options: TokenizeOptions = {}, from = 0, to = text.length): ScanCounts {
  const units: EmojiUnits = options.emojiUnits ?? 'sequence';
  const bigMin = options.bigWordLetters ?? 7;
  const table = bmpClasses();
  spans.length = 0;
  let pPeriod = 0;
  let pComma = 0;
  let pQmark = 0;
  let pExclam = 0;
  let pApostro = 0;
  let pOther = 0;
  let sentences = 0;
  let bigWords = 0;
  let emoji = 0;
  let content = false; // the current sentence holds a word or an emoji
  const n = to;

  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    let k: number;
    let size = 1;
    if (c < 0xd800 || c > 0xdfff) k = table[c]!;
    else {
      const cp = codePointAt(text, i);
      size = cp > 0xffff ? 2 : 1;
      k = classOf(cp);
    }

    if (k === LETTER || k === DIGIT) {
      // keycap emoji: a digit followed by U+FE0F or U+20E3
      if (k === DIGIT && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d === 0xfe0f || d === 0x20e3) {
          const len = emojiLengthAt(text, i);
          if (len > 0) {
            emoji += 1;
            content = true;
            i += len;
            continue;
          }
        }
      }
      // URL as one word
      if (c === 0x68 || c === 0x48 || c === 0x77 || c === 0x57) {
        URL_RE.lastIndex = i;
        const m = URL_RE.exec(text);
        if (m !== null) {
          const url = m[0].replace(URL_TRAILING, '');
          if (url.length > 4) {
            let letters = 0;
            for (let p = 0; p < url.length; p++) if (classAt(url, p, table) === LETTER) letters++;
            spans.push(i, i + url.length, SPAN_OTHER, letters);
            if (letters >= bigMin) bigWords++;
            content = true;
            i += url.length;
            continue;
          }
        }
      }
      // a single-letter abbreviation ("i.e.", "e.g.", "U.S.", "Ph.D."): one word, its periods end no sentence
      const c1 = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      const c2 = i + 2 < n ? text.charCodeAt(i + 2) : 0;
      if (c1 === 0x2e || c2 === 0x2e) {
        ABBREVIATION.lastIndex = i;
        const m = ABBREVIATION.exec(text);
        if (m !== null) {
          const abbr = m[0];
          const periods = countPeriods(abbr);
          pPeriod += periods;
          spans.push(i, i + abbr.length, SPAN_OTHER, abbr.length - periods);
          if (abbr.length - periods >= bigMin) bigWords++;
          content = true;
          i += abbr.length;
          continue;
        }
      }
      // a word
      const start = i;
      let j = i;
      let letters = 0;
      let flags = 0;
      let h = FNV_OFFSET;
      let g = 0;
      while (j < n) {
        const cj = text.charCodeAt(j);
        let kj: number;
        let sj = 1;
        if (cj < 0xd800 || cj > 0xdfff) kj = table[cj]!;
        else {
          const cp = codePointAt(text, j);
          sj = cp > 0xffff ? 2 : 1;
          kj = classOf(cp);
        }
        if (kj === LETTER) {
          letters++;
          if (cj >= 0x80) flags |= SPAN_OTHER;
          else if (cj <= 0x5a) {
            flags |= SPAN_UPPER;
            h = Math.imul(h ^ (cj + 32), FNV_PRIME);
            g = (Math.imul(g, 31) + cj + 32) | 0;
          } else {
            h = Math.imul(h ^ cj, FNV_PRIME);
            g = (Math.imul(g, 31) + cj) | 0;
          }
          j += sj;
          continue;
        }
        if (kj === DIGIT) {
          // a digit followed by a keycap mark ends the word (the keycap is an emoji)
          if (j + 1 < n) {
            const d = text.charCodeAt(j + 1);
            if (d === 0xfe0f || d === 0x20e3) break;
          }
          if (cj >= 0x80) flags |= SPAN_OTHER;
          h = Math.imul(h ^ cj, FNV_PRIME);
          g = (Math.imul(g, 31) + cj) | 0;
          j += sj;
          continue;
        }
        if (kj === MARK) {
          flags |= SPAN_OTHER;
          j += sj;
          continue;
        }
        if ((cj === 0x27 || cj === 0x2019 || cj === 0x2018) && isWordCharAt(text, j + 1, table)) {
          pApostro++;
          if (cj !== 0x27) flags |= SPAN_CURLY;
          h = Math.imul(h ^ 0x27, FNV_PRIME);
          g = (Math.imul(g, 31) + 0x27) | 0;
          j++;
          continue;
        }
        if ((cj === 0x2d || cj === 0x2010 || cj === 0x2011) && isWordCharAt(text, j + 1, table)) {
          pOther++;
          if (cj !== 0x2d) flags |= SPAN_OTHER;
          h = Math.imul(h ^ cj, FNV_PRIME);
          g = (Math.imul(g, 31) + cj) | 0;
          j++;
          continue;
        }
        // decimal point ("3.5") and digit-group comma ("1,000")
        if (cj === 0x2e && isDigitAt(text, j - 1, table) && isDigitAt(text, j + 1, table)) {
          pPeriod++;
          h = Math.imul(h ^ cj, FNV_PRIME);
          g = (Math.imul(g, 31) + cj) | 0;
          j++;
          continue;
        }
        if (
          cj === 0x2c &&
          isDigitAt(text, j - 1, table) &&
          isDigitAt(text, j + 1, table) &&
          isDigitAt(text, j + 2, table) &&
          isDigitAt(text, j + 3, table) &&
          !isDigitAt(text, j + 4, table)
        ) {
          pComma++;
          h = Math.imul(h ^ cj, FNV_PRIME);
          g = (Math.imul(g, 31) + cj) | 0;
          j++;
          continue;
        }
        break;
      }
      if (flags & SPAN_OTHER) spans.push(start, j, flags, letters);
      else spans.push(start, j, flags, letters, h, g);
      if (letters >= bigMin) bigWords++;
      content = true;
      i = j;
      continue;
    }

    // keycap emoji starting with # or *
    if ((c === 0x23 || c === 0x2a) && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === 0xfe0f || d === 0x20e3) {
        const len = emojiLengthAt(text, i);
        if (len > 0) {
          emoji += 1;
          content = true;
          i += len;
          continue;
        }
      }
    }

    if (c >= 0xa9 && mayStartEmoji(c)) {
      const len = emojiLengthAt(text, i);
      if (len > 0) {
        emoji += units === 'sequence' ? 1 : emojiUnitCount(text.slice(i, i + len), units);
        content = true;
        i += len;
        continue;
      }
    }

    if (k === PUNCT) {
      const cp = size === 1 ? c : codePointAt(text, i);
      switch (punctuationKindCode(cp)) {
        case P_PERIOD:
          pPeriod++;
          break;
        case P_COMMA:
          pComma++;
          break;
        case P_QMARK:
          pQmark++;
          break;
        case P_EXCLAM:
          pExclam++;
          break;
        case P_APOSTRO:
          pApostro++;
          break;
        default:
          pOther++;
      }
      // a terminator directly followed by a letter or digit ("i.e friends") ends no sentence
      if (content && isSentenceTerminator(cp) && !isWordCharAt(text, i + size, table)) {
        sentences++;
        content = false;
      }
    }
    i += size;
  }
  if (content) sentences++;

  return {
    sentences,
    bigWords,
    emoji,
    punctuation: {
      AllPunc: pPeriod + pComma + pQmark + pExclam + pApostro + pOther,
      Period: pPeriod,
      Comma: pComma,
      QMark: pQmark,
      Exclam: pExclam,
      Apostro: pApostro,
      OtherP: pOther,
    },
  };
}

const sharedSpans = new WordSpans();

/**
 * Splits a text into LIWC-style words and counts sentences, BigWords, punctuation and emoji in one pass.
 * @example tokenize("I’m fine... really? 👍🏽").words // ["i'm", 'fine', 'really']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): TokenizedText {
  const counts = scanText(text, sharedSpans, options);
  const words = new Array<string>(sharedSpans.length);
  for (let k = 0; k < sharedSpans.length; k++) words[k] = spanWord(text, sharedSpans, k);
  return { words, ...counts };
}

/**
 * Normalises a dictionary term or a word the way the tokenizer does: lower case, curly apostrophes to '.
 * @example normalizeWord('You’ve') === "you've"
 */
export function normalizeWord(word: string): string {
  return word.replace(CURLY, "'").toLowerCase();
}
