/**
 * LIWC-22's punctuation columns. Every punctuation character (Unicode \p{P}) counts once into AllPunc and
 * once into exactly one of Period, Comma, QMark, Exclam, Apostro or OtherP, wherever it stands (inside a
 * word such as "don't" or "no-shows" too).
 *
 * Evidence (Study 1, 72 texts with their text in LIWC-22's output file): with this rule all seven columns
 * are reproduced exactly on every text, including the curly apostrophe ’ (Apostro), hyphens and colons
 * (OtherP), the periods inside "i.e." (Period), and straight and curly double quotes and brackets (OtherP).
 * The emoji parts ♀ (a symbol), U+200D and U+FE0F (format/mark) are not punctuation and are not counted.
 */

/** Counts of punctuation characters, in LIWC-22's column names. */
export interface PunctuationCounts {
  /** All punctuation characters. */
  AllPunc: number;
  /** "." */
  Period: number;
  /** "," */
  Comma: number;
  /** "?" */
  QMark: number;
  /** "!" */
  Exclam: number;
  /** Apostrophes: ' and the curly ’ ‘ (normalised to '). */
  Apostro: number;
  /** Every other punctuation character: - – — : ; " “ ” ( ) [ ] / … % & # @ * _ and so on. */
  OtherP: number;
}

/** LIWC-22's punctuation column names, in LIWC-22's output order. */
export const PUNCTUATION_COLUMNS = ['AllPunc', 'Period', 'Comma', 'QMark', 'Exclam', 'Apostro', 'OtherP'] as const;

/** Which punctuation column a character counts in (besides AllPunc). */
export type PunctuationKind = 'Period' | 'Comma' | 'QMark' | 'Exclam' | 'Apostro' | 'OtherP';

/** Code of a punctuation kind, used by the tokenizer's hot loop. */
export const P_PERIOD = 0;
export const P_COMMA = 1;
export const P_QMARK = 2;
export const P_EXCLAM = 3;
export const P_APOSTRO = 4;
export const P_OTHER = 5;

/** The kind code of a punctuation code point (call only for \p{P} characters). */
export function punctuationKindCode(cp: number): number {
  switch (cp) {
    case 0x2e:
      return P_PERIOD;
    case 0x2c:
      return P_COMMA;
    case 0x3f:
      return P_QMARK;
    case 0x21:
      return P_EXCLAM;
    case 0x27:
    case 0x2018:
    case 0x2019:
      return P_APOSTRO;
    default:
      return P_OTHER;
  }
}

/** The column a punctuation character counts in. @example punctuationKind("’") === 'Apostro' */
export function punctuationKind(ch: string): PunctuationKind {
  const names: PunctuationKind[] = ['Period', 'Comma', 'QMark', 'Exclam', 'Apostro', 'OtherP'];
  return names[punctuationKindCode(ch.codePointAt(0) ?? 0)]!;
}

/**
 * True for characters that end a sentence: . ! ? and their relatives (… ‼ ⁇ ⁈ ⁉ ‽ and the full-width
 * and ideographic forms). A period inside a word ("3.5", "i.e") or right after a single-letter
 * abbreviation ("i.e.") does not end a sentence; the tokenizer decides that.
 */
export function isSentenceTerminator(cp: number): boolean {
  switch (cp) {
    case 0x2e:
    case 0x21:
    case 0x3f:
    case 0x2026:
    case 0x203c:
    case 0x203d:
    case 0x2047:
    case 0x2048:
    case 0x2049:
    case 0x3002:
    case 0xff01:
    case 0xff0e:
    case 0xff1f:
    case 0xff61:
      return true;
    default:
      return false;
  }
}

/** Zero counts. */
export function emptyPunctuation(): PunctuationCounts {
  return { AllPunc: 0, Period: 0, Comma: 0, QMark: 0, Exclam: 0, Apostro: 0, OtherP: 0 };
}
