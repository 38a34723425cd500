/**
 * Emoji recognition with emoji-regex (Mathias Bynens, MIT; generated from the Unicode emoji data files,
 * so it knows every RGI emoji: ZWJ sequences, skin-tone modifiers, flags, keycaps, tag sequences).
 *
 * Two ways of counting a matched emoji (option `emojiUnits`):
 * - 'sequence' (default): one emoji per RGI sequence: 🤷‍♀️ (shrug + ZWJ + female sign), 👍🏽 (thumb +
 *   skin tone), 🇺🇸 (two regional indicators) and 1️⃣ (keycap) are each one emoji.
 * - 'liwc22': what LIWC-22 did in the Study 1 file: a ZWJ sequence counts as its parts. Evidence: the
 *   Llama-2 response to post 2 holds 10 emoji of which one is 🤷‍♀️; LIWC-22 reports Emoji = 5.21 with
 *   WC = 211, i.e. 11 emoji (10 would be 4.74). A skin-tone modifier stays with its base in both modes
 *   (no evidence either way in Study 1).
 * Emoji are not words (WC excludes them: the same response has WC = 211 = its words without the emoji)
 * but they are sentence content (a trailing emoji after the last full stop is one more sentence for WPS).
 */
import emojiRegex from 'emoji-regex';

/** How matched emoji sequences are counted. */
export type EmojiUnits = 'sequence' | 'liwc22';

let sticky: RegExp | undefined;
let whole: RegExp | undefined;

function stickyRegex(): RegExp {
  if (sticky === undefined) sticky = new RegExp(emojiRegex().source, 'y');
  return sticky;
}

/**
 * True when the UTF-16 code unit `c` can start an emoji that is not a keycap: ©, ®, the symbol blocks
 * U+203C..U+3299 and the high surrogates of the emoji planes. A cheap filter before the regex.
 */
export function mayStartEmoji(c: number): boolean {
  return c === 0xa9 || c === 0xae || (c >= 0x203c && c <= 0x3299) || (c >= 0xd83c && c <= 0xd83e);
}

/**
 * Length in UTF-16 code units of the emoji sequence starting exactly at `index` in `text`, or 0.
 * @example emojiLengthAt('hi 👍🏽!', 3) === 4
 */
export function emojiLengthAt(text: string, index: number): number {
  const re = stickyRegex();
  re.lastIndex = index;
  const m = re.exec(text);
  return m === null ? 0 : m[0].length;
}

/** How many emoji one matched sequence counts as under `units`. */
export function emojiUnitCount(sequence: string, units: EmojiUnits): number {
  if (units === 'sequence' || sequence.indexOf('\u200d') < 0) return 1;
  if (whole === undefined) whole = new RegExp(`^(?:${emojiRegex().source})$`);
  let n = 0;
  for (const part of sequence.split('\u200d')) if (whole.test(part)) n++;
  return Math.max(n, 1);
}

/**
 * All emoji sequences of a text, in order (each as matched, e.g. '🤷‍♀️').
 * @example findEmoji('ok 👍🏽 🇺🇸') // ['👍🏽', '🇺🇸']
 */
export function findEmoji(text: string): string[] {
  return text.match(emojiRegex()) ?? [];
}
