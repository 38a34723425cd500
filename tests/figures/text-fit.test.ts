/**
 * Text widths from the bundled font's own metrics and the wrapping and shrinking built on them (the
 * widths are compared with the browser's in single-column.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fitLabels, fitText, unbreakableWords, wrapToWidth, drawnWidthPx } from '../../src/figures/text-fit';
import { charWidthEm, parseUnicodeRange, textWidthPx } from '../../src/figures/text-metrics';
import { MIN_FONT_PT, ptToPx } from '../../src/figures/theme';

describe('text metrics of the bundled font (Arimo = Arial metrics)', () => {
  it('reads the advance widths of the font files', () => {
    // Arial's advance widths in 2048 units per em: 'A' 1366, 'i' 455, space 569, digits 1139, minus sign 1196
    expect(charWidthEm('A'.codePointAt(0)!)).toBeCloseTo(1366 / 2048, 6);
    expect(charWidthEm('i'.codePointAt(0)!)).toBeCloseTo(455 / 2048, 6);
    expect(charWidthEm(0x20)).toBeCloseTo(569 / 2048, 6);
    expect(charWidthEm('7'.codePointAt(0)!)).toBeCloseTo(1139 / 2048, 6);
    expect(charWidthEm(0x2212)).toBeCloseTo(1196 / 2048, 6); // from the latin subset by its unicode-range
    expect(charWidthEm('A'.codePointAt(0)!, 700)).toBeCloseTo(1479 / 2048, 6); // bold is wider
    expect(charWidthEm(0x3b1)).toBeGreaterThan(0.3); // Greek alpha, from the greek subset
    expect(charWidthEm(0x4e00)).toBe(0.6); // not in the bundle: 0.6 em
    expect(textWidthPx('Human', 8)).toBeCloseTo(((1479 + 1139 + 1706 + 1139 + 1139) / 2048) * ptToPx(8), 6);
    expect(() => charWidthEm(65, 300)).toThrow(/no weight 300/);
  });

  it('parses CSS unicode ranges', () => {
    expect(parseUnicodeRange('U+0000-00FF, U+0131,U+02??')).toEqual([
      [0, 255],
      [0x131, 0x131],
      [0x200, 0x2ff],
    ]);
  });
});

describe('wrapping and shrinking', () => {
  it('keeps a lone minus sign with the word after it', () => {
    expect(unbreakableWords('Study 1: GPT4-high \u2212 Human')).toEqual(['Study', '1:', 'GPT4-high', '\u2212 Human']);
    expect(wrapToWidth('Study 1: GPT4-high \u2212 Human', 100, 8)).toEqual(['Study 1: GPT4-high', '\u2212 Human']);
  });

  it('puts a closing parenthesis on its own line when that takes no more lines', () => {
    const t = 'Difference in mean empathy (points, 1\u20135 scale)';
    const w = drawnWidthPx('Difference in mean empathy (points, 1\u20135', 8.5);
    expect(wrapToWidth(t, w, 8.5)).toEqual(['Difference in mean empathy', '(points, 1\u20135 scale)']);
    expect(wrapToWidth(t, 1000, 8.5)).toEqual([t]);
  });

  it('every line fits the width unless one word is wider; markup keeps its own lines', () => {
    const t = 'Difference in mean perceived emotional validation and warmth of the reply (points, 1\u20133 scale)';
    for (const w of [60, 100, 150, 250]) {
      const lines = wrapToWidth(t, w, 8.5);
      expect(lines.join(' ')).toBe(t);
      for (const l of lines) expect(drawnWidthPx(l, 8.5) <= w || !l.includes(' ')).toBe(true);
    }
    expect(wrapToWidth('a<br>b c d', 5, 8)).toEqual(['a', 'b c d']);
  });

  it('fitText wraps first, shrinks a word too wide (not below 6 pt), and says when it cannot fit', () => {
    expect(fitText('Mean rating', { maxWidthPx: 200, pt: 8.5 })).toEqual({ lines: ['Mean rating'], pt: 8.5, fits: true });
    const word = 'Supercalifragilistic';
    const w = textWidthPx(word, 7) * 1.02 + 1.5; // fits at 7 pt, not at 7.5 pt
    expect(fitText(word, { maxWidthPx: w, pt: 8.5 })).toEqual({ lines: [word], pt: 7, fits: true });
    const none = fitText(word, { maxWidthPx: 20, pt: 8.5 });
    expect(none).toEqual({ lines: [word], pt: MIN_FONT_PT, fits: false });
    // more lines than allowed at every size: the theme size in more lines
    const long = 'one two three four five six seven eight nine ten eleven twelve';
    const fitted = fitText(long, { maxWidthPx: 60, pt: 8, maxLines: 2 });
    expect(fitted.pt).toBe(8);
    expect(fitted.lines.length).toBeGreaterThan(2);
  });

  it('fitLabels uses one size for all labels', () => {
    const f = fitLabels(['short', 'Supercalifragilistic'], { maxWidthPx: textWidthPx('Supercalifragilistic', 6.5) * 1.02 + 1.5, pt: 8 });
    expect(f.pt).toBe(6.5);
    expect(f.lines).toEqual([['short'], ['Supercalifragilistic']]);
  });
});
