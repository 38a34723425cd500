import { describe, expect, it } from 'vitest';
import type { TextLayout } from '../../src/figures/export';
import { clippedTexts, overlapDepth, overlappingTexts, textProblems } from '../../src/figures/text-check';

const square = (x: number, y: number, s = 10): [number, number][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

describe('overlapDepth (separating axes)', () => {
  it('measures overlap of rectangles, closed form', () => {
    expect(overlapDepth(square(0, 0), square(7, 0))).toBeCloseTo(3, 12);
    expect(overlapDepth(square(0, 0), square(2, 6))).toBeCloseTo(4, 12);
    expect(overlapDepth(square(0, 0), square(15, 0))).toBeCloseTo(-5, 12);
  });
  it('separates slanted boxes whose axis-aligned bounding boxes overlap', () => {
    // Two 20 x 4 bars slanted at 45 degrees, side by side 8 px apart horizontally:
    // their bounding boxes overlap, the bars themselves do not.
    const bar = (dx: number): [number, number][] => {
      const c = Math.SQRT1_2;
      return [
        [dx, 0],
        [dx + 20 * c, -20 * c],
        [dx + 20 * c + 4 * c, -20 * c + 4 * c],
        [dx + 4 * c, 4 * c],
      ];
    };
    expect(overlapDepth(bar(0), bar(8))).toBeLessThan(0);
    expect(overlapDepth(bar(0), bar(2))).toBeGreaterThan(0);
  });
});

describe('text problems', () => {
  const box = (text: string, x: number, y: number, w: number, h: number) => ({
    text,
    classes: '',
    x,
    y,
    width: w,
    height: h,
    fontSize: 10,
    corners: [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ] as [number, number][],
  });
  const layout: TextLayout = {
    width: 100,
    height: 50,
    texts: [box('inside', 2, 2, 30, 10), box('edge', 80, 30, 25, 10), box('a', 40, 20, 20, 10), box('b', 55, 22, 20, 10)],
  };
  it('finds clipped and overlapping texts', () => {
    expect(clippedTexts(layout).map((t) => t.text)).toEqual(['edge']);
    expect(overlappingTexts(layout)).toEqual(["'a' and 'b' overlap by 5.0 px"]);
    expect(textProblems(layout)).toEqual(["'edge' is cut off at the figure's edge", "'a' and 'b' overlap by 5.0 px"]);
  });
});
