import { describe, expect, it } from 'vitest';
import {
  baseLayout,
  colorFor,
  COLUMN_WIDTH_MM,
  figureSize,
  formatP,
  mmToPx,
  OKABE_ITO,
  panelDomains,
  ptToPx,
  pxToMm,
  SOURCE_COLORS,
  wrapWords,
} from '../../src/figures/theme';

describe('units', () => {
  it('converts mm and pt to CSS px at 96 per inch', () => {
    expect(mmToPx(25.4)).toBeCloseTo(96, 12);
    expect(mmToPx(85)).toBeCloseTo((85 / 25.4) * 96, 12);
    expect(pxToMm(mmToPx(175))).toBeCloseTo(175, 12);
    expect(ptToPx(72)).toBe(96);
    expect(ptToPx(9)).toBe(12);
  });

  it('lays a figure out at its physical size and remembers the mm', () => {
    const layout = baseLayout(figureSize('single', 60));
    expect(layout.width).toBe(Math.round((85 / 25.4) * 96)); // 321
    expect(layout.height).toBe(Math.round((60 / 25.4) * 96)); // 227
    expect(layout.meta).toEqual({ widthMm: 85, heightMm: 60 });
    expect(figureSize('double', 80).widthMm).toBe(COLUMN_WIDTH_MM.double);
    expect(() => figureSize(0, 50)).toThrow(/positive/);
  });
});

describe('palette', () => {
  const okabeIto = new Set<string>(Object.values(OKABE_ITO));
  it('gives every known source a fixed, distinct Okabe-Ito colour', () => {
    const colors = Object.values(SOURCE_COLORS);
    expect(new Set(colors).size).toBe(colors.length);
    for (const c of colors) expect(okabeIto.has(c)).toBe(true);
    expect(colorFor('GPT4-high', 5)).toBe(SOURCE_COLORS.gpt4_high);
    expect(colorFor('Llama2', 0)).toBe(OKABE_ITO.orange);
  });
  it('cycles Okabe-Ito colours for unknown series', () => {
    expect(okabeIto.has(colorFor('model-x', 3))).toBe(true);
    expect(colorFor('a', 0)).not.toBe(colorFor('b', 1));
  });
});

describe('text helpers', () => {
  it('formats p-values APA style', () => {
    expect(formatP(0.0004)).toBe('p < .001');
    expect(formatP(0.004)).toBe('p = .004');
    expect(formatP(0.13)).toBe('p = .13');
    expect(formatP(1)).toBe('p = 1.00');
    expect(() => formatP(1.5)).toThrow(/\[0, 1\]/);
  });
  it('wraps words into lines', () => {
    expect(wrapWords('Emotion words', 8)).toEqual(['Emotion', 'words']);
    expect(wrapWords('Emotion words', 20)).toEqual(['Emotion words']);
  });
});

describe('panelDomains', () => {
  it('splits [0, 1] in proportion to the weights with gaps', () => {
    const d = panelDomains([6, 3], 0.1);
    expect(d[0][0]).toBe(0);
    expect(d[1][1]).toBe(1);
    expect(d[1][0] - d[0][1]).toBeCloseTo(0.1, 12);
    expect((d[0][1] - d[0][0]) / (d[1][1] - d[1][0])).toBeCloseTo(2, 12);
  });
});
