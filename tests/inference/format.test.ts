/**
 * Number formatting against R's format() (R 4.2.2: `format(x, digits = 3)` for the vectors below) and the
 * layout of printed tables against emmeans' print (emmeans 1.8.4 on tests/reference/datasets/crossed4.csv:
 *   m <- lmer(y ~ cond + (1|subj) + (1|item), d); e <- emmeans(m, "cond", lmer.df = "kenward-roger")
 *   print(e); print(contrast(e, "pairwise")); print(summary(contrast(e, "pairwise", adjust = "holm"), infer = c(TRUE, TRUE)))
 *   print(contrast(e, "trt.vs.ctrl")) ).
 * R prints a space at the end of each footnote line; our text has none.
 */
import { describe, expect, it } from 'vitest';
import { emmeans } from '../../src/inference';
import { formatColumn, formatPValue, formatTRatio, optDigits } from '../../src/format/index';
import { fitForReference, readJson } from './helpers';

describe('formatColumn (R format with digits)', () => {
  const cases: [number[], string[]][] = [
    [[0.2298, 0.23, 0.2328, 0.2301], ['0.230', '0.230', '0.233', '0.230']],
    [[280.52, 280.83, 280.8], ['281', '281', '281']],
    [[-0.2394, -0.3234, 0.3826, -0.0839, 0.6221, 0.706], ['-0.2394', '-0.3234', '0.3826', '-0.0839', '0.6221', '0.7060']],
    [[42.02, 42.18, 44.19], ['42.0', '42.2', '44.2']],
    [[1e-10, 1], ['1e-10', '1e+00']],
    [[123456789, 1], ['1.23e+08', '1.00e+00']],
    [[0.00012345, 0.5], ['0.000123', '0.500000']],
    [[7235, 7234.99], ['7235', '7235']],
  ];
  for (const [x, expected] of cases) it(`format(c(${x.join(', ')}), digits = 3)`, () => expect(formatColumn(x, 3)).toEqual(expected));
  it('t ratios and p values as emmeans', () => {
    expect(formatTRatio(-1.71049656606381)).toBe('-1.710');
    expect(formatPValue(0.0000835)).toBe('0.0001');
    expect(formatPValue(1.08e-5)).toBe('<.0001');
    expect(optDigits(3.47, 0.2298)).toBe(3);
  });
});

describe('printed like emmeans', () => {
  const ref = readJson('tests', 'reference', 'emmeans', 'crossed4_kr.json');
  const emm = () => emmeans(fitForReference(ref), 'cond', { df: 'kenward-roger' });

  it('marginal means', () => {
    expect(emm().toString()).toBe(
      [
        ' cond emmean    SE   df lower.CL upper.CL',
        ' c1     3.47 0.230 42.0     3.01     3.93',
        ' c2     3.71 0.230 42.2     3.25     4.17',
        ' c3     3.79 0.233 44.2     3.33     4.26',
        ' c4     3.09 0.230 42.2     2.62     3.55',
        '',
        'Degrees-of-freedom method: kenward-roger',
        'Confidence level used: 0.95',
      ].join('\n'),
    );
  });

  it('pairwise contrasts (tests only, tukey)', () => {
    expect(emm().pairs().toString()).toBe(
      [
        ' contrast estimate    SE  df t.ratio p.value',
        ' c1 - c2   -0.2394 0.140 281  -1.710  0.3201',
        ' c1 - c3   -0.3234 0.145 281  -2.236  0.1160',
        ' c1 - c4    0.3826 0.140 281   2.727  0.0341',
        ' c2 - c3   -0.0839 0.145 281  -0.579  0.9383',
        ' c2 - c4    0.6221 0.141 281   4.418  0.0001',
        ' c3 - c4    0.7060 0.145 281   4.875  <.0001',
        '',
        'Degrees-of-freedom method: kenward-roger',
        'P value adjustment: tukey method for comparing a family of 4 estimates',
      ].join('\n'),
    );
  });

  it('holm-adjusted contrasts with intervals', () => {
    expect(emm().pairs({ adjust: 'holm' }).toString({ intervals: true })).toBe(
      [
        ' contrast estimate    SE  df lower.CL upper.CL t.ratio p.value',
        ' c1 - c2   -0.2394 0.140 281 -0.61140   0.1325  -1.710  0.1766',
        ' c1 - c3   -0.3234 0.145 281 -0.70759   0.0608  -2.236  0.0783',
        ' c1 - c4    0.3826 0.140 281  0.00986   0.7554   2.727  0.0271',
        ' c2 - c3   -0.0839 0.145 281 -0.46896   0.3011  -0.579  0.5629',
        ' c2 - c4    0.6221 0.141 281  0.24797   0.9962   4.418  0.0001',
        ' c3 - c4    0.7060 0.145 281  0.32118   1.0908   4.875  <.0001',
        '',
        'Degrees-of-freedom method: kenward-roger',
        'Confidence level used: 0.95',
        'Conf-level adjustment: bonferroni method for 6 estimates',
        'P value adjustment: holm method for 6 tests',
      ].join('\n'),
    );
  });

  it('treatment vs control (dunnettx)', () => {
    expect(emm().contrast('trt.vs.ctrl').toString()).toBe(
      [
        ' contrast estimate    SE  df t.ratio p.value',
        ' c2 - c1     0.239 0.140 281   1.710  0.2161',
        ' c3 - c1     0.323 0.145 281   2.236  0.0700',
        ' c4 - c1    -0.383 0.140 281  -2.727  0.0191',
        '',
        'Degrees-of-freedom method: kenward-roger',
        'P value adjustment: dunnettx method for 3 tests',
      ].join('\n'),
    );
  });

  it('HTML carries the same cells and footnotes', () => {
    const html = emm().pairs().toHTML();
    expect(html).toContain('<th style="text-align:left">contrast</th>');
    expect(html).toContain('>c3 - c4<');
    expect(html).toContain('&lt;.0001');
    expect(html).toContain('P value adjustment: tukey method for comparing a family of 4 estimates');
  });
});
